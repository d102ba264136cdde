package dev.runlab.pacing;

import java.time.Duration;

/**
 * Stops dispatch for a while when most recent requests failed with server-side errors (overloaded,
 * 5xx, timeouts, network, bodies that are not the API's JSON), instead of burning items: 16 of the
 * last 20 open it for 5 s, doubling up to 60 s while it keeps tripping; a success closes it. Not
 * thread-safe: the pacer guards it.
 */
final class CircuitBreaker {
  private static final int WINDOW = 20;
  private static final int TRIP = 16;
  private static final Duration FIRST = Duration.ofSeconds(5);
  private static final Duration LONGEST = Duration.ofSeconds(60);

  private final boolean[] recent = new boolean[WINDOW];
  private int count;
  private int index;
  private Duration pause = FIRST;
  private boolean open;
  private long openUntil = Long.MIN_VALUE;

  /** Records one reply; returns until when dispatch must wait (clock nanos), or MIN_VALUE. */
  long record(boolean serverError, long now) {
    recent[index] = serverError;
    index = (index + 1) % WINDOW;
    count = Math.min(count + 1, WINDOW);
    int failures = 0;
    for (int i = 0; i < count; i++) {
      failures += recent[i] ? 1 : 0;
    }
    if (count >= WINDOW && failures >= TRIP) {
      if (!open || now >= openUntil) {
        openUntil = now + pause.toNanos();
        Duration doubled = pause.multipliedBy(2);
        pause = doubled.compareTo(LONGEST) > 0 ? LONGEST : doubled;
        open = true;
        // count afresh after the pause: the next requests probe the server
        count = 0;
        index = 0;
      }
    } else if (!serverError && open) {
      open = false;
      pause = FIRST;
    }
    return open ? openUntil : Long.MIN_VALUE;
  }

  boolean isOpen() {
    return open;
  }
}
