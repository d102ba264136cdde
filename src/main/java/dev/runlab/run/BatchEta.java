package dev.runlab.run;

import dev.runlab.store.ProviderBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When a batch-mode run should end, from its batches: the completion times observed for its ended
 * batches (their median) or, before any has ended, a batch's own progress (its finished share of
 * requests so far), and never past a batch's expiry (the provider's 24-hour window). Stateless.
 */
final class BatchEta {
  /** A batch with nothing else to go by ends when its window closes. */
  static final Duration WINDOW = Duration.ofHours(24);

  private BatchEta() {}

  /**
   * The estimated end of the open batches of {@code all}, null when none is open; {@code
   * morePending} adds one more batch (narratives still to be submitted, retries among them).
   */
  static Instant estimate(List<ProviderBatch> all, Instant now, boolean morePending) {
    Duration typical = typicalDuration(all);
    Instant eta = null;
    for (ProviderBatch b : all) {
      if (b.stage().terminal()) {
        continue;
      }
      Instant end = end(b, typical, now);
      eta = eta == null || end.isAfter(eta) ? end : eta;
    }
    if (morePending) {
      Instant next = (eta == null ? now : eta).plus(typical == null ? WINDOW : typical);
      eta = eta == null || next.isAfter(eta) ? next : eta;
    }
    return eta;
  }

  private static Instant end(ProviderBatch b, Duration typical, Instant now) {
    Instant created = b.createdAt() == null ? now : b.createdAt();
    Instant expires = b.expiresAt() == null ? created.plus(WINDOW) : b.expiresAt();
    int finished = b.succeeded() + b.errored() + b.expired() + b.cancelled();
    Instant end;
    if (typical != null) {
      end = created.plus(typical);
    } else if (finished > 0 && finished < b.requests() && now.isAfter(created)) {
      long elapsedMs = Duration.between(created, now).toMillis();
      end = created.plusMillis(elapsedMs * b.requests() / finished);
    } else {
      end = expires;
    }
    if (end.isAfter(expires)) {
      end = expires;
    }
    return end.isBefore(now) ? now : end;
  }

  /** The median time from creation to end of the batches that ended, or null. */
  static Duration typicalDuration(List<ProviderBatch> all) {
    List<Duration> observed = new ArrayList<>();
    for (ProviderBatch b : all) {
      if (b.stage() == ProviderBatch.Stage.INGESTED
          && b.createdAt() != null
          && b.completedAt() != null) {
        observed.add(Duration.between(b.createdAt(), b.completedAt()));
      }
    }
    if (observed.isEmpty()) {
      return null;
    }
    observed.sort(null);
    return observed.get(observed.size() / 2);
  }
}
