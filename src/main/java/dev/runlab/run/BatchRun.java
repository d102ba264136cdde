package dev.runlab.run;

import dev.runlab.TempFolders;
import dev.runlab.experiment.ConfigJson;
import dev.runlab.experiment.ExperimentConfig;
import dev.runlab.experiment.PromptTemplate;
import dev.runlab.model.AnswerParser;
import dev.runlab.model.BatchApi;
import dev.runlab.model.BatchApiException;
import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelClients;
import dev.runlab.store.ControlRequest;
import dev.runlab.store.Database;
import dev.runlab.store.Datasets;
import dev.runlab.store.DbLocation;
import dev.runlab.store.ExperimentRecord;
import dev.runlab.store.ProviderBatch;
import dev.runlab.store.ProviderBatchRequests;
import dev.runlab.store.ProviderBatches;
import dev.runlab.store.Results;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A run in provider batch mode ({@code run.mode: batch}), on the run's coordinator thread: first
 * what earlier runs left (sent again from the recorded step, looked for at the provider, polled),
 * then new submissions of the pending narratives no batch holds; every {@code
 * run.batch_poll_seconds} each open batch is polled and an ended one ingested, after which its
 * narratives that need another attempt go out in a new batch. Pause stops polling (the batches go
 * on at the provider and are ingested on resume); cancel cancels the open batches and ingests what
 * they answered. Not thread-safe: the coordinator's.
 */
final class BatchRun {
  /** How often a wait looks at the run's own stop requests (signals, the lab). */
  private static final Duration CHECK = Duration.ofMillis(250);

  /** How often a wait reads the stop requests of other processes from the database. */
  private static final Duration READ_REQUESTS = Duration.ofSeconds(2);

  private static final int CALL_TRIES = 8;

  private final long experimentId;
  private final Clock clock;
  private final RunEnvironment env;
  private final RunControl control;
  private final RunListener listener;
  private final BatchLedger ledger;
  private final ProviderBatches batches;
  private final BatchSubmitter submitter;
  private final SubmissionSteps steps;
  private final BatchCancel cancel;
  private final Duration pollInterval;

  BatchRun(
      RunSpec spec,
      RunEnvironment env,
      RunControl control,
      RunListener listener,
      BatchApi api,
      BatchLedger ledger,
      Path folder) {
    this.experimentId = spec.experimentId();
    this.clock = env.clock();
    this.env = env;
    this.control = control;
    this.listener = listener;
    this.ledger = ledger;
    this.batches = ledger.batches();
    ExperimentConfig config = spec.config();
    this.pollInterval = Duration.ofMillis((long) (config.run().batchPollSeconds() * 1000));
    BatchCalls calls =
        new BatchCalls(
            new Backoff(
                config.run().backoffBaseMs(), config.run().backoffMaxMs(), new SplittableRandom()),
            env.sleeper(),
            CALL_TRIES);
    this.submitter = submitter(spec, api, calls, folder);
    BatchRecovery recovery =
        new BatchRecovery(api, calls, batches, clock, folder, listener, experimentId);
    AttemptPolicy policy =
        new AttemptPolicy(
            experimentId,
            new AnswerParser(config.parse()),
            config.run().maxAttempts(),
            config.run().retryParseErrors());
    BatchIngest ingest = new BatchIngest(api, calls, ledger, policy, clock, folder);
    this.steps =
        new SubmissionSteps(
            experimentId,
            api,
            calls,
            submitter,
            recovery,
            ingest,
            ledger,
            control,
            listener,
            clock,
            this::onRequest);
    this.cancel =
        new BatchCancel(experimentId, api, calls, batches, recovery, steps, listener, clock);
  }

  /** The submitter of the run's pending narratives, rendering them as the online client would. */
  private BatchSubmitter submitter(RunSpec spec, BatchApi api, BatchCalls calls, Path folder) {
    ExperimentConfig config = spec.config();
    PromptTemplate system =
        config.prompt().system() == null ? null : PromptTemplate.parse(config.prompt().system());
    PromptTemplate template = PromptTemplate.parse(config.prompt().template());
    Results results = new Results(ledger.db());
    long datasetId = spec.dataset().id();
    BatchInput input =
        new BatchInput(
            api,
            new ProviderBatchRequests(ledger.db()),
            new PendingItems((after, size) -> List.of(), spec.dataset(), system, template, 0),
            datasetId,
            Duration.ofSeconds(config.run().timeoutSeconds()));
    int max = config.run().batchMaxRequests();
    return new BatchSubmitter(
        api,
        calls,
        batches,
        input,
        () ->
            new PendingItems(
                (after, size) -> results.unheldPendingPage(experimentId, datasetId, after, size),
                spec.dataset(),
                system,
                template,
                0),
        experimentId,
        max == 0 ? api.maxRequests() : Math.min(max, api.maxRequests()),
        spec.limit(),
        clock,
        folder,
        listener);
  }

