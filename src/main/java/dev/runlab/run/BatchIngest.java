package dev.runlab.run;

import dev.runlab.model.BatchApi;
import dev.runlab.model.BatchLine;
import dev.runlab.model.BatchState;
import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelReply;
import dev.runlab.store.ControlRequest;
import dev.runlab.store.ProviderBatch;
import dev.runlab.store.ProviderBatchRequests;
import dev.runlab.store.ProviderBatches;
import dev.runlab.store.ResultUpdate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ended batch's results and writes them as online answers are written: every line maps
 * back to one narrative through its custom_id, its reply goes through the same {@link
 * AttemptPolicy} (same categories, tokens, finish reasons; {@code attempt_count} + 1 for each
 * narrative the batch held; {@code first_error_message} kept), in any order. A line that is not
 * JSON, names a request this submission does not hold, or repeats one is set aside and reported; a
 * narrative without a line is not answered: expired or cancelled with the batch, else a {@code
 * protocol} failure, and goes out again in a new batch until {@code run.max_attempts}. Used by the
 * run's coordinator thread only.
 */
final class BatchIngest {
  private final BatchApi api;
  private final BatchCalls calls;
  private final BatchLedger ledger;
  private final AttemptPolicy policy;
  private final Clock clock;
  private final Path folder;

  BatchIngest(
      BatchApi api,
      BatchCalls calls,
      BatchLedger ledger,
      AttemptPolicy policy,
      Clock clock,
      Path folder) {
    this.api = api;
    this.calls = calls;
    this.ledger = ledger;
    this.policy = policy;
    this.clock = clock;
    this.folder = folder;
  }

  /**
   * What ingesting a batch did: the request of another process read with the commit, a category
   * that stops the run (auth, quota, not found) with its message, what was set aside, and whether
   * the batch turned out not to be the submission's at all (no line matched).
   */
  record Outcome(
      ControlRequest request,
      ErrorCategory stopOn,
      String stopMessage,
      List<String> problems,
      boolean foreign) {}

  /** What the lines of the results come to: one update per narrative, as they are read. */
  private final class Tally {
    final Map<String, ProviderBatchRequests.Held> held;
    final Set<String> answered = new HashSet<>();
    final List<ResultUpdate> updates = new ArrayList<>();
    final Instant now = clock.instant();
    final int[] counts = new int[4]; // succeeded, errored, expired, cancelled
    final long[] tokens = new long[2];
    long rateLimited;
    ErrorCategory stopOn;
    String stopMessage;
    int unreadable;
    int foreign;
    int repeated;
    int skipped;
    String firstUnreadable;

    final boolean cancelledByTheRun;

    Tally(Map<String, ProviderBatchRequests.Held> held, boolean cancelledByTheRun) {
      this.held = held;
      this.cancelledByTheRun = cancelledByTheRun;
    }

    /** Sorts one line out: unreadable, foreign, repeated, or a narrative's reply. */
    void line(BatchLine line) {
      if (!line.readable()) {
        unreadable++;
        firstUnreadable = firstUnreadable == null ? line.reply().message() : firstUnreadable;
      } else if (!held.containsKey(line.customId())) {
        foreign++;
      } else if (!answered.add(line.customId())) {
        repeated++; // the first line of a request counts, as it was read first
      } else {
        reply(held.get(line.customId()), line.reply());
      }
    }

    /** The update of a narrative the batch held, through the online attempt policy. */
    void reply(ProviderBatchRequests.Held h, ModelReply reply) {
      if ("ok".equals(h.status()) || "error".equals(h.status())) {
        skipped++; // a final row is never overwritten
        return;
      }
      count(reply, counts, tokens);
      rateLimited += reply.failure() == ErrorCategory.RATE_LIMITED ? 1 : 0;
      Item item = new Item(h.narrativeId(), "", null, "", h.attempts() + 1, h.failures());
      if (reply.failure() == ErrorCategory.CANCELLED && cancelledByTheRun) {
        updates.add(policy.cancelled(item, now)); // the run's own cancel: not the item's failure
        return;
      }
      AttemptPolicy.Decision decision =
          reply.failure() == ErrorCategory.CANCELLED
              ? policy.unanswered(item, reply, now)
              : policy.decide(item, reply, now);
      updates.add(decision.update());
      if (decision.next() == AttemptPolicy.Next.STOP_RUN && stopOn == null) {
        stopOn = decision.category();
        stopMessage = decision.update().errorMessage();
      }
    }
  }

