package dev.runlab.run;

import java.util.function.BooleanSupplier;

/**
 * How many requests may be in flight at once ({@code run.concurrency}), adjustable while the run
 * goes on, up to the number of workers. Thread-safe.
 */
final class ConcurrencyLimit {
  private int limit;
  private int inFlight;

  ConcurrencyLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + limit);
    }
    this.limit = limit;
  }

  /** Waits for a free slot; false (and no slot taken) when {@code cancelled} turns true first. */
  synchronized boolean acquire(BooleanSupplier cancelled) throws InterruptedException {
    while (inFlight >= limit) {
      if (cancelled.getAsBoolean()) {
        return false;
      }
      wait();
    }
    if (cancelled.getAsBoolean()) {
      return false;
    }
    inFlight++;
    return true;
  }

  synchronized void release() {
    inFlight--;
    notifyAll();
  }

  /** Wakes every waiter, e.g. so that it sees the run stopping. */
  synchronized void wakeAll() {
    notifyAll();
  }

  synchronized void setLimit(int newLimit) {
    limit = Math.max(1, newLimit);
    notifyAll();
  }

  synchronized int limit() {
    return limit;
  }

  synchronized int inFlight() {
    return inFlight;
  }
}
