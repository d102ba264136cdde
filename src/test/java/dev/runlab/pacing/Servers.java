package dev.runlab.pacing;

import dev.runlab.model.AnnouncedLimits;
import dev.runlab.model.AnnouncedLimits.Announced;
import dev.runlab.model.AnnouncedLimits.Dimension;
import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelReply;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/** Simulated servers for {@link Traffic}: what real providers do, one behaviour at a time. */
final class Servers {
  static final Duration LATENCY = Duration.ofMillis(100);
  static final Duration INSTANT = Duration.ofMillis(5);

  private Servers() {}

  static ModelReply ok() {
    return ModelReply.answer("{\"label\": \"fall\"}", "stop", 10, 3, LATENCY.toMillis());
  }

  static ModelReply limited(Duration retryAfter) {
    return ModelReply.failure(ErrorCategory.RATE_LIMITED, "HTTP 429", retryAfter, 429, 5);
  }

  static ModelReply failed(ErrorCategory category, int status) {
    return ModelReply.failure(category, "HTTP " + status, null, status, LATENCY.toMillis());
  }

  /** Answers everything after {@link #LATENCY}. */
  static Traffic.Server unlimited() {
    return (at, n) -> new Traffic.Response(ok(), LATENCY);
  }

  /** Every {@code every}th request gets a 429 with retry-after 1 s at once; no limit behind it. */
  static Traffic.Server sporadic429Every(int every) {
    return (at, n) ->
        n % every == every - 1
            ? new Traffic.Response(limited(Duration.ofSeconds(1)), INSTANT)
            : new Traffic.Response(ok(), LATENCY);
  }

  /**
   * The mix of the measurement: 3% sporadic 429s (retry-after 1 s), 5% 500, 3% 503, 1%
   * timeouts (2 s), drawn from a seed.
   */
  static Traffic.Server noisy(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return (at, n) -> {
      double u = random.nextDouble();
      if (u < 0.03) {
        return new Traffic.Response(limited(Duration.ofSeconds(1)), INSTANT);
      }
      if (u < 0.08) {
        return new Traffic.Response(failed(ErrorCategory.SERVER_ERROR, 500), LATENCY);
      }
      if (u < 0.11) {
        return new Traffic.Response(failed(ErrorCategory.OVERLOADED, 503), LATENCY);
      }
      if (u < 0.12) {
        return new Traffic.Response(
            ModelReply.failure(ErrorCategory.TIMEOUT, "no answer", null, null, 2000),
            Duration.ofSeconds(2));
      }
      return new Traffic.Response(ok(), LATENCY);
    };
  }

  /**
   * An unannounced limit of {@code perSecond} requests, kept as a bucket of one second's worth: a
   * request over it gets a 429 at once, with the wait until the next slot as its hint.
   */
  static Traffic.Server bucket(double perSecond) {
    double[] state = {perSecond, 0}; // level, last time (nanos)
    return (at, n) -> {
      state[0] = Math.min(perSecond, state[0] + (at - state[1]) / 1e9 * perSecond);
      state[1] = at;
      if (state[0] >= 1) {
        state[0] -= 1;
        return new Traffic.Response(ok(), LATENCY);
      }
      long waitMs = (long) Math.ceil((1 - state[0]) / perSecond * 1000);
      return new Traffic.Response(limited(Duration.ofMillis(waitMs)), INSTANT);
    };
  }

  /** Answers that announce a limit of {@code perMinute} in {@code dimension}, nothing used yet. */
  static ModelReply announcing(Dimension dimension, long perMinute, long remaining) {
    return ok().withLimits(
            new AnnouncedLimits(
                List.of(new Announced(dimension, perMinute, remaining, null)), List.of()));
  }
}
