package dev.runlab.pacing;

import dev.runlab.model.ModelReply;
import dev.runlab.model.Sleeper;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * Decides when the next request of a run may go out, so that the run meets its provider's limits
 * (configured, announced by the server, or learned from 429s: the lowest wins), and learns from
 * each reply. Implementations are thread-safe: every worker of a run calls them.
 */
public interface Pacer {
  /** A pacer that never waits: for the simulated model without configured limits. */
  Pacer NONE =
      new Pacer() {
        @Override
        public boolean awaitTurn(int promptTokens, BooleanSupplier cancelled) {
          return !cancelled.getAsBoolean();
        }

        @Override
        public void onReply(int promptTokens, ModelReply reply) {}

        @Override
        public PacingState state() {
          return PacingState.NONE;
        }
      };

  /**
   * Spends only a {@code 1 / workers} share of the configured limits: the live workers of a shared
   * run split them (limits the server announces or that 429s teach are per API key and stay whole).
   */
  default void shareConfiguredLimits(int workers) {}

  /**
   * The pacer of a run.
   *
   * @param observer told what the pacing does (at most every 500 ms, and at once on a 429), and of
   *     each header the server sent that could not be trusted (once per header)
   */
  static Pacer create(PacerSettings settings, Clock clock, Sleeper sleeper, Observer observer) {
    return new ProviderPacer(settings, clock, sleeper, observer);
  }

  /**
   * Waits until a request whose prompt (system and user) is about {@code promptTokens} tokens by
   * runlab's own count (characters / 4) may be sent; false when {@code cancelled} turns true first
   * (re-checked at least every 100 ms).
   */
  boolean awaitTurn(int promptTokens, BooleanSupplier cancelled) throws InterruptedException;

  /** Feedback from the reply to a request of {@code promptTokens} (runlab's count). */
  void onReply(int promptTokens, ModelReply reply);

  /** What the pacing does now, for {@code runlab status} and the lab's status line. */
  PacingState state();

  /** Receives what a pacer does. Called from worker threads; must not block. */
  interface Observer {
    Observer NONE = new Observer() {};

    /** The pacing state after it changed. */
    default void pacing(PacingState state) {}

    /** A header the server sent was malformed or absurd and is ignored (told once per header). */
    default void untrusted(String problem) {}
  }
}