  Outcome ingest(ProviderBatch s, BatchState ended) throws InterruptedException {
    Map<String, ProviderBatchRequests.Held> held = new LinkedHashMap<>();
    for (ProviderBatchRequests.Held h :
        new ProviderBatchRequests(ledger.db()).held(s.submissionId())) {
      held.put(h.customId(), h);
    }
    Tally tally = read(ended, held, s.cancelRequestedAt() != null);
    if (tally.answered.isEmpty() && tally.foreign > 0) {
      return new Outcome(null, null, null, List.of(), true);
    }
    for (ProviderBatchRequests.Held h : held.values()) {
      if (!tally.answered.contains(h.customId())) {
        tally.reply(h, missing(ended, s, tally.unreadable));
      }
    }
    ProviderBatches.Ingested ingested =
        new ProviderBatches.Ingested(
            tally.counts[0],
            tally.counts[1],
            tally.counts[2],
            tally.counts[3],
            tally.tokens[0],
            tally.tokens[1],
            summary(tally));
    ControlRequest request =
        ledger.ingest(
            new BatchLedger.Ingestion(
                s.submissionId(), ended.batchId(), tally.updates, ingested, tally.rateLimited));
    return new Outcome(request, tally.stopOn, tally.stopMessage, problems(tally), false);
  }

  private Tally read(
      BatchState ended, Map<String, ProviderBatchRequests.Held> held, boolean cancelledByTheRun)
      throws InterruptedException {
    long latency =
        ended.createdAt() == null || ended.endedAt() == null
            ? 0
            : Math.max(0, Duration.between(ended.createdAt(), ended.endedAt()).toMillis());
    Tally tally = new Tally(held, cancelledByTheRun);
    try (BatchApi.ResultLines results = calls.call(() -> api.results(ended, folder, latency))) {
      while (results.hasNext()) {
        tally.line(results.next());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the downloaded results of a batch", e);
    }
    return tally;
  }

  /** The reply of a narrative the results have no line for. */
  private static ModelReply missing(BatchState ended, ProviderBatch s, int unreadable) {
    String status = ended.status();
    if (status.equals("expired")) {
      return ModelReply.failure(
          ErrorCategory.TIMEOUT,
          "the batch expired before this request was answered (no result line)",
          null,
          null,
          0);
    }
    if (status.startsWith("cancel") || s.cancelRequestedAt() != null) {
      return ModelReply.failure(
          ErrorCategory.CANCELLED, "the batch was cancelled before it answered", null, null, 0);
    }
    String unread =
        unreadable == 0 ? "" : " (" + unreadable + " lines of the results could not be read)";
    return ModelReply.failure(
        ErrorCategory.PROTOCOL,
        "batch " + ended.batchId() + " ended without a result line for this request" + unread,
        null,
        null,
        0);
  }

  private static void count(ModelReply reply, int[] counts, long[] tokens) {
    ErrorCategory c = reply.failure();
    if (c == null || c.modelOutcome()) {
      counts[0]++;
    } else if (c == ErrorCategory.TIMEOUT && reply.httpStatus() == null) {
      counts[2]++; // not answered before the batch's window closed
    } else if (c == ErrorCategory.CANCELLED) {
      counts[3]++;
    } else {
      counts[1]++;
    }
    tokens[0] += reply.promptTokens() == null ? 0 : reply.promptTokens();
    tokens[1] += reply.completionTokens() == null ? 0 : reply.completionTokens();
  }

  private static List<String> problems(Tally lines) {
    List<String> problems = new ArrayList<>();
    if (lines.unreadable > 0) {
      problems.add(
          lines.unreadable
              + " lines of the results could not be read and were set aside (the first: "
              + lines.firstUnreadable
              + "); their narratives go out again");
    }
    if (lines.foreign > 0) {
      problems.add(
          lines.foreign + " lines named requests this submission does not hold and were ignored");
    }
    if (lines.repeated > 0) {
      problems.add(lines.repeated + " lines repeated a request; the first line of each counted");
    }
    if (lines.skipped > 0) {
      problems.add(lines.skipped + " narratives already had a final result, which was kept");
    }
    return problems;
  }

  private static String summary(Tally lines) {
    List<String> problems = problems(lines);
    return problems.isEmpty() ? null : String.join("; ", problems);
  }
}
