package dev.runlab.run;

import dev.runlab.model.BatchApi;
import dev.runlab.model.BatchApiException;
import dev.runlab.model.BatchState;
import dev.runlab.model.ErrorCategory;
import dev.runlab.store.ProviderBatch;
import dev.runlab.store.ProviderBatches;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The steps that move one submission on, each from the stage its row records: send it (again), look
 * for its batch when its create had no answer, poll its batch, and ingest it once ended; a batch
 * the provider rejected stops the run with the provider's errors. Used by the run's coordinator
 * thread only.
 */
final class SubmissionSteps {
  private final long experimentId;
  private final BatchApi api;
  private final BatchCalls calls;
  private final ProviderBatches batches;
  private final BatchSubmitter submitter;
  private final BatchRecovery recovery;
  private final BatchIngest ingest;
  private final BatchLedger ledger;
  private final RunControl control;
  private final RunListener listener;
  private final Clock clock;
  private final Consumer<dev.runlab.store.ControlRequest> onRequest;

  SubmissionSteps(
      long experimentId,
      BatchApi api,
      BatchCalls calls,
      BatchSubmitter submitter,
      BatchRecovery recovery,
      BatchIngest ingest,
      BatchLedger ledger,
      RunControl control,
      RunListener listener,
      Clock clock,
      Consumer<dev.runlab.store.ControlRequest> onRequest) {
    this.experimentId = experimentId;
    this.api = api;
    this.calls = calls;
    this.batches = ledger.batches();
    this.submitter = submitter;
    this.recovery = recovery;
    this.ingest = ingest;
    this.ledger = ledger;
    this.control = control;
    this.listener = listener;
    this.clock = clock;
    this.onRequest = onRequest;
  }

  /** Moves one unfinished submission on from its stage; true when it was ingested. */
  boolean advance(ProviderBatch s) throws InterruptedException {
    switch (s.stage()) {
      case RECORDED, UPLOADING, UPLOADED -> send(s);
      case CREATING -> recover(s);
      case OPEN -> {
        return poll(s);
      }
      default -> {
        // terminal stages are not unfinished
      }
    }
    return false;
  }

  /** Sends a submission; one the provider refuses is closed as failed and stops the run. */
  void send(ProviderBatch s) throws InterruptedException {
    try {
      submitter.send(s);
    } catch (BatchApiException e) {
      if (e.category().handling() != ErrorCategory.Handling.FINAL) {
        throw e;
      }
      String message =
          "the provider rejected batch submission " + s.submissionId() + ": " + e.getMessage();
      batches.close(s.submissionId(), ProviderBatch.Stage.FAILED, message, clock.instant());
      ledger.event("batch_failed", message);
      control.requestStop(RunControl.Reason.FAIL, message);
    }
  }

  /** A submission whose create had no answer: adopt its batch, create it, or wait. */
  void recover(ProviderBatch s) throws InterruptedException {
    BatchRecovery.Outcome found = recovery.find(s);
    switch (found.found()) {
      case EXISTS -> {
        batches.providerState(s.submissionId(), BatchStates.stored(found.state()));
        String message =
            "found batch "
                + found.state().batchId()
                + " of submission "
                + s.submissionId()
                + " at the provider (its create had no answer); polling it";
        ledger.event("batch_recovered", message);
        listener.onInfo(experimentId, message);
      }
      case NONE -> {
        batches.stage(
            s.submissionId(),
            s.inputFileId() == null ? ProviderBatch.Stage.RECORDED : ProviderBatch.Stage.UPLOADED,
            clock.instant());
        send(batches.get(s.submissionId()));
      }
      case UNDECIDED -> {
        // several unknown batches may be it: its narratives stay held until they end
      }
    }
  }

  /** Polls an open batch: stores what the provider says; ingests it once ended. */
  boolean poll(ProviderBatch s) throws InterruptedException {
    try {
      return pollOnce(s);
    } catch (BatchApiException e) {
      if (!e.category().retryable()) {
        throw e;
      }
      // the batch goes on at the provider whatever our reads do: read it again at the next poll
      listener.onWarning(
          experimentId,
          "reading batch "
              + s.batchId()
              + " failed ("
              + e.getMessage()
              + "); it is read again at the next poll");
      return false;
    }
  }

  private boolean pollOnce(ProviderBatch s) throws InterruptedException {
    BatchState state = calls.call(() -> api.get(s.batchId()));
    batches.providerState(s.submissionId(), BatchStates.stored(state));
    if (state.phase() == BatchState.Phase.FAILED) {
      String message =
          "batch "
              + state.batchId()
              + " failed the provider's validation and answered nothing: "
              + (state.problems() == null ? "no errors given" : state.problems());
      batches.close(s.submissionId(), ProviderBatch.Stage.FAILED, message, clock.instant());
      ledger.event("batch_failed", message);
      control.requestStop(RunControl.Reason.FAIL, message);
      return false;
    }
    if (state.phase() != BatchState.Phase.ENDED) {
      return false;
    }
    BatchIngest.Outcome outcome = ingest.ingest(batches.get(s.submissionId()), state);
    if (outcome.foreign()) {
      String message =
          "batch "
              + state.batchId()
              + " holds none of submission "
              + s.submissionId()
              + "'s custom_ids: it is not this run's, so the submission was never created; its"
              + " narratives go out again";
      batches.close(s.submissionId(), ProviderBatch.Stage.ABANDONED, message, clock.instant());
      listener.onWarning(experimentId, message);
      return true;
    }
    report(s, state, outcome);
    onRequest.accept(outcome.request());
    if (outcome.stopOn() != null) {
      control.fail(outcome.stopOn(), outcome.stopMessage());
    }
    return true;
  }

  private void report(ProviderBatch s, BatchState state, BatchIngest.Outcome outcome) {
    ProviderBatch done = batches.get(s.submissionId());
    String message =
        "batch "
            + state.batchId()
            + " ended ("
            + state.status()
            + "): "
            + done.succeeded()
            + " answered, "
            + done.errored()
            + " errored, "
            + done.expired()
            + " expired, "
            + done.cancelled()
            + " cancelled; results stored";
    ledger.event("batch_ingested", message);
    listener.onInfo(experimentId, message);
    for (String problem : outcome.problems()) {
      ledger.event("batch_problem", "batch " + state.batchId() + ": " + problem);
      listener.onWarning(experimentId, "batch " + state.batchId() + ": " + problem);
    }
  }
}
