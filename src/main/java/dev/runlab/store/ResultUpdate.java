package dev.runlab.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of one narrative's result row after an attempt, as the run's writer upserts it. Counts
 * are absolute (the dispatcher knows the row's prior counts); {@code errorMessage} and {@code
 * errorCategory} describe this attempt's failure, or are null when it succeeded (the row then keeps
 * describing its latest failure). Immutable.
 *
 * @param status {@code ok} or {@code error} (final), or {@code pending} (waits for a retry)
 * @param finalResult whether this update gives the narrative its final result
 * @param systemFingerprint the server's {@code system_fingerprint} for the answer, or null
 */
public record ResultUpdate(
    long experimentId,
    String narrativeId,
    String status,
    String responseText,
    String parsedLabel,
    int attemptCount,
    int failureCount,
    String errorMessage,
    String errorCategory,
    Long latencyMs,
    Integer promptTokens,
    Integer completionTokens,
    String finishReason,
    String systemFingerprint,
    Instant at) {

  public static final String OK = "ok";
  public static final String ERROR = "error";
  public static final String PENDING = "pending";

  public ResultUpdate {
    Objects.requireNonNull(narrativeId, "narrativeId");
    Objects.requireNonNull(at, "at");
    if (!OK.equals(status) && !ERROR.equals(status) && !PENDING.equals(status)) {
      throw new IllegalArgumentException("status must be ok, error or pending: " + status);
    }
  }

  public boolean finalResult() {
    return !PENDING.equals(status);
  }
}
