package dev.runlab.run;

/**
 * How many requests may be in flight at once, adjustable while the run goes on (on resume with a
 * new {@code run.concurrency}, or by adaptive pacing). Thread-safe.
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

  /** Waits for a free slot. */
  synchronized void acquire() throws InterruptedException {
    while (inFlight >= limit) {
      wait();
    }
    inFlight++;
  }

  synchronized void release() {
    inFlight--;
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
