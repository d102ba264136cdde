package dev.runlab.fake;

/**
 * A limit as providers keep one: a bucket of {@code capacity} units refilled continuously at {@code
 * perMinute}, from which each admitted request takes its cost. Times are nanos of {@link
 * System#nanoTime()}. Not thread-safe: {@link ServerLimits} guards it.
 */
final class TokenBucket {
  private final double capacity;
  private final double perNano;
  private double level;
  private long at;

  TokenBucket(double capacity, double perMinute, long now) {
    this.capacity = capacity;
    this.perNano = perMinute / 60e9;
    this.level = capacity;
    this.at = now;
  }

  private void refill(long now) {
    if (now > at) {
      level = Math.min(capacity, level + (now - at) * perNano);
      at = now;
    }
  }

  /** Whether {@code cost} can be taken now (a cost above the capacity needs a full bucket). */
  boolean has(double cost, long now) {
    refill(now);
    return level >= Math.min(cost, capacity);
  }

  void take(double cost, long now) {
    refill(now);
    level -= cost;
  }

  /** Gives back what an admitted request turned out not to use. */
  void giveBack(double amount, long now) {
    refill(now);
    level = Math.min(capacity, level + amount);
  }

  /** What is left now, in whole units (0 when in debt). */
  long remaining(long now) {
    refill(now);
    return Math.max(0, (long) Math.floor(level));
  }

  /** Nanos until the bucket is full again. */
  long nanosUntilFull(long now) {
    refill(now);
    return (long) Math.ceil(Math.max(0, capacity - level) / perNano);
  }

  /** Nanos until {@code cost} can be taken. */
  long nanosUntil(double cost, long now) {
    refill(now);
    return (long) Math.ceil(Math.max(0, Math.min(cost, capacity) - level) / perNano);
  }
}
