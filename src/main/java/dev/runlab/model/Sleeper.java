package dev.runlab.model;

import java.time.Duration;

/**
 * Waits for time to pass. Injected so that tests advance a fake clock instead of sleeping.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM =
      duration -> {
        if (!duration.isZero() && !duration.isNegative()) {
          Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        }
      };

  void sleep(Duration duration) throws InterruptedException;
}
