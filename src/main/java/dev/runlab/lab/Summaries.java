package dev.runlab.lab;

import dev.runlab.Plural;
import dev.runlab.experiment.ConfigJson;
import dev.runlab.experiment.ExperimentConfig;
import dev.runlab.experiment.ModelConfig;
import dev.runlab.pacing.PacingState;
import dev.runlab.run.ProgressSnapshot;
import dev.runlab.store.ExperimentRecord;
import dev.runlab.store.ProviderBatch;
import dev.runlab.store.Results;
import dev.runlab.store.Workers;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The text people read about an experiment: its summary block and one-line status. */
public final class Summaries {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private Summaries() {}

  /**
   * A few lines: name and status, model, data, progress line, result counts, times, message, and
   * the provider batches of a batch-mode run, the workers of a shared store. A {@code crashed}
   * experiment (stored as running, but no live process holds its lock) says so instead of
   * "running".
   */
  public static String summary(
      ExperimentRecord e,
      Results.Counts counts,
      List<ProviderBatch> batches,
      List<Workers.Worker> workers,
      ZoneId zone,
      boolean crashed) {
    StringBuilder out = new StringBuilder();
    out.append("experiment ").append(e.id()).append(" \"").append(e.name()).append("\" — ");
    if (crashed) {
      out.append("crashed: stored as running, but no live process holds its lock; continue with")
          .append(" `runlab resume ")
          .append(e.id())
          .append('`');
    } else {
      out.append(e.status());
    }
    out.append('\n');
    row(out, "model", e.model() + ", provider " + e.provider());
    row(out, "data", e.dataPath() + " (sha256 " + e.dataChecksum().substring(0, 12) + "…)");
    row(out, "progress", ProgressSnapshot.of(e).line(zone));
    row(
        out,
        "results",
        counts.ok()
            + " ok, "
            + Plural.of(counts.errors(), "error")
            + ", "
            + counts.pending()
            + " waiting for a retry, "
            + (e.total() - counts.completed() - counts.pending())
            + " not started");
    if (!workers.isEmpty()) {
      row(out, "workers", workers(workers));
    }
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
    String pacing = pacing(e, zone);
    if (pacing != null) {
      row(out, "pacing", pacing);
    }
    List<String> batchLines = BatchSummary.lines(batches, zone);
    for (int i = 0; i < batchLines.size(); i++) {
      row(out, i == 0 ? "batches" : "", batchLines.get(i));
    }
    String cost = cost(e, BatchSummary.tokens(batches));
    if (cost != null) {
      row(out, "cost", cost);
    }
    if (e.statusMessage() != null) {
      row(out, "message", e.statusMessage());
    }
    return out.toString().stripTrailing();
  }

  /**
   * The workers of a shared store, live ones first, then those that stopped, then those gone
   * without stopping (killed, failed): "2 live: 1234@host (412 done), ...; 1 gone: 1250@host (97
   * done)".
   */
  static String workers(List<Workers.Worker> workers) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (String group : List.of("live", "stopped", "gone")) {
      groups.put(group, new ArrayList<>());
    }
    for (Workers.Worker w : workers) {
      String group = w.live() ? "live" : "stopped".equals(w.status()) ? "stopped" : "gone";
      groups.get(group).add(w.pid() + "@" + w.host() + " (" + w.completed() + " done)");
    }
    List<String> parts = new ArrayList<>();
    groups.forEach(
        (group, names) -> {
          if (!names.isEmpty()) {
            parts.add(names.size() + " " + group + ": " + String.join(", ", names));
          }
        });
    return String.join("; ", parts);
  }

  /**
   * The experiments table as people read it: {@code pct} with a % sign, and {@code crashed} in the
   * status column of the rows whose experiment {@code isCrashed}.
   */
  static Table forPeople(Table experiments, java.util.function.LongPredicate isCrashed) {
    Tables.percent(experiments, "pct");
    if (!experiments.columnNames().contains("status")
        || !experiments.columnNames().contains("id")) {
      return experiments;
    }
    tech.tablesaw.columns.Column<?> ids = experiments.column("id");
    StringColumn status = experiments.stringColumn("status");
    for (int r = 0; r < experiments.rowCount(); r++) {
      if ("running".equals(status.get(r)) && isCrashed.test(Long.parseLong(ids.getString(r)))) {
        status.set(r, "crashed");
      }
    }
    return experiments;
  }

  /**
   * What the pacing of an API run is doing, from what the run stored with its last commit: the rate
   * now, each limit in force and where it came from (configured, announced, learned), the 429s of
   * the last minute, and whether it is backing off and until when. Null when the run stored
   * nothing.
   */
  static String pacing(ExperimentRecord e, ZoneId zone) {
    PacingState state = PacingState.fromJson(e.pacingJson());
    if (state == null) {
      return null;
    }
    String s = state.describe();
    if (e.status() == dev.runlab.experiment.Status.RUNNING && e.backoffUntil() != null) {
      s += "; backing off until " + time(e.backoffUntil(), zone);
    }
    return s;
  }

  /**
   * Cost so far and to finish from {@code model.price_per_million}, the tokens of provider batches
   * ({@code batchTokens}: prompt, completion) at the batch price ({@code model.batch_discount}
   * off); null without a price.
   */
  static String cost(ExperimentRecord e, long[] batchTokens) {
    ExperimentConfig config;
    try {
      config = ConfigJson.fromJson(e.configJson());
    } catch (RuntimeException ex) {
      return null;
    }
    ModelConfig.Price price = config.model().pricePerMillion();
    if (price == null) {
      return null;
    }
    double batchShare = 1 - config.model().batchDiscount();
    double online =
        (e.promptTokens() - batchTokens[0]) / 1e6 * price.input()
            + (e.completionTokens() - batchTokens[1]) / 1e6 * price.output();
    double batch =
        batchShare * (batchTokens[0] / 1e6 * price.input() + batchTokens[1] / 1e6 * price.output());
    double soFar = online + batch;
    String text = String.format(Locale.ROOT, "%.4f so far", soFar);
    if (e.completed() > 0 && e.remaining() > 0 && e.promptTokens() + e.completionTokens() > 0) {
      double fullPrice =
          e.promptTokens() / 1e6 * price.input() + e.completionTokens() / 1e6 * price.output();
      double share = config.run().batchMode() ? batchShare : 1;
      double toFinish = fullPrice * share / e.completed() * e.remaining();
      text += String.format(Locale.ROOT, ", about %.4f to finish", toFinish);
    }
    String discount =
        batchTokens[0] + batchTokens[1] > 0 || config.run().batchMode()
            ? String.format(Locale.ROOT, "; batches at %s%% of it", trim(100 * batchShare))
            : "";
    return text
        + String.format(
            Locale.ROOT,
            " (at %s in / %s out per million tokens%s)",
            trim(price.input()),
            trim(price.output()),
            discount);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static void row(StringBuilder out, String key, String value) {
    out.append(String.format(Locale.ROOT, "  %-9s %s%n", key, value));
  }

  static String time(Instant instant, ZoneId zone) {
    return instant == null ? "-" : LOCAL.format(instant.atZone(zone));
  }
}
