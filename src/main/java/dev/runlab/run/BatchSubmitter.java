package dev.runlab.run;

import dev.runlab.RunlabException;
import dev.runlab.model.BatchApi;
import dev.runlab.model.BatchApiException;
import dev.runlab.model.BatchState;
import dev.runlab.store.ProviderBatch;
import dev.runlab.store.ProviderBatches;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Submits pending narratives to the provider's batch API, each step recorded before it is taken:
 * the narratives of a new submission (then nothing is sent yet), {@code uploading} (OpenAI), the
 * file id, {@code creating}, and the batch's id once it exists. A submission that stopped before
 * {@code creating} is simply sent again (an uploaded file alone is never processed or billed); one
 * in {@code creating} is left to {@link BatchRecovery}, since its batch may exist. Used by the
 * run's coordinator thread only.
 */
final class BatchSubmitter {
  private final BatchApi api;
  private final BatchCalls calls;
  private final ProviderBatches batches;
  private final BatchInput input;
  private final Supplier<PendingItems> pending;
  private final long experimentId;
  private final int maxRequests;
  private final long limit;
  private final Set<String> allowed = new HashSet<>();
  private final Clock clock;
  private final Path folder;
  private final RunListener listener;

  BatchSubmitter(
      BatchApi api,
      BatchCalls calls,
      ProviderBatches batches,
      BatchInput input,
      Supplier<PendingItems> pending,
      long experimentId,
      int maxRequests,
      long limit,
      Clock clock,
      Path folder,
      RunListener listener) {
    this.api = api;
    this.calls = calls;
    this.batches = batches;
    this.input = input;
    this.pending = pending;
    this.experimentId = experimentId;
    this.maxRequests = maxRequests;
    this.limit = limit;
    this.clock = clock;
    this.folder = folder;
    this.listener = listener;
  }

  /**
   * Records a new submission of pending narratives that no batch holds (the first {@code
   * run.batch_max_requests} that fit the provider's byte limit); null when there are none.
   */
  ProviderBatch recordNext() {
    String submissionId = newSubmissionId();
    List<ProviderBatches.Request> chosen = new ArrayList<>();
    long bytes = input.frameBytes();
    PendingItems items = pending.get();
    int fresh = 0;
    while (chosen.size() < maxRequests && items.hasNext()) {
      Item item = items.next();
      boolean known = allowed.contains(item.narrativeId);
      if (limit > 0 && !known && allowed.size() + fresh >= limit) {
        continue; // --limit N: only the first N narratives of this run, and their retries
      }
      int seq = chosen.size() + 1;
      String customId = submissionId + "-" + seq;
      int size = input.entryBytes(customId, item, chosen.isEmpty());
      if (bytes + size > api.maxBytes()) {
        if (chosen.isEmpty()) {
          throw RunlabException.failure(
              "narrative "
                  + item.narrativeId
                  + "'s request alone is larger than "
                  + api.provider()
                  + "'s batch limit of "
                  + api.maxBytes()
                  + " bytes; send it with run.mode online",
              null);
        }
        break;
      }
      bytes += size;
      fresh += known ? 0 : 1;
      chosen.add(new ProviderBatches.Request(seq, customId, item.narrativeId));
    }
    if (chosen.isEmpty()) {
      return null;
    }
    if (limit > 0) {
      chosen.forEach(r -> allowed.add(r.narrativeId()));
    }
    batches.record(submissionId, experimentId, api.provider(), chosen, bytes, clock.instant());
    return batches.get(submissionId);
  }

  /**
   * Sends a submission from the step it stopped at (recorded, uploading or uploaded) to a created
   * batch. A create that failed without a clear answer leaves it in {@code creating}, for {@link
   * BatchRecovery}; a create the provider refused is thrown.
   */
  BatchState send(ProviderBatch s) throws InterruptedException {
    Path file = null;
    try {
      String fileId = s.inputFileId();
      boolean upload = api.uploadsInput() && fileId == null;
      if (upload || !api.uploadsInput()) {
        file = input.write(s, folder);
      }
      if (upload) {
        batches.stage(s.submissionId(), ProviderBatch.Stage.UPLOADING, clock.instant());
        Path uploadFile = file;
        fileId = calls.call(() -> api.upload(uploadFile, "runlab-" + s.submissionId() + ".jsonl"));
        batches.uploaded(s.submissionId(), fileId);
      }
      return create(s, fileId, file);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // in the run's temporary folder, deleted with it
        }
      }
    }
  }

  private BatchState create(ProviderBatch s, String fileId, Path file) throws InterruptedException {
    batches.stage(s.submissionId(), ProviderBatch.Stage.CREATING, clock.instant());
    BatchState state;
    try {
      state = api.create(s.submissionId(), experimentId, fileId, file);
    } catch (BatchApiException e) {
      if (e.category().retryable()) {
        // no clear answer: the batch may exist; it stays in creating, and is looked for
        listener.onWarning(
            experimentId,
            "creating the batch of submission "
                + s.submissionId()
                + " got no clear answer ("
                + e.getMessage()
                + "); looking for it at the provider before creating it again");
        return null;
      }
      // the provider answered with a refusal: no batch was made
      batches.stage(
          s.submissionId(),
          fileId == null ? ProviderBatch.Stage.RECORDED : ProviderBatch.Stage.UPLOADED,
          clock.instant());
      throw e;
    }
    batches.providerState(s.submissionId(), BatchStates.stored(state));
    listener.onInfo(
        experimentId,
        "batch "
            + state.batchId()
            + " created at "
            + api.provider()
            + ": "
            + s.requests()
            + " requests (submission "
            + s.submissionId()
            + "), "
            + state.status());
    return state;
  }

  /** A submission id: known before the provider's, in its metadata and every custom_id. */
  static String newSubmissionId() {
    // random from the system's entropy: unique across processes and databases that share an account
    return "rl" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }
}
