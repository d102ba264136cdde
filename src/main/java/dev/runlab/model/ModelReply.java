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
    Copy c = new Copy();
    c.text = text;
    c.finishReason = finishReason;
    c.promptTokens = promptTokens;
    c.completionTokens = completionTokens;
    c.latencyMs = latencyMs;
    c.httpStatus = 200;
    return c.build();
  }

  /** A failure without an answer text. */
  public static ModelReply failure(
      ErrorCategory category,
      String message,
      Duration retryAfter,
      Integer httpStatus,
      long latencyMs) {
    Copy c = new Copy();
    c.failure = category;
    c.message = message;
    c.retryAfter = retryAfter;
    c.httpStatus = httpStatus;
    c.latencyMs = latencyMs;
    return c.build();
  }

  public boolean ok() {
    return failure == null;
  }

  /** The same reply with a failure category and message (e.g. after parsing the text). */
  public ModelReply withFailure(ErrorCategory category, String newMessage) {
    Copy c = new Copy(this);
    c.failure = category;
    c.message = newMessage;
    return c.build();
  }

  /** The same reply with the server's {@code system_fingerprint}. */
  public ModelReply withSystemFingerprint(String fingerprint) {
    Copy c = new Copy(this);
    c.systemFingerprint = fingerprint;
    return c.build();
  }

  /** The same reply with the rate limits its headers announced. */
  public ModelReply withLimits(AnnouncedLimits announced) {
    Copy c = new Copy(this);
    c.limits = announced;
    return c.build();
  }

  /** A reply's values by name, to build one or a changed copy. */
  private static final class Copy {
    String text;
    ErrorCategory failure;
    String message;
    String finishReason;
    Integer promptTokens;
    Integer completionTokens;
    long latencyMs;
    Duration retryAfter;
    Integer httpStatus;
    String systemFingerprint;
    AnnouncedLimits limits = AnnouncedLimits.NONE;

    Copy() {}

    Copy(ModelReply r) {
      text = r.text;
      failure = r.failure;
      message = r.message;
      finishReason = r.finishReason;
      promptTokens = r.promptTokens;
      completionTokens = r.completionTokens;
      latencyMs = r.latencyMs;
      retryAfter = r.retryAfter;
      httpStatus = r.httpStatus;
      systemFingerprint = r.systemFingerprint;
      limits = r.limits;
    }

    ModelReply build() {
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
          limits);
    }
  }
}
