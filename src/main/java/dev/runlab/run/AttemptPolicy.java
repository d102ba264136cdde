package dev.runlab.run;

import dev.runlab.model.AnswerParser;
import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelReply;
import dev.runlab.store.ResultUpdate;
import java.time.Instant;

/**
 * What one reply means for its item (README, Errors and retries): a final result, a retry, or the
 * end of the whole run; and the row update that records it. Thread-safe (immutable).
 */
final class AttemptPolicy {

  /** What happens next for the item. */
  enum Next {
    DONE,
    RETRY,
    STOP_RUN
  }

  /** The decision for one attempt: the row update to write and what to do next. */
  record Decision(ResultUpdate update, Next next, ErrorCategory category) {}

  private final long experimentId;
  private final AnswerParser parser;
  private final int maxAttempts;
  private final boolean retryParseErrors;

  AttemptPolicy(long experimentId, AnswerParser parser, int maxAttempts, boolean retryParseErrors) {
    this.experimentId = experimentId;
    this.parser = parser;
    this.maxAttempts = maxAttempts;
    this.retryParseErrors = retryParseErrors;
  }

  /** Decides after {@code item.attempts} has been counted for the reply. */
  Decision decide(Item item, ModelReply raw, Instant now) {
    ModelReply reply = raw;
    if (raw.ok()) {
      AnswerParser.Parsed parsed = parser.parse(raw.text());
      if (parsed.ok()) {
        item.rateLimitedInARow = 0;
        return new Decision(
            update(item, raw, ResultUpdate.OK, parsed.label(), now), Next.DONE, null);
      }
      reply = raw.withFailure(ErrorCategory.PARSE_ERROR, parsed.error());
    }
    ErrorCategory category = reply.failure();
    if (category == ErrorCategory.RATE_LIMITED) {
      item.rateLimitedInARow++;
    } else {
      item.rateLimitedInARow = 0;
      item.failures++;
    }
    boolean retry =
        category.retryable() || (category == ErrorCategory.PARSE_ERROR && retryParseErrors);
    if (category.handling() == ErrorCategory.Handling.STOP_RUN) {
      return new Decision(
          update(item, reply, ResultUpdate.PENDING, null, now), Next.STOP_RUN, category);
    }
    if (retry && (category == ErrorCategory.RATE_LIMITED || item.failures < maxAttempts)) {
      return new Decision(
          update(item, reply, ResultUpdate.PENDING, null, now), Next.RETRY, category);
    }
    return new Decision(update(item, reply, ResultUpdate.ERROR, null, now), Next.DONE, category);
  }

  /**
   * A request that a provider batch left unanswered for a reason of the batch's own (it was
   * cancelled by someone else than the run): a failed attempt, tried again until {@code
   * max_attempts}, with the reply's category.
   */
  Decision unanswered(Item item, ModelReply reply, Instant now) {
    item.failures++;
    String status = item.failures < maxAttempts ? ResultUpdate.PENDING : ResultUpdate.ERROR;
    return new Decision(
        update(item, reply, status, null, now),
        status.equals(ResultUpdate.PENDING) ? Next.RETRY : Next.DONE,
        reply.failure());
  }

  /** The update for an attempt that was in flight when the run stopped: counted, not an error. */
  ResultUpdate cancelled(Item item, Instant now) {
    return new ResultUpdate(
        experimentId,
        item.narrativeId,
        ResultUpdate.PENDING,
        null,
        null,
        item.attempts,
        item.failures,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        now);
  }

  private ResultUpdate update(
      Item item, ModelReply reply, String status, String label, Instant now) {
    String message = reply.ok() ? null : describe(reply);
    return new ResultUpdate(
        experimentId,
        item.narrativeId,
        status,
        reply.text(),
        label,
        item.attempts,
        item.failures,
        message,
        reply.ok() ? null : reply.failure().dbValue(),
        reply.latencyMs(),
        reply.promptTokens(),
        reply.completionTokens(),
        reply.finishReason(),
        reply.systemFingerprint(),
        now);
  }

  private static String describe(ModelReply reply) {
    boolean transport = reply.httpStatus() != null && reply.httpStatus() != 200;
    String status = transport ? "HTTP " + reply.httpStatus() + ": " : "";
    String message = reply.message() == null ? reply.failure().dbValue() : reply.message();
    return message.startsWith("HTTP ") ? message : status + message;
  }
}
