package dev.runlab.run;

import dev.runlab.experiment.Status;
import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelReply;
import dev.runlab.store.ControlRequest;
import dev.runlab.store.Database;
import dev.runlab.store.Experiments;
import dev.runlab.store.ResultUpdate;
import dev.runlab.store.Results;
import dev.runlab.store.SharedCounters;
import dev.runlab.store.SharedResults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
  private static final Object FINISH = WriterQueue.FINISH;

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
  private final WriterQueue queue;
  private final CountDownLatch done = new CountDownLatch(1);
  private final List<Object> taken = new ArrayList<>();
  private final List<WriterQueue.Flush> flushes = new ArrayList<>();
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

  /**
   * The status a run ends in and why, decided from the final count of completed narratives; a
   * worker that only leaves a shared run ({@code changesExperiment} false) does not change it.
   */
  record Ending(Status status, String message, boolean changesExperiment) {
    Ending(Status status, String message) {
      this(status, message, true);
    }
  }

  /**
   * On a shared store: the worker's leases, its id as their holder, and while it runs alone (null
   * for a joined worker) what it holds and what to do once it has handed over.
   */
  record Shared(
      SharedResults leases,
      String workerId,
      int leaseSeconds,
      AloneWorker alone,
      Runnable onHandOver) {}

  private Shared shared;
  private SharedCommits sharedCommits;

  /** Makes this the writer of one worker of a shared run (before it is started). */
  void shared(Shared worker) {
    this.shared = worker;
    this.sharedCommits = new SharedCommits(db, experimentId, clock, worker);
  }

  /** The narratives this writer's commits finished (a worker's own share of a shared run). */
  long committedHere() {
    return sharedCommits == null ? 0 : sharedCommits.committedHere();
  }

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
    this.queue = new WriterQueue(Math.max(8 * batchSize, 1024), batchSize);
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

  /**
   * Commits what is queued now, without waiting for a full batch, and returns once it is committed
   * (or the writer has stopped).
   */
  void flush() throws InterruptedException {
    WriterQueue.Flush request = new WriterQueue.Flush();
    if (closed || !queue.put(request)) {
      return;
    }
    while (!request.done.await(50, TimeUnit.MILLISECONDS)) {
      if (closed) {
        return;
      }
    }
  }

  /** Makes the writer commit soon (a hand-over is due), without waiting for it. */
  void nudge() {
    queue.nudge();
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
          } else if (o instanceof WriterQueue.Flush f) {
            flushes.add(f);
          } else {
            batch.add((ResultUpdate) o);
          }
        }
        if (finish) {
          closed = true;
          queue.takeAll(batch); // what a worker still queued after the finish request
          commit(batch, true);
          flushes.forEach(f -> f.done.countDown());
          return;
        }
        boolean due = !Duration.between(batchStart, clock.instant()).minus(maxDelay).isNegative();
        boolean handOver = shared != null && shared.alone() != null && shared.alone().handOverDue();
        if (batch.size() >= batchSize || due || !flushes.isEmpty() || handOver) {
          commit(batch, false);
          batch.clear();
          batchStart = clock.instant();
          flushes.forEach(f -> f.done.countDown());
          flushes.clear();
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

  /** What a commit stores besides the results: counts, ETA, the requests since the last one. */
  private Experiments.Progress progress(long newCompleted, long newErrors) {
    ProgressSnapshot snapshot = tracker.snapshot();
    return new Experiments.Progress(
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
  }

  private void commit(List<ResultUpdate> batch, boolean last) {
    if (shared != null) {
      commitShared(batch, last);
      return;
    }
    SharedResults.Accepted counted = SharedResults.Accepted.all(batch);
    long newCompleted = completed + counted.newlyFinished();
    long newErrors = errors + counted.newErrors();
    tracker.record(newCompleted, newErrors);
    Ending end = last ? decideEnding.apply(newCompleted) : null;
    if (end != null) {
      tracker.status(end.status());
    }
    Experiments.Progress progress = progress(newCompleted, newErrors);
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

  /**
   * A commit of one worker of a shared run (see {@link SharedCommits}). A status another worker or
   * process set (paused, cancelled, completed) stops this one like a request.
   */
  private void commitShared(List<ResultUpdate> batch, boolean last) {
    SharedCommits.Outcome outcome =
        sharedCommits.commit(batch, last, progress(completed, errors), decideEnding);
    SharedCounters.SharedProgress after = outcome.after();
    completed = after.completed();
    errors = after.errors();
    tracker.record(completed, errors);
    if (outcome.ending() != null) {
      tracker.status(outcome.ending().status());
    }
    ending = outcome.ending();
    if (last) {
      return;
    }
    ControlRequest control = after.control();
    if (control == null && after.status() != Status.RUNNING) {
      control = after.status() == Status.CANCELLED ? ControlRequest.CANCEL : ControlRequest.PAUSE;
    }
    if (control != null) {
      onControlRequest.accept(control);
    }
  }
}
