package dev.runlab.lab;

import dev.runlab.run.ProgressSnapshot;
import dev.runlab.store.ExperimentRecord;
import dev.runlab.store.Results;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The text people read about an experiment: its summary block and one-line status. */
public final class Summaries {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private Summaries() {}

  /** A few lines: name and status, model, data, progress line, result counts, times, message. */
  public static String summary(ExperimentRecord e, Results.Counts counts, ZoneId zone) {
    StringBuilder out = new StringBuilder();
    out.append("experiment ")
        .append(e.id())
        .append(" \"")
        .append(e.name())
        .append("\" — ")
        .append(e.status())
        .append('\n');
    row(out, "model", e.model() + ", provider " + e.provider());
    row(out, "data", e.dataPath() + " (sha256 " + e.dataChecksum().substring(0, 12) + "…)");
    row(out, "progress", ProgressSnapshot.of(e).line(zone));
    row(
        out,
        "results",
        counts.ok()
            + " ok, "
            + counts.errors()
            + " errors, "
            + counts.pending()
            + " waiting for a retry, "
            + (e.total() - counts.completed() - counts.pending())
            + " not started");
    row(
        out,
        "started",
        time(e.startedAt(), zone)
            + (e.completedAt() == null ? "" : "; completed " + time(e.completedAt(), zone))
            + (e.lastProgressUpdate() == null
                ? ""
                : "; last progress " + time(e.lastProgressUpdate(), zone)));
    if (e.requests() > 0) {
      row(
          out,
          "requests",
          e.requests()
              + " sent, "
              + e.rateLimited()
              + " rate-limited; tokens "
              + e.promptTokens()
              + " in, "
              + e.completionTokens()
              + " out");
    }
    if (e.statusMessage() != null) {
      row(out, "message", e.statusMessage());
    }
    return out.toString().stripTrailing();
  }

  private static void row(StringBuilder out, String key, String value) {
    out.append(String.format(Locale.ROOT, "  %-9s %s%n", key, value));
  }

  static String time(Instant instant, ZoneId zone) {
    return instant == null ? "-" : LOCAL.format(instant.atZone(zone));
  }
}
