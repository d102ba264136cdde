package dev.runlab.model;

import java.time.Duration;

/**
 * What came back for one request: an answer, or a failure with its category. A model outcome that
 * is not usable ({@code truncated}, {@code refusal}) is a failure that still carries the text.
 * Immutable; build one with {@link #answer} or {@link #failure} and the {@code with...} methods.
 *
 * @param text the answer text (also for truncated answers and refusals), or null
 * @param failure null for a usable answer
 * @param message a short description of the failure for {@code *_error_message} (never a key)
 * @param finishReason the provider's finish or stop reason, if any
 * @param latencyMs time from sending to the full reply
 * @param retryAfter how long the server asked us to wait, or null
 * @param httpStatus the HTTP status, or null (the sim model, network errors)
 * @param systemFingerprint the {@code system_fingerprint} of an OpenAI-compatible answer (the
 *     server's backend configuration), or null
 * @param limits the rate limits the reply's headers announced ({@link AnnouncedLimits#NONE} when
 *     none)
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
    Integer httpStatus,
    String systemFingerprint,
    AnnouncedLimits limits) {

  public ModelReply {
    limits = limits == null ? AnnouncedLimits.NONE : limits;
  }

  /** A usable answer (HTTP 200). */
  public static ModelReply answer(
      String text,
      String finishReason,
      Integer promptTokens,
      Integer completionTokens,
      long latencyMs) {
    return new ModelReply(
        text,
        null,
        null,
        finishReason,
        promptTokens,
        completionTokens,
        latencyMs,
        null,
        200,
        null,
        AnnouncedLimits.NONE);
  }

  /** A failure without an answer text. */
  public static ModelReply failure(
      ErrorCategory category,
      String message,
      Duration retryAfter,
      Integer httpStatus,
      long latencyMs) {
    return new ModelReply(
        null,
        category,
        message,
        null,
        null,
        null,
        latencyMs,
        retryAfter,
        httpStatus,
        null,
        AnnouncedLimits.NONE);
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
        httpStatus,
        systemFingerprint,
        limits);
  }

  /** The same reply with the server's {@code system_fingerprint}. */
  public ModelReply withSystemFingerprint(String fingerprint) {
    return new ModelReply(
        text,
        failure,
        message,
        finishReason,
        promptTokens,
        completionTokens,
        latencyMs,
        retryAfter,
        httpStatus,
        fingerprint,
        limits);
  }

  /** The same reply with the rate limits its headers announced. */
  public ModelReply withLimits(AnnouncedLimits announced) {
    return new ModelReply(
        text,
        failure,
        message,
        finishReason,
        promptTokens,
        completionTokens,
        latencyMs,
        retryAfter,
        httpStatus,
        systemFingerprint,
        announced);
  }
}
