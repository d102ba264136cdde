package dev.runlab.run;

import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelClient;
import dev.runlab.model.ModelReply;
import dev.runlab.model.ModelRequest;
import dev.runlab.pacing.Pacer;
import dev.runlab.store.ResultUpdate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the run's requests: new narratives in file order, and retries when their backoff ends.
 * {@code run.concurrency} worker threads each take the next item, wait for a slot and the pacer,
 * send, and pass the reply through the {@link AttemptPolicy} to the {@link ResultWriter}; no thread
 * hands items to another on the way, which keeps a fast model from being slowed by thread switches.
 * Thread-safe.
 */
final class Dispatcher {
  private final Iterator<Item> source;
  private final ModelClient client;
  private final AttemptPolicy policy;
  private final ResultWriter writer;
  private final ConcurrencyLimit limit;
  private final Pacer pacer;
  private final Backoff backoff;
  private final ScheduledExecutorService timers;
  private final Clock clock;
  private final Duration timeout;
  private final RunControl control;
  private final int workers;
  private final Deque<Item> ready = new ArrayDeque<>(); // guarded by this
  private final Set<Item> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<Item> waiting = ConcurrentHashMap.newKeySet();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong dropped = new AtomicLong();
  private int outstanding; // guarded by this: items taken from the source without a final result
  private long taken; // guarded by this: items taken from the source

  Dispatcher(
      Iterator<Item> source,
      ModelClient client,
      AttemptPolicy policy,
      ResultWriter writer,
      ConcurrencyLimit limit,
      Pacer pacer,
      Backoff backoff,
      ScheduledExecutorService timers,
      Clock clock,
      Duration timeout,
      RunControl control,
      int workers) {
    this.source = source;
    this.client = client;
    this.policy = policy;
    this.writer = writer;
    this.limit = limit;
    this.pacer = pacer;
    this.backoff = backoff;
    this.timers = timers;
    this.clock = clock;
    this.timeout = timeout;
    this.control = control;
    this.workers = workers;
    control.onStop(this::wakeAll);
  }

  /**
   * Runs the workers until every item has its final result or the run is asked to stop, then waits
   * up to {@code grace} for requests in flight and records the ones still out as cancelled
   * attempts. Items waiting for a retry keep their pending rows.
   */
  void run(ThreadFactory threadFactory, Duration grace) throws InterruptedException {
    for (int i = 0; i < workers; i++) {
      Thread t = threadFactory.newThread(this::work);
      t.setName("runlab-worker-" + i);
      threads.add(t);
      t.start();
    }
    synchronized (this) {
      while (!control.stopping() && !(outstanding == 0 && !source.hasNext())) {
        wait();
      }
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (Thread t : threads) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left > 0) {
        t.join(left);
      }
    }
    for (Item item : Set.copyOf(inFlight)) {
      settleCancelled(item);
    }
    threads.forEach(Thread::interrupt);
  }

  private void work() {
    try {
      for (Item item = next(); item != null; item = next()) {
        if (!limit.acquire(control::stopping)) {
          return;
        }
        try {
          if (!pacer.awaitTurn(item.estimatedTokens(), control::stopping)) {
            return;
          }
          item.attempts++;
          inFlight.add(item);
          handle(item, send(item));
        } finally {
          limit.release();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      control.requestStop(RunControl.Reason.FAIL, "internal error in a worker: " + e);
    }
  }

  /** The next item to send: a retry whose wait is over, else the next narrative; null when done. */
  private synchronized Item next() throws InterruptedException {
    while (!control.stopping()) {
      Item item = ready.poll();
      if (item != null) {
        waiting.remove(item);
        return item;
      }
      if (source.hasNext()) {
        outstanding++;
        taken++;
        return source.next();
      }
      if (outstanding == 0) {
        notifyAll();
        return null;
      }
      wait();
    }
    return null;
  }

  private ModelReply send(Item item) {
    try {
      return client.send(
          new ModelRequest(
              item.narrativeId, item.text, item.system, item.prompt, item.attempts, timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ModelReply.failure(ErrorCategory.CANCELLED, "the run stopped", null, null, 0);
    } catch (RuntimeException e) {
      return ModelReply.failure(ErrorCategory.PROTOCOL, "client error: " + e, null, null, 0);
    }
  }

  private void handle(Item item, ModelReply reply) throws InterruptedException {
    try {
      if (reply.failure() == ErrorCategory.CANCELLED) {
        settleCancelled(item);
        return;
      }
      writer.countRequest(reply);
      pacer.onReply(item.estimatedTokens(), reply);
      AttemptPolicy.Decision decision = policy.decide(item, reply, clock.instant());
      switch (decision.next()) {
        case DONE -> finish(item, decision);
        case STOP_RUN -> {
          finish(item, decision);
          control.fail(decision.category(), decision.update().errorMessage());
        }
        case RETRY -> retry(item, reply, decision);
      }
    } finally {
      inFlight.remove(item);
    }
  }

  private void retry(Item item, ModelReply reply, AttemptPolicy.Decision decision)
      throws InterruptedException {
    if (control.stopping()) {
      finish(item, decision);
      return;
    }
    write(decision.update());
    int n =
        decision.category() == ErrorCategory.RATE_LIMITED ? item.rateLimitedInARow : item.failures;
    Duration delay = backoff.delay(n, reply.retryAfter());
    waiting.add(item);
    timers.schedule(() -> makeReady(item), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void makeReady(Item item) {
    ready.add(item);
    notifyAll();
  }

  /** The item's last update of this run (final, or pending when the run stops). */
  private void finish(Item item, AttemptPolicy.Decision decision) throws InterruptedException {
    if (item.settle()) {
      write(decision.update());
    }
    boolean last;
    synchronized (this) {
      outstanding--;
      last = outstanding == 0;
    }
    if (last) {
      wakeAll();
    }
  }

  private void settleCancelled(Item item) throws InterruptedException {
    if (item.settle()) {
      write(policy.cancelled(item, clock.instant()));
    }
  }

  /**
   * Hands an update to the writer. One that the writer no longer takes (it has stopped, e.g. on a
   * database error) is never dropped without a word: the run stops as failed, saying so.
   */
  private void write(ResultUpdate update) throws InterruptedException {
    if (!writer.submit(update)) {
      dropped.incrementAndGet();
      control.requestStop(
          RunControl.Reason.FAIL,
          "the writer had stopped when the result of narrative "
              + update.narrativeId()
              + " came; it was not saved and is requested again on resume");
    }
  }

  /** Updates the writer did not take (see {@link #write}); they are sent again on resume. */
  /** How many items the workers took from the source. */
  synchronized long taken() {
    return taken;
  }

  long droppedCount() {
    return dropped.get();
  }

  private void wakeAll() {
    synchronized (this) {
      notifyAll();
    }
    limit.wakeAll();
  }

  int inFlightCount() {
    return inFlight.size();
  }

  int waitingCount() {
    return waiting.size();
  }
}
