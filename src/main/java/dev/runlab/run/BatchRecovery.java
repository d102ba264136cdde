package dev.runlab.run;

import dev.runlab.model.BatchApi;
import dev.runlab.model.BatchLine;
import dev.runlab.model.BatchState;
import dev.runlab.store.ProviderBatch;
import dev.runlab.store.ProviderBatches;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Finds the batch of a submission whose create got no answer (the process died, or the reply was
 * lost): by listing the provider's batches created since then. OpenAI batches carry the submission
 * id in their metadata, so the match is exact (a second batch of the same submission, which only a
 * lost reply followed by a second create could make, is cancelled). Anthropic batches carry no
 * metadata: a batch unknown to this database, of the submission's size, created since it entered
 * {@code creating} is it; when several are, each is waited for to end and the one whose custom_ids
 * carry the submission id is it. Used by the run's coordinator thread only.
 */
final class BatchRecovery {
  /** Provider clocks and ours may differ by this much. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

  /** What a look at the provider found. */
  enum Found {
    /** The batch exists: {@link Outcome#state} is it. */
    EXISTS,
    /** No batch of the submission exists: it may be created (again). */
    NONE,
    /** Several unknown batches may be it and have not ended: look again later. */
    UNDECIDED
  }

  record Outcome(Found found, BatchState state) {}

  private final BatchApi api;
  private final BatchCalls calls;
  private final ProviderBatches batches;
  private final Clock clock;
  private final Path folder;
  private final RunListener listener;
  private final long experimentId;

  BatchRecovery(
      BatchApi api,
      BatchCalls calls,
      ProviderBatches batches,
      Clock clock,
      Path folder,
      RunListener listener,
      long experimentId) {
    this.api = api;
    this.calls = calls;
    this.batches = batches;
    this.clock = clock;
    this.folder = folder;
    this.listener = listener;
    this.experimentId = experimentId;
  }

  /** Looks for the batch of a submission in {@code creating}. */
  Outcome find(ProviderBatch s) throws InterruptedException {
    Instant since = (s.creatingAt() == null ? s.recordedAt() : s.creatingAt()).minus(CLOCK_SKEW);
    List<BatchState> listed = calls.call(() -> api.listSince(since));
    List<BatchState> candidates = new ArrayList<>();
    boolean byMetadata = api.keepsMetadata();
    if (byMetadata) {
      listed.stream()
          .filter(b -> s.submissionId().equals(b.submissionId()))
          .forEach(candidates::add);
    } else {
      Set<String> known = batches.knownBatchIds();
      Instant latest = clock.instant().plus(CLOCK_SKEW);
      listed.stream()
          .filter(b -> !known.contains(b.batchId()) && b.total() == s.requests())
          .filter(b -> b.createdAt() == null || !b.createdAt().isAfter(latest))
          .forEach(candidates::add);
    }
    candidates.sort(
        Comparator.comparing(
            BatchState::createdAt, Comparator.nullsLast(Comparator.naturalOrder())));
    if (candidates.isEmpty()) {
      return new Outcome(Found.NONE, null);
    }
    if (candidates.size() == 1) {
      return new Outcome(Found.EXISTS, candidates.get(0));
    }
    return byMetadata ? duplicates(s, candidates) : byCustomIds(s, candidates);
  }

  /** Two batches of one submission: the first is kept, the others cancelled (never paid twice). */
  private Outcome duplicates(ProviderBatch s, List<BatchState> candidates)
      throws InterruptedException {
    BatchState kept = candidates.get(0);
    for (BatchState extra : candidates.subList(1, candidates.size())) {
      if (!extra.phase().terminal()) {
        calls.call(() -> api.cancel(extra.batchId()));
      }
      listener.onWarning(
          experimentId,
          "submission "
              + s.submissionId()
              + " was created twice at the provider ("
              + kept.batchId()
              + " and "
              + extra.batchId()
              + "); "
              + extra.batchId()
              + " was cancelled and is not read");
    }
    return new Outcome(Found.EXISTS, kept);
  }

  /** Several unknown batches of the right size: the one whose custom_ids are ours, once ended. */
  private Outcome byCustomIds(ProviderBatch s, List<BatchState> candidates)
      throws InterruptedException {
    if (candidates.stream().anyMatch(b -> !b.phase().terminal())) {
      return new Outcome(Found.UNDECIDED, null);
    }
    for (BatchState b : candidates) {
      if (b.phase() == BatchState.Phase.ENDED && carries(b, s.submissionId())) {
        return new Outcome(Found.EXISTS, b);
      }
    }
    return new Outcome(Found.NONE, null);
  }

  private boolean carries(BatchState b, String submissionId) throws InterruptedException {
    try (BatchApi.ResultLines lines = calls.call(() -> api.results(b, folder, 0))) {
      while (lines.hasNext()) {
        BatchLine line = lines.next();
        if (line.readable() && line.customId().startsWith(submissionId + "-")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
