package dev.runlab.run;

import dev.runlab.model.BatchState;
import dev.runlab.store.ProviderBatches;

/** The stored form of what a provider says of a batch. */
final class BatchStates {
  private BatchStates() {}

  static ProviderBatches.ProviderState stored(BatchState s) {
    return new ProviderBatches.ProviderState(
        s.batchId(),
        s.status(),
        s.succeeded(),
        s.errored(),
        s.expired(),
        s.cancelled(),
        s.outputFileId(),
        s.errorFileId(),
        s.resultsUrl(),
        s.createdAt(),
        s.expiresAt(),
        s.phase().terminal() ? s.endedAt() : null);
  }
}
