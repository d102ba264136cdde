package dev.runlab.run;

import dev.runlab.model.BatchApi;
import dev.runlab.model.BatchApiException;
import dev.runlab.model.BatchState;
import dev.runlab.store.ProviderBatch;
import dev.runlab.store.ProviderBatches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Cancelling a batch-mode run: every submission not yet created is abandoned (nothing was sent),
 * every open batch is cancelled at the provider, then polled until it ends and ingested, so what it
 * answered before the cancel is kept. Used by the run's coordinator thread, or by {@code runlab
 * cancel} for an experiment no process runs.
 */
final class BatchCancel {
  /** How long a cancel waits for the provider to end the cancelled batches. */
  static final Duration CANCEL_WAIT = Duration.ofMinutes(15);

  /** Waits between polls. */
  @FunctionalInterface
  interface Pause {
    void await() throws InterruptedException;
  }

  private final long experimentId;
  private final BatchApi api;
  private final BatchCalls calls;
  private final ProviderBatches batches;
  private final BatchRecovery recovery;
  private final SubmissionSteps steps;
  private final RunListener listener;
  private final Clock clock;

  BatchCancel(
      long experimentId,
      BatchApi api,
      BatchCalls calls,
      ProviderBatches batches,
      BatchRecovery recovery,
      SubmissionSteps steps,
      RunListener listener,
      Clock clock) {
    this.experimentId = experimentId;
    this.api = api;
    this.calls = calls;
    this.batches = batches;
    this.recovery = recovery;
    this.steps = steps;
    this.listener = listener;
    this.clock = clock;
  }

  /** Cancels every open batch, waits for each to end, and ingests what it answered. */
  void cancelAll(Pause pause) throws InterruptedException {
    for (ProviderBatch s : batches.unfinished(experimentId)) {
      try {
        cancel(s);
      } catch (BatchApiException e) {
        listener.onWarning(
            experimentId,
            "could not cancel submission " + s.submissionId() + ": " + e.getMessage());
      }
    }
    Instant deadline = clock.instant().plus(CANCEL_WAIT);
    List<ProviderBatch> open = open();
    while (!open.isEmpty() && clock.instant().isBefore(deadline)) {
      for (ProviderBatch s : open) {
        try {
          steps.poll(s);
        } catch (BatchApiException e) {
          listener.onWarning(experimentId, "polling " + s.batchId() + ": " + e.getMessage());
        }
      }
      open = open();
      if (!open.isEmpty()) {
        pause.await();
      }
    }
    for (ProviderBatch s : open) {
      listener.onWarning(
          experimentId,
          "batch "
              + s.batchId()
              + " was still "
              + s.status()
              + " after "
              + CANCEL_WAIT.toMinutes()
              + " minutes; what it answered was not read");
    }
  }

  /** The submissions whose batch exists and has not been read. */
  private List<ProviderBatch> open() {
    return batches.unfinished(experimentId).stream()
        .filter(s -> s.stage() == ProviderBatch.Stage.OPEN)
        .toList();
  }

  private void cancel(ProviderBatch s) throws InterruptedException {
    ProviderBatch current = s;
    if (s.stage() == ProviderBatch.Stage.CREATING) {
      BatchRecovery.Outcome found = recovery.find(s);
      if (found.found() == BatchRecovery.Found.EXISTS) {
        batches.providerState(s.submissionId(), BatchStates.stored(found.state()));
        current = batches.get(s.submissionId());
      }
    }
    if (current.stage() != ProviderBatch.Stage.OPEN) {
      batches.close(
          s.submissionId(),
          ProviderBatch.Stage.ABANDONED,
          "never created: the run was cancelled first",
          clock.instant());
      return;
    }
    String batchId = current.batchId();
    BatchState state = calls.call(() -> api.get(batchId));
    if (state.phase().terminal() || state.phase() == BatchState.Phase.CANCELLING) {
      batches.providerState(s.submissionId(), BatchStates.stored(state));
      return; // it ended (or is ending) by itself: it is read as it is
    }
    state = calls.call(() -> api.cancel(batchId));
    batches.cancelRequested(s.submissionId(), clock.instant());
    batches.providerState(s.submissionId(), BatchStates.stored(state));
    listener.onInfo(
        experimentId, "batch " + batchId + " cancelled at the provider: " + state.status());
  }
}
