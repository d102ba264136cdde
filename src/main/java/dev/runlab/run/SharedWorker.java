package dev.runlab.run;

import dev.runlab.pacing.Pacer;
import dev.runlab.store.AloneResults;
import dev.runlab.store.Database;
import dev.runlab.store.Hostname;
import dev.runlab.store.Results;
import dev.runlab.store.Results.PendingNarrative;
import dev.runlab.store.SharedCounters;
import dev.runlab.store.SharedResults;
import dev.runlab.store.StoreException;
import dev.runlab.store.Workers;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * This process as one worker of a run on a shared PostgreSQL store: registered in {@code workers},
 * claiming narratives in leases, renewing them and its heartbeat on a timer (and taking its share
 * of the configured rate limits from the number of live workers), and at the end giving back what
 * it still holds. Its pages of narratives wait while other workers hold the rest, and end when
 * every narrative has a final result or the run stops. The run's own worker reads without claiming
 * while no other worker has registered, and hands over when one does (see {@link AloneWorker}); a
 * joined worker waits for that before it claims. Thread-safe where the run uses it from several
 * threads (the heartbeat, the watch for joining workers, the stop).
 */
final class SharedWorker implements AutoCloseable {
  private static final Duration IDLE_POLL = Duration.ofMillis(500);
  private static final Duration TURN_POLL = Duration.ofMillis(100);
  private static final long JOINER_WATCH_MS = 250;

  private final RunSpec spec;
  private final RunEnvironment env;
  private final RunControl control;
  private final String workerId;
  private final int leaseSeconds;
  private final Database beat;
  private final SharedResults beatLeases;
  private final Workers workers;
  private final ScheduledFuture<?> heartbeat;
  private final Supplier<Pacer> pacer;
  private final RunListener listener;
  private volatile LongSupplier committed = () -> 0;
  // every narrative up to this row has a row (or, while alone, was read here): where new ones start
  private volatile long cursor;
  private static final long FREED_EVERY_MS = 5_000;
  // the page thread's: the last claim's size and what it asked, when the first was made, the last
  // look for free leases
  private int lastPage;
  private int lastAsked;
  private long firstClaim;
  private long lastFreedLook = Long.MIN_VALUE / 2;
  private long claimed;
  private volatile int liveWorkers = 1;
  private long nextAnalyze = 1_000;
  private boolean warned;
  private final AloneWorker alone; // null for a joined worker
  private final ScheduledFuture<?> joinerWatch;
  private volatile ResultWriter writer;

  private SharedWorker(
      RunSpec spec,
      RunEnvironment env,
      RunControl control,
      ScheduledExecutorService timers,
      Supplier<Pacer> pacer,
      RunListener listener) {
    this.spec = spec;
    this.env = env;
    this.control = control;
    this.pacer = pacer;
    this.listener = listener;
    this.workerId =
        Hostname.get()
            + ":"
            + ProcessHandle.current().pid()
            + ":"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    this.leaseSeconds = spec.config().run().leaseSeconds();
    this.beat = Database.openExisting(spec.db(), env.clock());
    this.beatLeases = new SharedResults(beat);
    this.workers = new Workers(beat);
    workers.register(workerId, spec.experimentId());
    if (!spec.joined()) {
      // the counters are added to by every worker from here on: start them from the rows
      new SharedCounters(beat, env.clock())
          .setCounts(spec.experimentId(), spec.from().completed(), spec.from().errors());
    }
    if (!spec.joined() && spec.lock().holdsAloneLock()) {
      boolean hasRows = new Results(beat).hasRows(spec.experimentId());
      if (hasRows) {
        beatLeases.analyze(); // the pages look rows up by key: with the table's real size
      }
      this.alone = new AloneWorker(hasRows);
      this.joinerWatch =
          timers.scheduleWithFixedDelay(
              this::watchForJoiners, JOINER_WATCH_MS, JOINER_WATCH_MS, TimeUnit.MILLISECONDS);
    } else {
      this.alone = null;
      this.joinerWatch = null;
    }
    // often enough that a joining or leaving worker changes the others' share of the limits soon
    long every = Math.max(1, Math.min(2, leaseSeconds / 3));
    this.heartbeat = timers.scheduleAtFixedRate(this::beat, 0, every, TimeUnit.SECONDS);
  }

