package dev.runlab.run;

import dev.runlab.experiment.Status;
import dev.runlab.store.ExperimentRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The progress of one experiment at one moment, and its one-line form (README, Monitoring):
 *
 * <pre>[PROGRESS] 5000/41892 (11.9%) | Rate: 0.45/sec | ETA: 2025-10-29 14:23:15 | Elapsed: 3h 5m
 * </pre>
 *
 * <p>Right after a start or resume the rate is not measurable yet: the line says {@code Rate:
 * measuring… | ETA: measuring…} rather than a rate of 0 beside results already done.
 *
 * @param ratePerSecond recent throughput (a moving window), NaN while it cannot be measured yet
 * @param eta estimated completion, or null when not known
 * @param elapsed time spent running, summed over all resumes
 */
public record ProgressSnapshot(
    long experimentId,
    Status status,
    long completed,
    long total,
    long errors,
    double ratePerSecond,
    Instant eta,
    Duration elapsed) {

  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  /** The stored progress of an experiment, as {@code runlab status} shows it. */
  public static ProgressSnapshot of(ExperimentRecord e) {
    return new ProgressSnapshot(
        e.id(),
        e.status(),
        e.completed(),
        e.total(),
        e.errors(),
        e.recentRate() == null ? Double.NaN : e.recentRate(),
        e.estimatedCompletion(),
        Duration.ofMillis((long) (e.activeSeconds() * 1000)));
  }

  public double percent() {
    return total == 0 ? 100.0 : 100.0 * completed / total;
  }

  /** The recent rate, or null while it cannot be measured (as the database keeps it). */
  public Double measuredRate() {
    return Double.isNaN(ratePerSecond) ? null : ratePerSecond;
  }

  /** The contract line, with the ETA as a local date-time in {@code zone}. */
  public String line(ZoneId zone) {
    boolean measuring = Double.isNaN(ratePerSecond) && completed < total;
    String rate =
        !Double.isNaN(ratePerSecond)
            ? String.format(Locale.ROOT, "%.2f/sec", ratePerSecond)
            : status.isActive() ? "measuring…" : "-";
    String when =
        eta != null
            ? LOCAL.format(eta.atZone(zone))
            : measuring && status.isActive() ? "measuring…" : "unknown";
    return String.format(
        Locale.ROOT,
        "[PROGRESS] %d/%d (%.1f%%) | Rate: %s | ETA: %s | Elapsed: %s",
        completed,
        total,
        percent(),
        rate,
        when,
        formatDuration(elapsed));
  }

  /** The progress line with the ETA in this machine's time zone: how the lab shows a snapshot. */
  @Override
  public String toString() {
    return line(ZoneId.systemDefault());
  }

  /** "45s", "12m 5s", "3h 5m". */
  public static String formatDuration(Duration d) {
    long seconds = Math.max(0, d.getSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return (seconds / 60) + "m " + (seconds % 60) + "s";
    }
    return (seconds / 3600) + "h " + (seconds % 3600 / 60) + "m";
  }
}
