package dev.runlab.model;

import java.time.Duration;

/**
 * What came back for one request: an answer, or a failure with its category. A model outcome that
 * is not usable ({@code truncated}, {@code refusal}) is a failure that still carries the text.
 * Immutable.
 *
 * @param text the answer text (also for truncated answers and refusals), or null
 * @param failure null for a usable answer
 * @param message a short description of the failure for {@code *_error_message} (never a key)
 * @param finishReason the provider's finish or stop reason, if any
 * @param latencyMs time from sending to the full reply
 * @param retryAfter how long the server asked us to wait, or null
 * @param httpStatus the HTTP status, or null (the sim model, network errors)
 */
public record ModelReply(
    String text,
    ErrorCategory failure,
    String message,
    String finishReason,
    Integer promptTokens,
    Integer completionTokens,
    long latencyMs,
    Duration retryAfter,
    Integer httpStatus) {

  public static ModelReply answer(
      String text,
      String finishReason,
      Integer promptTokens,
      Integer completionTokens,
      long latencyMs) {
    return new ModelReply(
        text, null, null, finishReason, promptTokens, completionTokens, latencyMs, null, 200);
  }

  public static ModelReply failure(
      ErrorCategory category,
      String message,
      Duration retryAfter,
      Integer httpStatus,
      long latencyMs) {
    return new ModelReply(
        null, category, message, null, null, null, latencyMs, retryAfter, httpStatus);
  }

  public boolean ok() {
    return failure == null;
  }

  /** The same reply with a failure category and message (e.g. after parsing the text). */
  public ModelReply withFailure(ErrorCategory category, String newMessage) {
    return new ModelReply(
        text,
        category,
        newMessage,
        finishReason,
        promptTokens,
        completionTokens,
        latencyMs,
        retryAfter,
        httpStatus);
  }
}
