package dev.runlab.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of {@code provider_batches}: a submission of pending narratives to a provider's batch
 * API, from the moment it is recorded (before anything is uploaded) to its results' ingestion.
 * Immutable.
 *
 * @param submissionId runlab's id, in the batch's metadata and every custom_id
 * @param batchId the provider's id, or null before the batch exists (or is known to exist)
 * @param status the provider's word for the batch, or null before it exists
 */
public record ProviderBatch(
    String submissionId,
    String batchId,
    long experimentId,
    String provider,
    Stage stage,
    String status,
    String inputFileId,
    String outputFileId,
    String errorFileId,
    String resultsUrl,
    int requests,
    long bytes,
    int succeeded,
    int errored,
    int expired,
    int cancelled,
    long promptTokens,
    long completionTokens,
    Instant recordedAt,
    Instant creatingAt,
    Instant createdAt,
    Instant expiresAt,
    Instant completedAt,
    Instant ingestedAt,
    Instant cancelRequestedAt,
    String message) {

  /** runlab's step with a submission; each is written before the step it names is taken. */
  public enum Stage {
    /** The narratives are recorded; nothing is sent yet. */
    RECORDED,
    /** OpenAI: the input file is being uploaded (a file alone is never processed or billed). */
    UPLOADING,
    /** OpenAI: the input file is uploaded; its id is known. */
    UPLOADED,
    /** The batch is being created: it may exist at the provider though its id is not known. */
    CREATING,
    /** The batch exists (its id is known) and has not been ingested. */
    OPEN,
    /** Its results are in {@code narrative_results}: nothing more can come from it. */
    INGESTED,
    /** The provider rejected the input: nothing was answered. */
    FAILED,
    /** Never created (the run was cancelled first): nothing was sent. */
    ABANDONED;

    public String dbValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Stage fromDb(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Whether the submission is done with: its narratives are free to be submitted again. */
    public boolean terminal() {
      return this == INGESTED || this == FAILED || this == ABANDONED;
    }

    /** Whether a batch of the submission may exist at the provider. */
    public boolean mayExist() {
      return this == CREATING || this == OPEN;
    }
  }

  public ProviderBatch {
    Objects.requireNonNull(submissionId, "submissionId");
    Objects.requireNonNull(stage, "stage");
  }
}
