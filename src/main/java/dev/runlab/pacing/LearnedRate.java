package dev.runlab.pacing;

/**
 * A request rate learned from evidence of a limit that nothing announces (see {@link
 * LimitEvidence}). On evidence it is set just under the rate the server accepted while the run was
 * not held (at most once per latency window, and never more than halved at once). Then it grows
 * back with time, whatever sporadic 429s do: every {@value #GROW_EVERY_SECONDS} s without evidence
 * it halves the distance to the rate the server accepted; past that it probes higher by 10%, 20%,
 * 40%, ... (each probe that draws no evidence doubles the next step, up to twice the rate); and
 * once it is far above what the run sends, it is dropped. So no sequence of 429s can ratchet the
 * rate down for good, and a limit that was raised is found again. Not thread-safe: the pacer guards
 * it.
 */
final class LearnedRate {
  static final double BELOW = 0.95;
  static final long GROW_EVERY_SECONDS = 15;
  static final double FIRST_PROBE = 0.1;
  static final double SLOWEST = 0.05; // requests per second
  private static final long GROW_EVERY = GROW_EVERY_SECONDS * 1_000_000_000L;

  private double rate; // requests per second, 0 while nothing was learned
  private double ceiling; // the rate the server accepted at the last evidence
  private double probe = FIRST_PROBE;
  private long lastCut = Long.MIN_VALUE;
  private long lastChange = Long.MIN_VALUE;

  /**
   * Evidence of a limit: cuts to just under {@code acceptedPerSecond}, unless a cut happened within
   * the last latency window (its requests went out before that cut). True when it cut.
   */
  boolean cut(long now, double acceptedPerSecond, double latencySeconds) {
    long spacing = (long) (Math.max(1.0, latencySeconds) * 1e9);
    if (lastCut != Long.MIN_VALUE && now - lastCut < spacing) {
      return false;
    }
    double target = BELOW * acceptedPerSecond;
    double next = rate > 0 ? Math.min(rate, Math.max(target, rate / 2)) : target;
    rate = Math.max(SLOWEST, next);
    ceiling = Math.max(acceptedPerSecond, rate);
    probe = FIRST_PROBE;
    lastCut = now;
    lastChange = now;
    return true;
  }

  /**
   * Grows back with time; true when it raised the rate.
   *
   * @param sentPerSecond the rate the run sends at lately (a learned rate far above it limits
   *     nothing and is dropped)
   */
  boolean grow(long now, double sentPerSecond) {
    if (rate == 0 || now - lastChange < GROW_EVERY) {
      return false;
    }
    lastChange = now;
    if (rate > 4 * sentPerSecond && now - lastCut > 4 * GROW_EVERY) {
      rate = 0;
      return false;
    }
    if (rate < 0.98 * ceiling) {
      rate += (ceiling - rate) / 2;
    } else {
      rate *= 1 + probe;
      probe = Math.min(1.0, probe * 2);
    }
    return true;
  }

  /** Requests per second, 0 when nothing was learned. */
  double perSecond() {
    return rate;
  }
}
