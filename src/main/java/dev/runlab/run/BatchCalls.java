package dev.runlab.run;

import dev.runlab.model.BatchApiException;
import dev.runlab.model.Sleeper;

/**
 * Calls to a provider's batch API that are safe to repeat (upload, poll, list, cancel, download),
 * tried again after a transport failure ({@code server_error}, {@code overloaded}, {@code timeout},
 * {@code network}, {@code protocol}, {@code rate_limited}) with backoff, honouring the server's
 * hint; any other failure, or the last one, is thrown. Creating a batch is never repeated through
 * here: a create whose reply was lost may have made the batch, so the run looks for it first. Used
 * by the run's coordinator thread only.
 */
final class BatchCalls {
  /** One call. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws InterruptedException;
  }

  private final Backoff backoff;
  private final Sleeper sleeper;
  private final int tries;

  BatchCalls(Backoff backoff, Sleeper sleeper, int tries) {
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.tries = tries;
  }

  <T> T call(Call<T> call) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.run();
      } catch (BatchApiException e) {
        if (!e.category().retryable() || attempt >= tries) {
          throw e;
        }
        sleeper.sleep(backoff.delay(attempt, e.retryAfter()));
      }
    }
  }
}
