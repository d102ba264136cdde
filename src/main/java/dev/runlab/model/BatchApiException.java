package dev.runlab.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A call to a provider's batch API (upload, create, poll, list, cancel, download) that failed, with
 * the category an online request would get for the same reply, so the run knows whether to try
 * again, give up on the step or stop. The message never holds the API key.
 */
public final class BatchApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCategory category;
  private final transient Duration retryAfter;

  public BatchApiException(ErrorCategory category, String message, Duration retryAfter) {
    super(message);
    this.category = Objects.requireNonNull(category, "category");
    this.retryAfter = retryAfter;
  }

  public BatchApiException(ErrorCategory category, String message) {
    this(category, message, null);
  }

  public ErrorCategory category() {
    return category;
  }

  /** How long the server asked us to wait, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
