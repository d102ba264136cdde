package dev.runlab.pacing;

/**
 * Tells a 429 that says something about the rate from a sporadic one (docs/pacing.md: providers
 * send 429s during short bursts or for shared capacity while the limit is far from reached). A 429
 * is evidence of a limit when
 *
 * <ul>
 *   <li>its headers say a limit has nothing left (remaining 0);
 *   <li>429s are frequent: at least {@value #MIN_LIMITED} and {@value #SHARE} of the replies of the
 *       last 10 s, far above any sporadic background; or
 *   <li>429s grew as the rate grew: since the learned rate was last raised, their share rose by
 *       {@value #RISE} or more over the share before (with at least {@value #MIN_LIMITED} of them
 *       in {@value #MIN_REPLIES} replies or more).
 * </ul>
 *
 * Anything else is sporadic: retried after its hint, it does not slow the run. Not thread-safe: the
 * pacer guards it.
 */
final class LimitEvidence {
  static final int MIN_LIMITED = 5;
  static final double SHARE = 0.2;
  static final double RISE = 0.05;
  static final int MIN_REPLIES = 50;
  private static final long WINDOW = 10_000_000_000L;
  private static final long SPAN = 60_000_000_000L;

  private final Moments replies = new Moments(SPAN);
  private final Moments limited = new Moments(SPAN);
  private long raisedAt = Long.MIN_VALUE;
  private double shareBeforeRaise;

  /** A reply other than a 429. */
  void answered(long now) {
    replies.add(now);
  }

  /** A 429: true when it is evidence of a limit. */
  boolean limited(long now, boolean announcedExhausted) {
    replies.add(now);
    limited.add(now);
    if (announcedExhausted) {
      return true;
    }
    int n = replies.since(now, WINDOW);
    int k = limited.since(now, WINDOW);
    if (k >= MIN_LIMITED && k >= SHARE * n) {
      return true;
    }
    if (raisedAt != Long.MIN_VALUE) {
      long since = Math.min(now - raisedAt, SPAN);
      int n2 = replies.since(now, since);
      int k2 = limited.since(now, since);
      return n2 >= MIN_REPLIES && k2 >= MIN_LIMITED && k2 >= (shareBeforeRaise + RISE) * n2;
    }
    return false;
  }

  /** The learned rate was raised: from now on, compare the share of 429s with the one before. */
  void rateRaised(long now) {
    int n = replies.since(now, WINDOW);
    shareBeforeRaise = n == 0 ? 0 : limited.since(now, WINDOW) / (double) n;
    raisedAt = now;
  }

  /** The learned rate was cut: nothing to compare with until it is raised again. */
  void rateCut() {
    raisedAt = Long.MIN_VALUE;
  }

  /** 429s in the last minute. */
  int limitedLastMinute(long now) {
    return limited.count(now);
  }
}
