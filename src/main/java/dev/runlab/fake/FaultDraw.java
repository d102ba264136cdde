package dev.runlab.fake;

import java.util.SplittableRandom;

/**
 * Draws what goes wrong with a request at the configured rates, from the seed, so that a run
 * against the stand-in server can be repeated. Thread-safe.
 */
final class FaultDraw {
  private final FakeLlmOptions options;
  private final SplittableRandom random;

  FaultDraw(FakeLlmOptions options) {
    this.options = options;
    this.random = new SplittableRandom(options.seed());
  }

  private synchronized double next() {
    return random.nextDouble();
  }

  /** Whether this request gets a sporadic 429 (before any limit is looked at). */
  boolean sporadic429() {
    return options.sporadic429Rate() > 0 && next() < options.sporadic429Rate();
  }

  /**
   * The fault of an admitted request: {@code server_error}, {@code overloaded}, {@code timeout},
   * {@code malformed}, {@code non_json}, or {@code ok}.
   */
  String draw() {
    double u = next();
    double edge = options.serverErrorRate();
    if (u < edge) {
      return "server_error";
    }
    if (u < (edge += options.overloadedRate())) {
      return "overloaded";
    }
    if (u < (edge += options.timeoutRate())) {
      return "timeout";
    }
    if (u < (edge += options.malformedRate())) {
      return "malformed";
    }
    if (u < edge + options.nonJsonRate()) {
      return "non_json";
    }
    return "ok";
  }
}
