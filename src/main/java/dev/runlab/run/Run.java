package dev.runlab.run;

import dev.runlab.ExitCode;
import dev.runlab.TempFolders;
import dev.runlab.experiment.PromptTemplate;
import dev.runlab.experiment.Status;
import dev.runlab.model.AnswerParser;
import dev.runlab.model.BatchApi;
import dev.runlab.model.ModelClient;
import dev.runlab.model.ModelClients;
import dev.runlab.pacing.Pacer;
import dev.runlab.pacing.PacerSettings;
import dev.runlab.pacing.PacingState;
import dev.runlab.pacing.TokenCounting;
import dev.runlab.store.ControlRequest;
import dev.runlab.store.Database;
import dev.runlab.store.Results;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One experiment being run in the background: a coordinator thread that dispatches requests, worker
 * threads that send them, and a writer thread that commits the results. This is the handle front
 * ends keep: to watch progress, to pause or cancel, and to await the outcome. Thread-safe.
 */
public final class Run {
  private final RunSpec spec;
  private final RunEnvironment env;
  private final RunListener listener;
  private final RunControl control = new RunControl();
  private final CompletableFuture<RunOutcome> outcome = new CompletableFuture<>();
  private final ProgressTracker tracker;
  private volatile Pacer pacer = Pacer.NONE;
  private volatile boolean stoppedByStore;
  private final RunEndings endings;

  private Run(RunSpec spec, RunEnvironment env, RunListener listener) {
    this.spec = spec;
    this.env = env;
    this.listener = listener;
    this.endings = new RunEndings(spec, control, env);
    this.tracker =
        new ProgressTracker(
            spec.experimentId(),
            env.clock(),
            ProgressTracker.DEFAULT_WINDOW,
            spec.from().total(),
            spec.from().completed(),
            spec.from().errors(),
            spec.from().activeSeconds());
  }

  /** Starts the run's threads; the caller already holds the experiment's lock in {@code spec}. */
  static Run start(RunSpec spec, RunEnvironment env, RunListener listener) {
    Run run = new Run(spec, env, listener);
    Thread coordinator = env.threads().newThread(run::coordinate);
    coordinator.setName("runlab-run-" + spec.experimentId());
    coordinator.start();
    return run;
  }

  public long experimentId() {
    return spec.experimentId();
  }

  public ProgressSnapshot progress() {
    return tracker.snapshot();
  }

  /** What the run's pacing does now: limits in force and where they came from, rate now. */
  public PacingState pacing() {
    return pacer.state();
  }

  public boolean isActive() {
    return !outcome.isDone();
  }

  /** Asks the run to stop after the requests in flight: its status becomes paused. */
  public void requestPause(String why) {
    control.requestStop(RunControl.Reason.PAUSE, why);
  }

  /** Asks the run to stop after the requests in flight: its status becomes cancelled. */
  public void requestCancel(String why) {
    control.requestStop(RunControl.Reason.CANCEL, why);
  }

  /** Waits for the run to end. */
  public RunOutcome await() throws InterruptedException {
    try {
      return outcome.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("run coordinator failed", e.getCause());
    }
  }

