package dev.runlab.pacing;

import java.util.ArrayDeque;

/**
 * The spans (clock nanos) during which every worker was held (by a server's hint that a limit is
 * exhausted, or by the open circuit breaker), so that rates can be measured on the time the run was
 * free to send. Not thread-safe: the pacer guards it.
 */
final class HeldTime {
  private static final long KEEP = 60_000_000_000L;
  private final ArrayDeque<long[]> spans = new ArrayDeque<>();

  /** Every worker is held from {@code now} until {@code until}. */
  void hold(long now, long until) {
    long[] last = spans.peekLast();
    if (last != null && last[1] >= now) {
      last[1] = Math.max(last[1], until);
    } else if (until > now) {
      spans.addLast(new long[] {now, until});
    }
    while (!spans.isEmpty() && spans.peekFirst()[1] < now - KEEP) {
      spans.removeFirst();
    }
  }

  /** How long, of the last {@code window} nanos, every worker was held. */
  long within(long now, long window) {
    long from = now - window;
    long total = 0;
    for (long[] s : spans) {
      long start = Math.max(s[0], from);
      long end = Math.min(s[1], now);
      if (end > start) {
        total += end - start;
      }
    }
    return total;
  }
}
