package dev.runlab.model;

import java.util.Locale;

/**
 * Why an attempt did not give a usable answer, stored as lower-case text in {@code
 * narrative_results.error_category}. Each category knows what the run does about it (README, Errors
 * and retries).
 */
public enum ErrorCategory {
  RATE_LIMITED(Handling.RETRY),
  OVERLOADED(Handling.RETRY),
  SERVER_ERROR(Handling.RETRY),
  TIMEOUT(Handling.RETRY),
  NETWORK(Handling.RETRY),
  PROTOCOL(Handling.RETRY),
  AUTH(Handling.STOP_RUN),
  QUOTA_EXHAUSTED(Handling.STOP_RUN),
  NOT_FOUND(Handling.STOP_RUN),
  BAD_REQUEST(Handling.FINAL),
  CONTEXT_LENGTH(Handling.FINAL),
  TRUNCATED(Handling.MODEL_OUTCOME),
  REFUSAL(Handling.MODEL_OUTCOME),
  PARSE_ERROR(Handling.MODEL_OUTCOME),
  CANCELLED(Handling.NOT_AN_ERROR);

  /** What the run does after an attempt fails in a category. */
  public enum Handling {
    /** A transport failure: retried with backoff, never scored. */
    RETRY,
    /** Retrying is pointless for every item: the whole run stops, status failed. */
    STOP_RUN,
    /** The request itself is wrong: the item's error is final at once. */
    FINAL,
    /** The model answered, but not usably: recorded as the item's (wrong) result. */
    MODEL_OUTCOME,
    /** The run stopped while the request was in flight. */
    NOT_AN_ERROR
  }

  private final Handling handling;

  ErrorCategory(Handling handling) {
    this.handling = handling;
  }

  public Handling handling() {
    return handling;
  }

  /** Whether another attempt may succeed (for {@code parse_error}: when the config says so). */
  public boolean retryable() {
    return handling == Handling.RETRY;
  }

  /** Whether the failure is the model's answer rather than the transport's. */
  public boolean modelOutcome() {
    return handling == Handling.MODEL_OUTCOME;
  }

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The category of a stored value, or null for null. */
  public static ErrorCategory fromDb(String value) {
    return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return dbValue();
  }
}
