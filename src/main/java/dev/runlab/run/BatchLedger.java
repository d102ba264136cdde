package dev.runlab.run;

import dev.runlab.experiment.Status;
import dev.runlab.store.ControlRequest;
import dev.runlab.store.Database;
import dev.runlab.store.Experiments;
import dev.runlab.store.ProviderBatches;
import dev.runlab.store.ResultUpdate;
import dev.runlab.store.Results;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The writes of a batch-mode run: each batch's results in one transaction with its submission
 * marked ingested and the experiment's progress counters, ETA and request accounting, so a kill at
 * any moment leaves a batch either wholly ingested or not at all (and then ingested again on
 * resume, never twice). Between ingestions, {@link #tick} stores the progress and reads what other
 * processes ask (pause, cancel). Used by the run's coordinator thread only.
 */
final class BatchLedger {
  private final Database db;
  private final long experimentId;
  private final Clock clock;
  private final ProgressTracker tracker;
  private final Results results;
  private final Experiments experiments;
  private final ProviderBatches batches;
  private long completed;
  private long errors;

  BatchLedger(
      Database db,
      long experimentId,
      Clock clock,
      ProgressTracker tracker,
      long completed,
      long errors) {
    this.db = db;
    this.experimentId = experimentId;
    this.clock = clock;
    this.tracker = tracker;
    this.results = new Results(db);
    this.experiments = new Experiments(db, clock);
    this.batches = new ProviderBatches(db);
    this.completed = completed;
    this.errors = errors;
  }

  ProviderBatches batches() {
    return batches;
  }

  Database db() {
    return db;
  }

  long completed() {
    return completed;
  }

  /** What one batch's results add up to, written with them. */
  record Ingestion(
      String submissionId,
      String batchId,
      List<ResultUpdate> updates,
      ProviderBatches.Ingested counts,
      long rateLimited) {}

  /**
   * Writes a batch's results, marks its submission ingested and stores the progress, in one
   * transaction; returns a pause or cancel request of another process, or null.
   */
  ControlRequest ingest(Ingestion in) {
    long newCompleted = completed;
    long newErrors = errors;
    for (ResultUpdate u : in.updates()) {
      if (u.finalResult()) {
        newCompleted++;
        newErrors += ResultUpdate.ERROR.equals(u.status()) ? 1 : 0;
      }
    }
    tracker.record(newCompleted, newErrors);
    Experiments.Progress progress =
        progress(
            newCompleted,
            newErrors,
            in.updates().size(),
            in.rateLimited(),
            in.counts().promptTokens(),
            in.counts().completionTokens());
    ControlRequest request =
        db.inTransaction(
            () -> {
              results.upsert(in.updates());
              batches.ingestedInTransaction(
                  in.submissionId(), in.batchId(), in.counts(), clock.instant());
              return experiments.recordProgressInTransaction(experimentId, progress);
            });
    completed = newCompleted;
    errors = newErrors;
    return request;
  }

  /** The run's ETA from its batches (see {@link BatchEta}), stored with the next commit. */
  void estimate(java.time.Instant eta) {
    tracker.estimate(eta);
  }

  /** Stores the progress (the ETA moves while batches run) and reads a control request. */
  ControlRequest tick() {
    Experiments.Progress progress = progress(completed, errors, 0, 0, 0, 0);
    return db.inTransaction(() -> experiments.recordProgressInTransaction(experimentId, progress));
  }

  /**
   * Moves the experiment to the status {@code decide} gives for the count of completed narratives,
   * with the final progress, in one transaction.
   */
  ResultWriter.Ending finish(Function<Long, ResultWriter.Ending> decide) {
    ResultWriter.Ending end = decide.apply(completed);
    tracker.status(end.status());
    Experiments.Progress progress = progress(completed, errors, 0, 0, 0, 0);
    db.inTransaction(
        () -> {
          experiments.recordProgressInTransaction(experimentId, progress);
          experiments.changeStatusInTransaction(
              experimentId, Status.RUNNING, end.status(), end.message());
          return null;
        });
    return end;
  }

  /** A note in the experiment's audit log. */
  void event(String type, String message) {
    experiments.event(experimentId, type, message);
  }

  private Experiments.Progress progress(
      long done,
      long errorCount,
      long requests,
      long rateLimited,
      long promptTokens,
      long completionTokens) {
    ProgressSnapshot snapshot = tracker.snapshot();
    return new Experiments.Progress(
        done,
        errorCount,
        snapshot.eta(),
        snapshot.ratePerSecond(),
        tracker.activeSeconds(),
        requests,
        rateLimited,
        promptTokens,
        completionTokens,
        null,
        null);
  }

  /** The pause or cancel request another process wrote, or null: a read only. */
  ControlRequest requested() {
    String value = experiments.get(experimentId).controlRequest();
    for (ControlRequest r : ControlRequest.values()) {
      if (r.dbValue().equals(value)) {
        return r;
      }
    }
    return null;
  }
}
