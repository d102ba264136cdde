package dev.runlab.pacing;

/**
 * Spends one limit evenly: each request reserves the next free time of that limit, {@code cost /
 * rate} after the previous one, so that requests never bunch up however many workers ask at once
 * (virtual scheduling without burst tolerance: a provider may enforce its per-minute limit over
 * much shorter intervals). Time the run leaves unused is not saved up for a later burst. Not
 * thread-safe: the pacer guards it.
 */
final class EvenSpacing {
  private long theoreticalNanos = Long.MIN_VALUE; // when the next request of this limit is due

  /**
   * Reserves the time for a request costing {@code cost} units at {@code perSecond} units per
   * second; returns that time (clock nanos, {@code now} or later).
   */
  long reserve(long now, double cost, double perSecond) {
    long at = Math.max(now, theoreticalNanos);
    theoreticalNanos = at + nanosFor(cost, perSecond);
    return at;
  }

  /**
   * Corrects the schedule once a request's real cost is known (e.g. the tokens the provider
   * counted): a request that cost more pushes the next ones back, one that cost less brings them
   * forward (never before now).
   */
  void correct(long now, double extraCost, double perSecond) {
    if (theoreticalNanos == Long.MIN_VALUE || perSecond <= 0) {
      return;
    }
    theoreticalNanos = Math.max(now, theoreticalNanos + nanosFor(extraCost, perSecond));
  }

  private static long nanosFor(double cost, double perSecond) {
    return (long) (cost / perSecond * 1e9);
  }
}
