package dev.runlab.run;

import dev.runlab.store.ResultUpdate;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The updates on their way from the workers to the writer, bounded (when the database falls behind,
 * the workers wait for it). The writer is woken when a batch's worth is queued or the finish
 * request arrives, not for every update: with a fast model, a wake-up per update cost the workers
 * more than the update itself.
 */
final class WriterQueue {
  /** What the writer's finish request puts in the queue. */
  static final Object FINISH = new Object();

  /**
   * A request to commit what was queued before it now, without waiting for a full batch; done once
   * that commit is made (or the writer stopped).
   */
  static final class Flush {
    final CountDownLatch done = new CountDownLatch(1);
  }

  private static final long YIELD_NANOS = 5_000_000;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition batchReady = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final ArrayDeque<Object> items = new ArrayDeque<>();
  private final int capacity;
  private final int batch;
  private boolean finishing;
  private int flushes; // Flush requests queued and not yet taken
  private boolean nudged;
  private volatile boolean closed;
  private volatile int size; // items.size(), written under the lock, read by the yielding worker
  private final AtomicBoolean spinner = new AtomicBoolean();

  WriterQueue(int capacity, int batch) {
    this.capacity = capacity;
    this.batch = batch;
  }

  /** Queues {@code o}, waiting while the queue is full; false when the writer has stopped. */
  boolean put(Object o) throws InterruptedException {
    if (size >= capacity && o != FINISH && spinner.compareAndSet(false, true)) {
      // the writer is behind and frees room a batch at a time, in well under a millisecond: one
      // worker yields (up to 5 ms, longer than a commit's usual stall) and is back at work
      // without being woken up; a wake-up costs the waker, here the writer, up to a few hundred
      // microseconds on a virtual machine, and the woken thread may take milliseconds to run.
      // The others sleep until it, or the writer, wakes them
      try {
        long until = System.nanoTime() + YIELD_NANOS;
        while (size >= capacity && !closed && System.nanoTime() < until) {
          Thread.yield();
        }
      } finally {
        spinner.set(false);
      }
    }
    lock.lockInterruptibly();
    try {
      while (items.size() >= capacity && o != FINISH && !closed) {
        notFull.await();
      }
      if (closed) {
        return false;
      }
      items.add(o);
      size = items.size();
      finishing |= o == FINISH;
      if (o instanceof Flush) {
        flushes++;
      }
      if (items.size() >= batch || finishing || flushes > 0) {
        batchReady.signal();
      }
      if (items.size() < capacity && lock.hasWaiters(notFull)) {
        notFull.signal(); // room for one more waiting worker: it wakes the next, if any
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code timeoutNanos} for a batch's worth or the finish request, then moves up to
   * {@code max} queued elements into {@code out}, in order.
   */
  void takeInto(List<Object> out, int max, long timeoutNanos) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long left = timeoutNanos;
      while (items.size() < batch && !finishing && flushes == 0 && !nudged && left > 0) {
        left = batchReady.awaitNanos(left);
      }
      nudged = false;
      for (int i = 0; i < max && !items.isEmpty(); i++) {
        Object o = items.poll();
        if (o instanceof Flush) {
          flushes--;
        }
        out.add(o);
      }
      size = items.size();
      if (items.size() <= capacity / 2 && !spinner.get()) {
        // no worker is yielding (which would have taken the room and woken the others): wake
        // one; each wakes the next while there is room (see put), on the workers' threads
        notFull.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Wakes the writer now, without queueing anything: it has a reason of its own to commit. */
  void nudge() {
    lock.lock();
    try {
      nudged = true;
      batchReady.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Moves every queued update into {@code out} (after the finish request). */
  void takeAll(List<ResultUpdate> out) {
    lock.lock();
    try {
      for (Object o = items.poll(); o != null; o = items.poll()) {
        if (o instanceof ResultUpdate u) {
          out.add(u);
        } else if (o instanceof Flush f) {
          f.done.countDown(); // the finishing commit includes what it waited for
        }
      }
      size = 0;
    } finally {
      lock.unlock();
    }
  }

  /** The writer has stopped: nothing more is taken, and waiting workers go on. */
  void close() {
    lock.lock();
    try {
      closed = true;
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