  /**
   * While this worker runs alone: a worker that registered makes it hand over (the joiner waits for
   * that), at the writer's next commit, made now.
   */
  private synchronized void watchForJoiners() {
    if (!alone.alone()) {
      joinerWatch.cancel(false);
      return;
    }
    try {
      if (workers.othersLive(workerId, spec.experimentId())) {
        handOver();
      }
    } catch (RuntimeException e) {
      warnOnce("could not look for joining workers", e);
    }
  }

  private void handOver() {
    alone.want();
    ResultWriter w = writer;
    if (w != null) {
      w.nudge();
    }
  }

  /**
   * A joined worker waits while the run's first worker reads alone (it hands over when it sees this
   * worker registered); returns at once for the run's own worker.
   */
  void awaitTurn() throws InterruptedException {
    if (!spec.joined()) {
      return;
    }
    while (!control.stopping() && !turnCame()) {
      env.sleeper().sleep(TURN_POLL);
    }
  }

  private synchronized boolean turnCame() {
    try {
      return AdvisoryLock.aloneLockFree(beat.connection(), spec.experimentId());
    } catch (SQLException e) {
      throw new StoreException(
          "waiting for the run of experiment "
              + spec.experimentId()
              + " to let workers claim: "
              + e.getMessage(),
          e);
    }
  }

  /** Whether this worker reads without claiming (it is the run's only one so far). */
  boolean alone() {
    return alone != null && alone.alone();
  }

  /** Registers this process as a worker of the run and starts its heartbeat. */
  static SharedWorker start(
      RunSpec spec,
      RunEnvironment env,
      RunControl control,
      ScheduledExecutorService timers,
      Supplier<Pacer> pacer,
      RunListener listener) {
    return new SharedWorker(spec, env, control, timers, pacer, listener);
  }

  String workerId() {
    return workerId;
  }

  /** The writer's side: the leases on its connection, with this worker as their holder. */
  ResultWriter.Shared forWriter(Database writerDb) {
    return new ResultWriter.Shared(
        new SharedResults(writerDb),
        workerId,
        leaseSeconds,
        alone,
        () -> spec.lock().releaseAlone());
  }

