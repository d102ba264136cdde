package dev.runlab.lab;

import dev.runlab.store.ProviderBatch;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * What a summary says about an experiment's provider batches: how many, which are open (id, the
 * provider's status, counts, expiry), and the tokens they used (billed at the batch price).
 */
final class BatchSummary {
  private static final int SHOWN = 10;

  private BatchSummary() {}

  /** The lines of the {@code batches} row; empty when the experiment has no batches. */
  static List<String> lines(List<ProviderBatch> batches, ZoneId zone) {
    if (batches.isEmpty()) {
      return List.of();
    }
    List<ProviderBatch> open = batches.stream().filter(b -> !b.stage().terminal()).toList();
    long ingested = batches.stream().filter(b -> b.stage() == ProviderBatch.Stage.INGESTED).count();
    long failed = batches.stream().filter(b -> b.stage() == ProviderBatch.Stage.FAILED).count();
    String head =
        batches.size()
            + " submitted to "
            + batches.get(0).provider()
            + ": "
            + open.size()
            + " open"
            + (open.isEmpty()
                ? ""
                : " (holding "
                    + open.stream().mapToInt(ProviderBatch::requests).sum()
                    + " narratives)")
            + ", "
            + ingested
            + " read"
            + (failed == 0 ? "" : ", " + failed + " rejected");
    java.util.ArrayList<String> lines = new java.util.ArrayList<>();
    lines.add(head);
    for (ProviderBatch b : open.subList(0, Math.min(SHOWN, open.size()))) {
      lines.add(line(b, zone));
    }
    if (open.size() > SHOWN) {
      lines.add("and " + (open.size() - SHOWN) + " more open");
    }
    return List.copyOf(lines);
  }

  private static String line(ProviderBatch b, ZoneId zone) {
    if (b.batchId() == null) {
      return String.format(
          Locale.ROOT,
          "(submission %s)  %s  %d requests, not yet created",
          b.submissionId(),
          b.stage().dbValue(),
          b.requests());
    }
    int done = b.succeeded() + b.errored() + b.expired() + b.cancelled();
    return String.format(
        Locale.ROOT,
        "%s  %s  %d of %d done (%d errored)%s; expires %s",
        b.batchId(),
        b.status(),
        done,
        b.requests(),
        b.errored(),
        b.cancelRequestedAt() == null ? "" : ", cancel requested",
        Summaries.time(b.expiresAt(), zone));
  }

  /** Prompt and completion tokens of the batches read so far. */
  static long[] tokens(List<ProviderBatch> batches) {
    long[] t = new long[2];
    for (ProviderBatch b : batches) {
      t[0] += b.promptTokens();
      t[1] += b.completionTokens();
    }
    return t;
  }
}
