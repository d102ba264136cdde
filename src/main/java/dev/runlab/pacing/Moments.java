package dev.runlab.pacing;

import java.util.ArrayDeque;

/**
 * The times (clock nanos) at which something happened within the last {@code span}: how many
 * requests were sent, 429s answered, and so on, in a recent window. Not thread-safe: the pacer
 * guards it.
 */
final class Moments {
  private final long spanNanos;
  private final ArrayDeque<Long> times = new ArrayDeque<>();

  Moments(long spanNanos) {
    this.spanNanos = spanNanos;
  }

  void add(long now) {
    times.addLast(now);
    trim(now);
  }

  /** How many happened in the last {@code windowNanos} (at most the span). */
  int since(long now, long windowNanos) {
    trim(now);
    int n = 0;
    var it = times.descendingIterator();
    while (it.hasNext() && it.next() >= now - windowNanos) {
      n++;
    }
    return n;
  }

  int count(long now) {
    trim(now);
    return times.size();
  }

  private void trim(long now) {
    while (!times.isEmpty() && times.peekFirst() < now - spanNanos) {
      times.removeFirst();
    }
  }
}