  /**
   * The pages of narratives this worker claims now, on {@code reader} (the page thread's
   * connection). An empty page ends a round: nothing is free to claim (see {@link #awaitMoreWork}).
   */
  PendingItems.Pages pages(Database reader) {
    SharedResults leases = new SharedResults(reader);
    AloneResults aloneReads = alone == null ? null : new AloneResults(reader);
    leases.planEachClaim();
    return (afterRow, size) -> {
      if (control.stopping()) {
        return List.of();
      }
      if (alone != null) {
        // paced as claims are (see nextPage): what it reads ahead is leased at the hand-over
        List<PendingNarrative> page =
            alone.page(
                () ->
                    aloneReads.alonePage(
                        spec.experimentId(),
                        spec.dataset().id(),
                        cursor,
                        nextPage(size),
                        alone.lookUp()));
        if (page != null) {
          cursor = Math.max(cursor, aloneReads.lastRow());
          claimed += page.size();
          return page; // empty at the end of the file: see awaitMoreWork
        }
        try {
          if (!alone.awaitHandOver(control::stopping)) {
            return List.of();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return List.of();
        }
      }
      long now = env.clock().millis();
      // free leases appear only when a worker dies or stops: looked for every few seconds, and
      // whenever new narratives run short
      boolean freed = now - lastFreedLook >= FREED_EVERY_MS || lastPage < lastAsked;
      int ask = nextPage(size);
      List<PendingNarrative> page =
          leases.claim(
              spec.experimentId(), spec.dataset().id(), workerId, leaseSeconds, cursor, ask, freed);
      if (freed) {
        lastFreedLook = now;
      }
      cursor = Math.max(cursor, leases.lastFreshRow());
      claimed += page.size();
      if (claimed >= nextAnalyze) {
        // the planner's idea of the result table: a run's statements look rows up by key, and
        // with the counts of the table's first minute they would scan it whole as it grows
        leases.analyze();
        nextAnalyze = 2 * claimed;
      }
      lastAsked = ask;
      lastPage = page.size();
      return page;
    };
  }

  /**
   * How many narratives to claim next: at least {@code least}, at most {@link PendingItems#PAGE},
   * and never more than a quarter of this worker's share of the narratives not yet looked at (a
   * small run is spread over its workers). After its first second, also at most two seconds of the
   * worker's own pace: a slow worker (a rate-limited key) holds few narratives back from the
   * others, a fast one (a local model) claims big pages few times.
   */
  private int nextPage(int least) {
    long now = env.clock().millis();
    if (firstClaim == 0) {
      firstClaim = now;
    }
    long share = Math.max(0, spec.total() - cursor) / (4L * Math.max(1, liveWorkers));
    long page = Math.min(PendingItems.PAGE, share);
    long millis = now - firstClaim;
    if (millis >= 1_000) {
      // what it claimed beyond the pages read ahead at once, over the time it took: its pace
      double perSecond = Math.max(0, claimed - 2L * least) * 1000.0 / millis;
      page = Math.min(page, (long) (2 * perSecond));
    }
    return (int) Math.max(least, page);
  }

  /**
   * After a round that found nothing more to claim: waits while other workers hold the narratives
   * left (a dead worker's leases run out), polling every 500 ms. True when there is something to
   * claim again; false when every narrative has a final result or the run stops.
   */
  boolean awaitMoreWork(Database reader) throws InterruptedException {
    SharedResults leases = new SharedResults(reader);
    ResultWriter w = writer;
    if (w != null) {
      w.flush(); // what this worker finished is counted before it looks
    }
    if (alone != null && alone.alone()) {
      // alone to the end of the file: done, unless something was left (then claim it as anyone)
      if (control.stopping() || leases.finished(spec.experimentId()) >= spec.total()) {
        return false;
      }
      handOver();
      if (!alone.awaitHandOver(control::stopping)) {
        return false;
      }
    }
    while (!control.stopping()) {
      if (leases.finished(spec.experimentId()) >= spec.total()) {
        return false;
      }
      if (leases.claimable(spec.experimentId(), spec.dataset().id(), cursor)) {
        return true;
      }
      env.sleeper().sleep(IDLE_POLL);
    }
    return false;
  }

  /** Renews this worker's leases and heartbeat; takes its share of the configured limits. */
  private synchronized void beat() {
    try {
      beatLeases.renew(spec.experimentId(), workerId, leaseSeconds);
      int live = workers.heartbeat(workerId, spec.experimentId(), committed.getAsLong());
      liveWorkers = live;
      pacer.get().shareConfiguredLimits(live);
    } catch (RuntimeException e) {
      warnOnce(
          "could not renew its leases; after run.lease_seconds other workers may take its"
              + " narratives",
          e);
    }
  }

  private void warnOnce(String what, RuntimeException e) {
    if (!warned) {
      warned = true;
      listener.onWarning(
          spec.experimentId(), "worker " + workerId + " " + what + " (" + e.getMessage() + ")");
    }
  }

  /**
   * The run's writer: what its commits finished (for the heartbeat and this worker's row in {@code
   * workers}), and the commits a hand-over or a look for more work needs made now.
   */
  void attach(ResultWriter resultWriter) {
    committed = resultWriter::committedHere;
    writer = resultWriter;
  }

  /** Stops the heartbeat, gives back the leases still held, and records how the worker ended. */
  synchronized void stop(String status, String message) {
    heartbeat.cancel(false);
    if (joinerWatch != null) {
      joinerWatch.cancel(false);
    }
    try {
      beatLeases.release(spec.experimentId(), workerId);
      workers.stop(workerId, status, committed.getAsLong(), message);
    } catch (RuntimeException e) {
      listener.onWarning(
          spec.experimentId(),
          "worker " + workerId + " could not record its stop: " + e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    heartbeat.cancel(false);
    if (joinerWatch != null) {
      joinerWatch.cancel(false);
    }
    beat.close();
  }
}