  /**
   * {@code runlab cancel} of an experiment no process runs, whose batches may still answer: cancels
   * them at the provider, waits for them to end and stores what they answered; the caller, holding
   * the experiment's lock, then marks the experiment cancelled. Returns what was done, for the
   * status message ("" when there was nothing to cancel).
   */
  static String cancelOutsideRun(
      DbLocation dbLocation, ExperimentRecord record, RunLock lock, RunEnvironment env)
      throws InterruptedException {
    Path folder = BatchFolder.create();
    try (Database db = Database.openExisting(dbLocation, env.clock())) {
      int open = new ProviderBatches(db).unfinished(record.id()).size();
      if (open == 0) {
        return "";
      }
      ExperimentConfig config = ConfigJson.fromJson(record.configJson());
      RunSpec spec = specOf(dbLocation, record, config, lock, db, env);
      ProgressTracker tracker =
          new ProgressTracker(
              record.id(),
              env.clock(),
              ProgressTracker.DEFAULT_WINDOW,
              record.total(),
              record.completed(),
              record.errors(),
              record.activeSeconds());
      RunControl control = new RunControl();
      control.requestStop(RunControl.Reason.CANCEL, "cancelled by runlab cancel");
      try (BatchApi api = ModelClients.batchApi(config, env.clock(), env.environment())) {
        BatchLedger ledger =
            new BatchLedger(
                db, record.id(), env.clock(), tracker, record.completed(), record.errors());
        BatchRun run = new BatchRun(spec, env, control, new RunListener() {}, api, ledger, folder);
        run.cancel.cancelAll(() -> run.await(run.pollInterval, false));
        ledger.tick();
      }
      return "; its "
          + open
          + " unfinished batch submissions were cancelled at the provider (those not yet ended)"
          + " and what they had answered was stored";
    } finally {
      TempFolders.deleteTree(folder);
    }
  }

  private static RunSpec specOf(
      DbLocation dbLocation,
      ExperimentRecord record,
      ExperimentConfig config,
      RunLock lock,
      Database db,
      RunEnvironment env) {
    return new RunSpec(
        dbLocation,
        record.id(),
        config,
        new Datasets(db, env.clock()).get(record.datasetId()),
        new RunSpec.StartingPoint(
            record.total(), record.completed(), record.errors(), record.activeSeconds()),
        0,
        lock);
  }

  /** Runs until every narrative is final, or a stop; returns the ending it committed. */
  ResultWriter.Ending run(Function<Long, ResultWriter.Ending> decide) throws InterruptedException {
    try {
      while (!control.stopping() && step()) {
        // each step moves every submission on and submits what is pending
      }
    } catch (BatchApiException e) {
      stopOn(e);
    }
    if (control.reason() == RunControl.Reason.CANCEL) {
      cancel.cancelAll(() -> await(pollInterval, false));
    }
    return ledger.finish(decide);
  }

  /** One round; false when nothing is left to submit or wait for. */
  private boolean step() throws InterruptedException {
    boolean ingested = false;
    for (ProviderBatch s : batches.unfinished(experimentId)) {
      if (control.stopping()) {
        return true;
      }
      ingested |= steps.advance(s);
    }
    while (!control.stopping()) {
      ProviderBatch s = submitter.recordNext();
      if (s == null) {
        break;
      }
      steps.send(s);
    }
    List<ProviderBatch> all = batches.all(experimentId);
    boolean open = all.stream().anyMatch(b -> !b.stage().terminal());
    ledger.estimate(BatchEta.estimate(all, clock.instant(), false));
    onRequest(ledger.tick());
    if (!open) {
      return false;
    }
    if (!ingested) {
      await(pollInterval, true);
    }
    return true;
  }

  /** A request of another process, seen at a commit or a read. */
  private void onRequest(ControlRequest request) {
    if (request == null) {
      return;
    }
    boolean stopping =
        request == ControlRequest.CANCEL
            ? control.requestStop(
                RunControl.Reason.CANCEL,
                "cancelled on request (runlab cancel); its open batches were cancelled")
            : control.requestStop(
                RunControl.Reason.PAUSE,
                "paused on request (runlab pause); its batches go on at the provider and are read"
                    + " on resume");
    if (stopping) {
      listener.onInfo(
          experimentId,
          "experiment "
              + experimentId
              + ": "
              + request.dbValue()
              + " requested by another process");
    }
  }

  /**
   * Waits {@code interval}, through the run's sleeper; a stop ends it early when {@code stoppable}.
   */
  private void await(Duration interval, boolean stoppable) throws InterruptedException {
    Instant until = clock.instant().plus(interval);
    Instant read = clock.instant().plus(READ_REQUESTS);
    while (!(stoppable && control.stopping()) && clock.instant().isBefore(until)) {
      Duration left = Duration.between(clock.instant(), until);
      env.sleeper().sleep(left.compareTo(CHECK) < 0 ? left : CHECK);
      if (stoppable && !clock.instant().isBefore(read)) {
        onRequest(ledger.requested());
        read = clock.instant().plus(READ_REQUESTS);
      }
    }
  }

  /** A batch API failure that no retry fixed: the run stops, resumable. */
  private void stopOn(BatchApiException e) {
    String message = "the provider's batch API failed: " + e.getMessage();
    if (e.category() == ErrorCategory.NOT_FOUND) {
      control.requestStop(
          RunControl.Reason.FAIL,
          message
              + " — the server at model.base_url has no batch API there (or the base_url is"
              + " wrong); use run.mode online for it");
    } else if (e.category().handling() == ErrorCategory.Handling.STOP_RUN) {
      control.fail(e.category(), e.getMessage());
    } else {
      control.requestStop(RunControl.Reason.FAIL, message + "; resume to try again");
    }
  }
}