  /** Waits up to {@code timeout}; empty when the run is still going. */
  public Optional<RunOutcome> await(Duration timeout) throws InterruptedException {
    try {
      return Optional.of(outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (java.util.concurrent.TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("run coordinator failed", e.getCause());
    }
  }

  public CompletableFuture<RunOutcome> completion() {
    return outcome;
  }

  private void coordinate() {
    RunOutcome result = null;
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(env.threads());
    try {
      long interval = env.progressInterval().toMillis();
      timers.scheduleAtFixedRate(
          () -> listener.onProgress(tracker.snapshot()), interval, interval, TimeUnit.MILLISECONDS);
      result = spec.config().run().batchMode() ? batches() : online(timers);
    } catch (RuntimeException | InterruptedException e) {
      result = crashed(e, "");
    } finally {
      timers.shutdownNow();
      spec.lock().close();
      RunOutcome end =
          result == null ? crashed(new IllegalStateException("no outcome"), "") : result;
      listener.onProgress(tracker.snapshot());
      listener.onFinished(end);
      outcome.complete(end);
    }
  }

  /** One request per narrative: workers, pacing, retries, and the writer thread. */
  private RunOutcome online(ScheduledExecutorService timers) throws InterruptedException {
    try (Database reader = Database.openExisting(spec.db(), env.clock());
        Database writerDb = Database.openExisting(spec.db(), env.clock());
        ModelClient client =
            ModelClients.create(spec.config(), env.sleeper(), env.clock(), env.environment())) {
      ResultWriter writer = newWriter(writerDb);
      pacer = pacer(writer); // before the first heartbeat gives it its share of the limits
      SharedWorker worker =
          spec.db().isPostgres()
              ? SharedWorker.start(spec, env, control, timers, () -> pacer, listener)
              : null;
      try {
        if (worker != null) {
          writer.shared(worker.forWriter(writerDb));
          worker.attach(writer);
        }
        Thread writerThread = env.threads().newThread(writer);
        writerThread.setName("runlab-writer-" + spec.experimentId());
        writerThread.start();
        if (worker != null) {
          worker.awaitTurn(); // a joined worker: while the run's first worker reads alone
        }
        long dropped = 0;
        long left = spec.limit();
        boolean more = true;
        while (more) {
          // a shared run goes in rounds: a round ends when nothing is free to claim, and the next
          // begins when other workers' leases end (a dead worker's) or everything is done
          Dispatcher dispatcher;
          try (Prefetcher<Item> items = pendingItems(reader, worker, left)) {
            dispatcher = newDispatcher(items, client, writer, timers);
            dispatcher.run(env.threads(), env.drainGrace());
          }
          dropped += dispatcher.droppedCount();
          left = spec.limit() == 0 ? 0 : left - dispatcher.taken();
          more =
              worker != null
                  && (spec.limit() == 0 || left > 0)
                  && writer.failure() == null
                  && worker.awaitMoreWork(reader);
        }
        RunOutcome end = finish(writer, dropped);
        if (worker != null) {
          worker.stop(end.status() == Status.FAILED ? "failed" : "stopped", end.message());
        }
        return end;
      } finally {
        if (worker != null) {
          worker.close();
        }
      }
    }
  }

  /** The provider's batch API ({@code run.mode: batch}), on this coordinator thread. */
  private RunOutcome batches() throws InterruptedException {
    Path folder = BatchFolder.create();
    try (Database db = Database.openExisting(spec.db(), env.clock());
        BatchApi api = ModelClients.batchApi(spec.config(), env.clock(), env.environment())) {
      BatchLedger ledger =
          new BatchLedger(
              db,
              spec.experimentId(),
              env.clock(),
              tracker,
              spec.from().completed(),
              spec.from().errors());
      return outcome(
          new BatchRun(spec, env, control, listener, api, ledger, folder).run(this::ending));
    } finally {
      TempFolders.deleteTree(folder);
    }
  }

  private ResultWriter newWriter(Database writerDb) {
    return new ResultWriter(
        writerDb,
        spec.experimentId(),
        spec.config().run().batchSize(),
        env.commitInterval(),
        env.clock(),
        tracker,
        spec.from().completed(),
        spec.from().errors(),
        this::onControlRequest,
        e ->
            control.requestStop(
                RunControl.Reason.FAIL, "the database could not be written: " + e.getMessage()));
  }

  /**
   * The narratives still to do, read ahead on their own thread; on a shared store, claimed in
   * leases by {@code worker}: at least four rounds of requests at a time, more for a fast worker
   * (see SharedWorker), handed over in chunks of four rounds.
   */
  private Prefetcher<Item> pendingItems(Database reader, SharedWorker worker, long limit) {
    var config = spec.config();
    var items =
        new PendingItems(
            worker != null
                ? worker.pages(reader)
                : PendingItems.pending(new Results(reader), spec.experimentId(), spec.dataset()),
            spec.dataset(),
            config.prompt().system() == null
                ? null
                : PromptTemplate.parse(config.prompt().system()),
            PromptTemplate.parse(config.prompt().template()),
            limit);
    if (worker != null) {
      items.endOnEmptyPage();
      int page = Math.max(20, Math.min(PendingItems.PAGE, 4 * config.run().concurrency()));
      return new Prefetcher<>(
          items.pageSize(page), page, page, env.threads(), "runlab-pages-" + spec.experimentId());
    }
    return new Prefetcher<>(
        items,
        4 * PendingItems.PAGE,
        PendingItems.PAGE,
        env.threads(),
        "runlab-pages-" + spec.experimentId());
  }

  private Dispatcher newDispatcher(
      Iterator<Item> items,
      ModelClient client,
      ResultWriter writer,
      ScheduledExecutorService timers) {
    var config = spec.config();
    var policy =
        new AttemptPolicy(
            spec.experimentId(),
            new AnswerParser(config.parse()),
            config.run().maxAttempts(),
            config.run().retryParseErrors());
    var limit = new ConcurrencyLimit(config.run().concurrency());
    var backoff =
        new Backoff(
            config.run().backoffBaseMs(), config.run().backoffMaxMs(), new SplittableRandom());
    return new Dispatcher(
        items,
        client,
        policy,
        writer,
        limit,
        pacer,
        backoff,
        timers,
        env.clock(),
        Duration.ofSeconds(config.run().timeoutSeconds()),
        control,
        config.run().concurrency());
  }

  /**
   * No pacing for the simulated model without limits (it measures the engine); otherwise the
   * configured limits, those the server announces and those learned from its 429s (docs/pacing.md).
   * What the pacer does is stored with each commit for {@code runlab status} in other processes;
   * headers it cannot trust are warned about once, in the run's log.
   */
  private Pacer pacer(ResultWriter writer) {
    var config = spec.config();
    int rpm = config.run().requestsPerMinute();
    int tpm = config.run().tokensPerMinute();
    if (config.model().isSimulated() && rpm == 0 && tpm == 0) {
      return Pacer.NONE;
    }
    var settings =
        new PacerSettings(
            rpm, tpm, config.model().maxTokens(), TokenCounting.of(config.model().provider()));
    Pacer.Observer observer =
        new Pacer.Observer() {
          @Override
          public void pacing(PacingState state) {
            writer.pacing(state.holdUntil(), state.toJson());
          }

          @Override
          public void untrusted(String problem) {
            listener.onWarning(
                spec.experimentId(),
                "the server sent a rate-limit header runlab does not trust, and ignores it: "
                    + problem);
          }
        };
    return Pacer.create(settings, env.clock(), env.sleeper(), observer);
  }

  private RunOutcome finish(ResultWriter writer, long dropped) throws InterruptedException {
    if (writer.failure() != null) {
      return crashed(
          writer.failure(),
          dropped == 0
              ? ""
              : "; "
                  + dropped
                  + " results that came after that were not saved and are requested again on"
                  + " resume");
    }
    return outcome(writer.finish(this::ending));
  }

  private RunOutcome outcome(ResultWriter.Ending end) {
    RunControl.Reason reason = control.reason();
    ExitCode code;
    if (end.status() == Status.FAILED) {
      code = ExitCode.FAILURE;
    } else if (end.status() == Status.COMPLETED || reason == null) {
      code = ExitCode.OK;
    } else {
      code = ExitCode.INTERRUPTED;
    }
    return new RunOutcome(spec.experimentId(), end.status(), end.message(), code);
  }

  /** The final status for {@code completed} narratives with a final result. */
  private ResultWriter.Ending ending(long completed) {
    return endings.ending(completed, stoppedByStore);
  }

  private RunOutcome crashed(Exception e, String lost) {
    return endings.crashed(e, lost);
  }

  /** A request another process wrote, seen by the writer at a commit. */
  private void onControlRequest(ControlRequest request) {
    stoppedByStore = true;
    boolean stopping =
        switch (request) {
          case PAUSE ->
              control.requestStop(RunControl.Reason.PAUSE, "paused on request (runlab pause)");
          case CANCEL ->
              control.requestStop(RunControl.Reason.CANCEL, "cancelled on request (runlab cancel)");
        };
    if (stopping) {
      listener.onInfo(
          spec.experimentId(),
          "experiment "
              + spec.experimentId()
              + ": "
              + request.dbValue()
              + " requested by another process; stopping after the requests in flight");
    }
  }
}
