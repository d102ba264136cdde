package dev.runlab.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A batch as the provider described it in one reply (create, poll, list or cancel). Immutable.
 *
 * @param batchId the provider's id
 * @param status the provider's own word (OpenAI: validating, in_progress, finalizing, completed,
 *     expired, cancelling, cancelled, failed; Anthropic: in_progress, canceling, ended)
 * @param total the requests in the batch
 * @param succeeded requests answered (OpenAI: completed)
 * @param errored requests that failed (OpenAI: failed)
 * @param expired requests not answered before the batch expired (Anthropic counts them; OpenAI
 *     reports them as lines of the error file only)
 * @param cancelled requests not answered because the batch was cancelled (Anthropic)
 * @param outputFileId OpenAI: the file of answered requests, once there is one
 * @param errorFileId OpenAI: the file of failed requests, once there is one
 * @param resultsUrl Anthropic: where the results are, once the batch has ended
 * @param submissionId the runlab submission named in the batch's metadata, or null (Anthropic keeps
 *     no metadata)
 * @param problems why the provider rejected the input (OpenAI {@code errors.data}: code, line,
 *     message), or null
 */
public record BatchState(
    String batchId,
    String status,
    Phase phase,
    int total,
    int succeeded,
    int errored,
    int expired,
    int cancelled,
    Instant createdAt,
    Instant expiresAt,
    Instant endedAt,
    String inputFileId,
    String outputFileId,
    String errorFileId,
    String resultsUrl,
    String submissionId,
    String problems) {

  /** Where a batch is in its life, the same for every provider. */
  public enum Phase {
    /** Accepted, being checked or answered: it may still answer. */
    OPEN,
    /** Being cancelled: requests already answered stay; it may still answer a few. */
    CANCELLING,
    /** Done (completed, expired or cancelled): its results can be read and no more will come. */
    ENDED,
    /** The input was rejected (OpenAI validation): nothing was or will be answered. */
    FAILED;

    /** Whether no request of the batch can be answered any more. */
    public boolean terminal() {
      return this == ENDED || this == FAILED;
    }
  }

  public BatchState {
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(phase, "phase");
  }

  /** Requests the provider has finished one way or another. */
  public int finished() {
    return succeeded + errored + expired + cancelled;
  }
}
