package dev.runlab.run;

import dev.runlab.model.ModelReply;

/**
 * Decides when the next request may go out, to stay within a provider's rate limits, and learns
 * from each reply. Implementations are thread-safe: every worker calls them.
 */
interface Pacer {
  /** A pacer that never waits: for the simulated model and servers without limits. */
  Pacer NONE =
      new Pacer() {
        @Override
        public void awaitTurn(int estimatedTokens) {}

        @Override
        public void onReply(ModelReply reply) {}
      };

  /** Waits until a request of about {@code estimatedTokens} tokens may be sent. */
  void awaitTurn(int estimatedTokens) throws InterruptedException;

  /** Feedback from one reply (e.g. a 429 slows the run down). */
  void onReply(ModelReply reply);
}
