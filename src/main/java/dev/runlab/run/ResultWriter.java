package dev.runlab.run;

import dev.runlab.experiment.Status;
import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelReply;
import dev.runlab.store.ControlRequest;
import dev.runlab.store.Database;
import dev.runlab.store.Experiments;
import dev.runlab.store.ResultUpdate;
import dev.runlab.store.Results;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The single thread that writes a run's results. It commits a batch ({@code run.batch_size}
 * updates, or whatever arrived within {@code maxDelay}) together with the progress counters, the
 * ETA and the request accounting, in one transaction; and it reads the {@link ControlRequest}s that
 * other processes write, handing them to the run, as it hands over its own failure. Its {@link
 * #submit} is thread-safe; the rest is used by the run's coordinator.
 */
final class ResultWriter implements Runnable {
  private static final Object FINISH = new Object();

  private final Database db;
  private final Results results;
  private final Experiments experiments;
  private final long experimentId;
  private final int batchSize;
  private final Duration maxDelay;
  private final Clock clock;
  private final ProgressTracker tracker;
  private final Consumer<ControlRequest> onControlRequest;
  private final Consumer<RuntimeException> onFailure;
  private final Handoff queue;
  private final CountDownLatch done = new CountDownLatch(1);
  private final List<Object> taken = new ArrayList<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private final AtomicLong promptTokens = new AtomicLong();
  private final AtomicLong completionTokens = new AtomicLong();
  private volatile Instant backoffUntil;
  private volatile String pacingJson;

  private long completed;
  private long errors;
  private volatile boolean closed;
  private volatile Function<Long, Ending> decideEnding;
  private volatile Ending ending;
  private volatile RuntimeException failure;

  /** The status a run ends in and why, decided from the final count of completed narratives. */
  record Ending(Status status, String message) {}

  ResultWriter(
      Database db,
      long experimentId,
      int batchSize,
      Duration maxDelay,
      Clock clock,
      ProgressTracker tracker,
      long completed,
      long errors,
      Consumer<ControlRequest> onControlRequest,
      Consumer<RuntimeException> onFailure) {
    this.db = db;
    this.results = new Results(db);
    this.experiments = new Experiments(db, clock);
    this.experimentId = experimentId;
    this.batchSize = batchSize;
    // bounded: when the database falls behind, the workers wait for it instead of taking the CPU
    // it needs (a fast model on a small machine). Long enough that the writer, which wakes them
    // when half of it is free, never waits for them to get going again: on a virtual machine a
    // wake-up costs the waker up to a few hundred microseconds
    this.queue = new Handoff(Math.max(8 * batchSize, 1024), batchSize);
    this.maxDelay = maxDelay;
    this.clock = clock;
    this.tracker = tracker;
    this.completed = completed;
    this.errors = errors;
    this.onControlRequest = onControlRequest;
    this.onFailure = onFailure;
  }

  /**
   * Queues an update; waits when the queue is full (the database is slower than the model). Returns
   * false when the writer has finished and the update was not written.
   */
  boolean submit(ResultUpdate update) throws InterruptedException {
    return !closed && queue.put(update);
  }

  /** Counts one request and its usage for the experiment's totals. */
  void countRequest(ModelReply reply) {
    requests.incrementAndGet();
    if (reply.failure() == ErrorCategory.RATE_LIMITED) {
      rateLimited.incrementAndGet();
    }
    if (reply.promptTokens() != null) {
      promptTokens.addAndGet(reply.promptTokens());
    }
    if (reply.completionTokens() != null) {
      completionTokens.addAndGet(reply.completionTokens());
    }
  }

  /** What the pacing is doing, stored with the next commit for {@code runlab status}. */
  void pacing(Instant newBackoffUntil, String newPacingJson) {
    this.backoffUntil = newBackoffUntil;
    this.pacingJson = newPacingJson;
  }

  /**
   * Commits what is queued, moves the experiment to the status that {@code decide} gives for the
   * final count of completed narratives, in the same transaction, and stops the writer. Returns
   * that ending; throws what made the writer fail, if anything did.
   */
  Ending finish(Function<Long, Ending> decide) throws InterruptedException {
    decideEnding = decide;
    queue.put(FINISH);
    done.await();
    if (failure != null) {
      throw failure;
    }
    return ending;
  }

  /** The failure that stopped the writer, or null. */
  RuntimeException failure() {
    return failure;
  }

  @Override
  public void run() {
    List<ResultUpdate> batch = new ArrayList<>();
    Instant batchStart = clock.instant();
    try {
      while (true) {
        long waitMs =
            Math.max(
                1, maxDelay.toMillis() - Duration.between(batchStart, clock.instant()).toMillis());
        taken.clear();
        queue.takeInto(taken, batchSize - batch.size(), TimeUnit.MILLISECONDS.toNanos(waitMs));
        boolean finish = false;
        for (Object o : taken) {
          if (o == FINISH) {
            finish = true;
          } else {
            batch.add((ResultUpdate) o);
          }
        }
        if (finish) {
          closed = true;
          queue.takeAll(batch); // what a worker still queued after the finish request
          commit(batch, true);
          return;
        }
        boolean due = !Duration.between(batchStart, clock.instant()).minus(maxDelay).isNegative();
        if (batch.size() >= batchSize || due) {
          commit(batch, false);
          batch.clear();
          batchStart = clock.instant();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
      closed = true;
      onFailure.accept(e);
    } finally {
      closed = true;
      queue.close();
      done.countDown();
    }
  }

  /**
   * The updates on their way from the workers to the writer, bounded (when the database falls
   * behind, the workers wait for it). The writer is woken when a batch's worth is queued or the
   * finish request arrives, not for every update: with a fast model, a wake-up per update cost the
   * workers more than the update itself.
   */
  private static final class Handoff {
    private static final long YIELD_NANOS = 5_000_000;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition batchReady = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private final int capacity;
    private final int batch;
    private boolean finishing;
    private volatile boolean closed;
    private volatile int size; // items.size(), written under the lock, read by the yielding worker
    private final AtomicBoolean spinner = new AtomicBoolean();

    Handoff(int capacity, int batch) {
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
        if (items.size() >= batch || finishing) {
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
        while (items.size() < batch && !finishing && left > 0) {
          left = batchReady.awaitNanos(left);
        }
        for (int i = 0; i < max && !items.isEmpty(); i++) {
          out.add(items.poll());
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

    /** Moves every queued update into {@code out} (after the finish request). */
    void takeAll(List<ResultUpdate> out) {
      lock.lock();
      try {
        for (Object o = items.poll(); o != null; o = items.poll()) {
          if (o instanceof ResultUpdate u) {
            out.add(u);
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

  private void commit(List<ResultUpdate> batch, boolean last) {
    long newCompleted = completed;
    long newErrors = errors;
    for (ResultUpdate u : batch) {
      if (u.finalResult()) {
        newCompleted++;
        if (ResultUpdate.ERROR.equals(u.status())) {
          newErrors++;
        }
      }
    }
    tracker.record(newCompleted, newErrors);
    Ending end = last ? decideEnding.apply(newCompleted) : null;
    if (end != null) {
      tracker.status(end.status());
    }
    ProgressSnapshot snapshot = tracker.snapshot();
    Experiments.Progress progress =
        new Experiments.Progress(
            newCompleted,
            newErrors,
            snapshot.eta(),
            snapshot.measuredRate(),
            tracker.activeSeconds(),
            requests.getAndSet(0),
            rateLimited.getAndSet(0),
            promptTokens.getAndSet(0),
            completionTokens.getAndSet(0),
            backoffUntil,
            pacingJson);
    ControlRequest control =
        db.inTransaction(
            () -> {
              results.upsert(batch);
              ControlRequest request =
                  experiments.recordProgressInTransaction(experimentId, progress);
              if (end != null) {
                experiments.changeStatusInTransaction(
                    experimentId, Status.RUNNING, end.status(), end.message());
              }
              return request;
            });
    completed = newCompleted;
    errors = newErrors;
    ending = end;
    if (control != null && !last) {
      onControlRequest.accept(control);
    }
  }
}
