package dev.runlab.run;

import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelClient;
import dev.runlab.model.ModelReply;
import dev.runlab.model.ModelRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the run's requests: new narratives in file order and retries when their backoff ends, with
 * at most {@code run.concurrency} in flight and at the pacer's rate. Each reply goes through the
 * {@link AttemptPolicy} to the {@link ResultWriter}. The loop runs on the run's coordinator thread;
 * replies are handled on worker threads.
 */
final class Dispatcher {
  /** Wakes the loop when an item reaches its end (no retry is queued for it). */
  private static final Item WAKE = new Item("", "", null, "", 0, 0);

  private final Iterator<Item> source;
  private final ModelClient client;
  private final AttemptPolicy policy;
  private final ResultWriter writer;
  private final ConcurrencyLimit limit;
  private final Pacer pacer;
  private final Backoff backoff;
  private final ExecutorService workers;
  private final ScheduledExecutorService timers;
  private final Clock clock;
  private final Duration timeout;
  private final RunControl control;
  private final LinkedBlockingQueue<Item> ready = new LinkedBlockingQueue<>();
  private final Set<Item> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<Item> waiting = ConcurrentHashMap.newKeySet();
  private final AtomicInteger outstanding = new AtomicInteger();

  Dispatcher(
      Iterator<Item> source,
      ModelClient client,
      AttemptPolicy policy,
      ResultWriter writer,
      ConcurrencyLimit limit,
      Pacer pacer,
      Backoff backoff,
      ExecutorService workers,
      ScheduledExecutorService timers,
      Clock clock,
      Duration timeout,
      RunControl control) {
    this.source = source;
    this.client = client;
    this.policy = policy;
    this.writer = writer;
    this.limit = limit;
    this.pacer = pacer;
    this.backoff = backoff;
    this.workers = workers;
    this.timers = timers;
    this.clock = clock;
    this.timeout = timeout;
    this.control = control;
  }

  /** Dispatches until every item has its final result or the run is asked to stop. */
  void run() throws InterruptedException {
    while (!control.stopping()) {
      Item item = ready.poll();
      if (item == null) {
        if (source.hasNext()) {
          item = source.next();
          outstanding.incrementAndGet();
        } else if (outstanding.get() == 0) {
          return;
        } else {
          item = ready.poll(250, TimeUnit.MILLISECONDS);
          if (item == null) {
            continue;
          }
        }
      }
      if (item == WAKE) {
        continue;
      }
      send(item);
    }
  }

  private void send(Item item) throws InterruptedException {
    waiting.remove(item);
    limit.acquire();
    try {
      pacer.awaitTurn(item.estimatedTokens());
    } catch (InterruptedException e) {
      limit.release();
      throw e;
    }
    if (control.stopping()) {
      limit.release();
      return;
    }
    item.attempts++;
    inFlight.add(item);
    workers.execute(() -> attempt(item));
  }

  private void attempt(Item item) {
    ModelReply reply;
    try {
      reply =
          client.send(
              new ModelRequest(
                  item.narrativeId, item.text, item.system, item.prompt, item.attempts, timeout));
    } catch (InterruptedException e) {
      reply = ModelReply.failure(ErrorCategory.CANCELLED, "the run stopped", null, null, 0);
    } catch (RuntimeException e) {
      reply = ModelReply.failure(ErrorCategory.PROTOCOL, "client error: " + e, null, null, 0);
    } finally {
      limit.release();
    }
    try {
      handle(item, reply);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      synchronized (inFlight) {
        inFlight.remove(item);
        inFlight.notifyAll();
      }
    }
  }

  private void handle(Item item, ModelReply reply) throws InterruptedException {
    if (reply.failure() == ErrorCategory.CANCELLED) {
      settleCancelled(item);
      return;
    }
    writer.countRequest(reply);
    pacer.onReply(reply);
    AttemptPolicy.Decision decision = policy.decide(item, reply, clock.instant());
    switch (decision.next()) {
      case DONE -> finish(item, decision);
      case STOP_RUN -> {
        finish(item, decision);
        control.fail(decision.category(), decision.update().errorMessage());
      }
      case RETRY -> {
        if (control.stopping()) {
          finish(item, decision);
          return;
        }
        writer.submit(decision.update());
        int n =
            decision.category() == ErrorCategory.RATE_LIMITED
                ? item.rateLimitedInARow
                : item.failures;
        Duration delay = backoff.delay(n, reply.retryAfter());
        waiting.add(item);
        timers.schedule(() -> ready.add(item), delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private void finish(Item item, AttemptPolicy.Decision decision) throws InterruptedException {
    if (item.settle()) {
      writer.submit(decision.update());
    }
    outstanding.decrementAndGet();
    ready.add(WAKE);
  }

  private void settleCancelled(Item item) throws InterruptedException {
    if (item.settle()) {
      writer.submit(policy.cancelled(item, clock.instant()));
    }
  }

  /**
   * After the loop: waits up to {@code grace} for requests in flight, then records the ones still
   * out as cancelled attempts. Items waiting for a retry keep their pending rows.
   */
  void drain(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (inFlight) {
      for (long left = grace.toMillis(); !inFlight.isEmpty() && left > 0; ) {
        inFlight.wait(left);
        left = (deadline - System.nanoTime()) / 1_000_000;
      }
    }
    for (Item item : Set.copyOf(inFlight)) {
      settleCancelled(item);
    }
  }

  int inFlightCount() {
    return inFlight.size();
  }

  int waitingCount() {
    return waiting.size();
  }
}
