package dev.runlab.run;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Retry delays: exponential backoff with full jitter (a uniform draw between zero and {@code base *
 * 2^(n-1)}, capped), never shorter than what the server asked for. Thread-safe when its random
 * generator is.
 */
final class Backoff {
  private final long baseMs;
  private final long maxMs;
  private final RandomGenerator random;

  Backoff(long baseMs, long maxMs, RandomGenerator random) {
    this.baseMs = baseMs;
    this.maxMs = maxMs;
    this.random = random;
  }

  /**
   * The wait before retry number {@code failures} (1 for the first retry) of an item.
   *
   * @param serverHint the server's {@code retry-after} (or reset header), or null
   */
  Duration delay(int failures, Duration serverHint) {
    int exponent = Math.min(Math.max(failures, 1) - 1, 30);
    long ceiling = Math.min(maxMs, baseMs << exponent);
    if (ceiling < 0) {
      ceiling = maxMs;
    }
    long jittered = ceiling <= 0 ? 0 : (long) (random.nextDouble() * ceiling);
    Duration delay = Duration.ofMillis(jittered);
    if (serverHint != null && serverHint.compareTo(delay) > 0) {
      return serverHint;
    }
    return delay;
  }
}
