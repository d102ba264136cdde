package dev.runlab.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The JSON of the stand-in server's batch APIs, in the providers' shapes: OpenAI's batch object and
 * its output and error file lines; Anthropic's message batch and its result lines. Stateless.
 */
final class FakeBatchJson {
  private FakeBatchJson() {}

  /** OpenAI's batch object. */
  static ObjectNode openAi(FakeBatches.Batch b, String status, int finished) {
    ObjectNode o = FakeAnswers.JSON.createObjectNode();
    o.put("id", b.id);
    o.put("object", "batch");
    o.put("endpoint", "/v1/chat/completions");
    if (b.problems.isEmpty()) {
      o.putNull("errors");
    } else {
      ObjectNode errors = o.putObject("errors").put("object", "list");
      b.problems.forEach(errors.putArray("data")::add);
    }
    o.put("input_file_id", b.inputFileId);
    o.put("completion_window", "24h");
    o.put("status", status);
    text(o, "output_file_id", b.outputFileId);
    text(o, "error_file_id", b.errorFileId);
    o.put("created_at", b.createdAt.getEpochSecond());
    seconds(o, "in_progress_at", b.problems.isEmpty() ? b.createdAt : null);
    o.put("expires_at", b.expiresAt().getEpochSecond());
    seconds(o, "finalizing_at", "completed".equals(status) ? b.endedAt : null);
    seconds(o, "completed_at", "completed".equals(status) ? b.endedAt : null);
    seconds(o, "failed_at", "failed".equals(status) ? b.endedAt : null);
    seconds(o, "expired_at", "expired".equals(status) ? b.endedAt : null);
    seconds(o, "cancelling_at", b.cancelAt);
    seconds(o, "cancelled_at", "cancelled".equals(status) ? b.endedAt : null);
    boolean ended = b.endedAt != null;
    o.putObject("request_counts")
        .put("total", b.lines.size())
        .put("completed", ended ? b.succeeded : finished)
        .put("failed", ended ? b.errored + b.expired : 0);
    if (b.metadata == null || b.metadata.isNull()) {
      o.putNull("metadata");
    } else {
      o.set("metadata", b.metadata);
    }
    return o;
  }

  /** Anthropic's message batch object. */
  static ObjectNode anthropic(FakeBatches.Batch b, String status, int finished, String resultsUrl) {
    ObjectNode o = FakeAnswers.JSON.createObjectNode();
    o.put("id", b.id);
    o.put("type", "message_batch");
    o.put("processing_status", status);
    boolean ended = b.endedAt != null;
    o.putObject("request_counts")
        .put("processing", ended ? 0 : b.lines.size() - finished)
        .put("succeeded", ended ? b.succeeded : finished)
        .put("errored", b.errored)
        .put("canceled", b.cancelled)
        .put("expired", b.expired);
    text(o, "ended_at", ended ? b.endedAt.toString() : null);
    o.put("created_at", b.createdAt.toString());
    o.put("expires_at", b.expiresAt().toString());
    o.putNull("archived_at");
    text(o, "cancel_initiated_at", b.cancelAt == null ? null : b.cancelAt.toString());
    text(o, "results_url", ended ? resultsUrl : null);
    return o;
  }

  /** A result line of a request that was answered, well or with an error. */
  static String answered(
      boolean anthropic, String customId, FakeBatches.Reply reply, String requestId) {
    if (anthropic) {
      if (reply.status() == 200) {
        return anthropicResult(customId, "succeeded", reply.body());
      }
      return anthropicResult(customId, "errored", reply.body());
    }
    ObjectNode line = FakeAnswers.JSON.createObjectNode();
    line.put("id", "batch_req_" + requestId);
    line.put("custom_id", customId);
    ObjectNode response = line.putObject("response");
    response.put("status_code", reply.status());
    response.put("request_id", requestId);
    response.set("body", reply.body());
    line.putNull("error");
    return write(line);
  }

  /** A result line of a request left unanswered when the batch's window closed. */
  static String expired(boolean anthropic, String customId) {
    if (anthropic) {
      return anthropicResult(customId, "expired", null);
    }
    ObjectNode line = FakeAnswers.JSON.createObjectNode();
    line.put("id", "batch_req_expired_" + customId);
    line.put("custom_id", customId);
    line.putNull("response");
    line.putObject("error")
        .put("code", "batch_expired")
        .put("message", "This request could not be executed before the completion window expired.");
    return write(line);
  }

  /**
   * An Anthropic result line: {@code succeeded} with the message, {@code errored} with the error
   * response, {@code canceled} or {@code expired}.
   */
  static String anthropicResult(String customId, String type, JsonNode payload) {
    ObjectNode line = FakeAnswers.JSON.createObjectNode();
    line.put("custom_id", customId);
    ObjectNode result = line.putObject("result").put("type", type);
    if ("succeeded".equals(type)) {
      result.set("message", payload);
    } else if ("errored".equals(type)) {
      result.set("error", payload);
    }
    return write(line);
  }

  private static void text(ObjectNode o, String field, String value) {
    if (value == null) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }

  private static void seconds(ObjectNode o, String field, Instant at) {
    if (at == null) {
      o.putNull(field);
    } else {
      o.put(field, at.getEpochSecond());
    }
  }

  private static String write(JsonNode node) {
    try {
      return FakeAnswers.JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
