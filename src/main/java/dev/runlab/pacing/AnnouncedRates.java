package dev.runlab.pacing;

import dev.runlab.model.AnnouncedLimits;
import dev.runlab.model.AnnouncedLimits.Announced;
import dev.runlab.model.AnnouncedLimits.Dimension;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The limits the server announced most recently, one per dimension, and the rate each allows now:
 * the per-minute limit spent evenly, slowed when the server says little is left (someone else
 * spends the same limit, or the server counts differently) and back to the full rate once the reset
 * has passed. Not thread-safe: the pacer guards it.
 */
final class AnnouncedRates {
  /** Below this share of the limit left, the run slows down in proportion. */
  static final double LOW_WATER = 0.05;

  /** However little is left, the rate is not cut below this share (a 429 then holds the run). */
  static final double SLOWEST = 0.05;

  private final Map<Dimension, Announced> latest = new EnumMap<>(Dimension.class);

  void observe(AnnouncedLimits limits) {
    for (Announced a : limits.limits()) {
      latest.put(a.dimension(), a);
    }
  }

  /** The announced per-minute limit of a dimension, or 0 when none was announced. */
  long limit(Dimension dimension) {
    Announced a = latest.get(dimension);
    return a == null ? 0 : a.limit();
  }

  /** Whether anything was announced for the dimension. */
  boolean has(Dimension dimension) {
    return latest.containsKey(dimension);
  }

  /**
   * Units per second the dimension allows now, or 0 when nothing was announced: the limit / 60;
   * when less than {@link #LOW_WATER} of it is left, that rate scaled by what is left (but not
   * below spending what is left evenly until the reset).
   */
  double perSecond(Dimension dimension, Instant now) {
    Announced a = latest.get(dimension);
    if (a == null) {
      return 0;
    }
    double base = a.limit() / 60.0;
    boolean resetPassed = a.resetAt() != null && !now.isBefore(a.resetAt());
    double low = a.limit() * LOW_WATER;
    if (a.remaining() < 0 || resetPassed || a.remaining() >= low) {
      return base;
    }
    double slowed = base * a.remaining() / low;
    if (a.resetAt() != null) {
      double seconds = Math.max(0.001, Duration.between(now, a.resetAt()).toNanos() / 1e9);
      slowed = Math.max(slowed, a.remaining() / seconds);
    }
    return Math.min(base, Math.max(slowed, base * SLOWEST));
  }
}
