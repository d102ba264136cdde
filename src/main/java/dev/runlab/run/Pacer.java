package dev.runlab.run;

import dev.runlab.model.ModelReply;
import java.util.function.BooleanSupplier;

/**
 * Decides when the next request may go out, to stay within a provider's rate limits, and learns
 * from each reply. Implementations are thread-safe: every worker calls them.
 */
interface Pacer {
  /** A pacer that never waits: for the simulated model and servers without limits. */
  Pacer NONE =
      new Pacer() {
        @Override
        public boolean awaitTurn(int estimatedTokens, BooleanSupplier cancelled) {
          return !cancelled.getAsBoolean();
        }

        @Override
        public void onReply(ModelReply reply) {}
      };

  /**
   * Waits until a request of about {@code estimatedTokens} tokens may be sent; false when {@code
   * cancelled} turns true first (implementations re-check it at least every 100 ms).
   */
  boolean awaitTurn(int estimatedTokens, BooleanSupplier cancelled) throws InterruptedException;

  /** Feedback from one reply (e.g. a 429 slows the run down). */
  void onReply(ModelReply reply);
}
