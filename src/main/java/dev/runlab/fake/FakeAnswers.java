package dev.runlab.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bodies the stand-in server sends, in OpenAI's Chat Completions and Anthropic's Messages
 * shapes: answers with usage, and error objects. Built with Jackson, so any label or message is
 * escaped correctly. Thread-safe.
 */
final class FakeAnswers {
  static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicInteger sequence = new AtomicInteger();

  /** The answer text for a label: {@code {"label": "..."}} (escaped) or the bare label. */
  static String text(String label, String answerFormat) {
    if (!answerFormat.equals("json")) {
      return label;
    }
    // the spacing a model writes, with the label escaped as JSON
    return "{\"label\": " + JSON.getNodeFactory().textNode(label).toString() + "}";
  }

  ObjectNode openAi(
      JsonNode request, String text, String finish, int promptTokens, int completionTokens) {
    ObjectNode r = JSON.createObjectNode();
    r.put("id", "chatcmpl-fake-" + sequence.incrementAndGet());
    r.put("object", "chat.completion");
    r.put("created", Instant.now().getEpochSecond());
    r.put("model", request.path("model").asText("fake"));
    r.put("system_fingerprint", FakeLlmServer.SYSTEM_FINGERPRINT);
    ObjectNode choice = r.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", text);
    message.putNull("refusal");
    choice.put("finish_reason", finish);
    r.putObject("usage")
        .put("prompt_tokens", promptTokens)
        .put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
    return r;
  }

  ObjectNode anthropic(
      JsonNode request, String text, String stop, int promptTokens, int completionTokens) {
    ObjectNode r = JSON.createObjectNode();
    r.put("id", "msg_fake_" + sequence.incrementAndGet());
    r.put("type", "message");
    r.put("role", "assistant");
    r.put("model", request.path("model").asText("fake"));
    r.putArray("content").addObject().put("type", "text").put("text", text);
    r.put("stop_reason", "end_turn".equals(stop) || "stop".equals(stop) ? "end_turn" : stop);
    r.putNull("stop_sequence");
    r.putObject("usage").put("input_tokens", promptTokens).put("output_tokens", completionTokens);
    return r;
  }

  /** An answer body, what the log calls it, and the tokens it used. */
  record Answer(ObjectNode body, String outcome, int completionTokens) {}

  /**
   * The answer of kind {@code ok}, {@code truncated} (cut to three characters, stopped by the token
   * limit) or {@code refusal}, in OpenAI's or Anthropic's shape.
   */
  Answer answer(
      boolean anthropic,
      String kind,
      JsonNode request,
      String label,
      String answerFormat,
      int promptTokens) {
    String text = text(label, answerFormat);
    String finish = "stop";
    if ("truncated".equals(kind)) {
      text = text.substring(0, Math.min(3, text.length()));
      finish = anthropic ? "max_tokens" : "length";
    } else if ("refusal".equals(kind)) {
      text = "I can't help with that.";
      finish = anthropic ? "refusal" : "content_filter";
    }
    String outcome = "refusal".equals(kind) || "truncated".equals(kind) ? kind : "ok";
    int completionTokens = FakeTokenizer.count(text) + 1;
    ObjectNode body =
        anthropic
            ? anthropic(request, text, finish, promptTokens, completionTokens)
            : openAi(request, text, finish, promptTokens, completionTokens);
    return new Answer(body, outcome, completionTokens);
  }

  /**
   * The error body a forced or drawn {@code kind} is answered with ({@code server_error}, {@code
   * overloaded}, {@code quota}, {@code not_found}, {@code bad_request}, {@code context_length}), or
   * null when the kind is not an error answer.
   */
  static ObjectNode errorOfKind(boolean openai, String kind) {
    return switch (kind) {
      case "server_error" -> error(openai, "api_error", null, "The server had an error");
      case "overloaded" -> error(openai, "overloaded_error", null, "Overloaded");
      case "quota" ->
          error(
              openai,
              "insufficient_quota",
              "insufficient_quota",
              "You exceeded your current quota, please check your plan and billing details.");
      case "not_found" ->
          error(openai, "not_found_error", "model_not_found", "The model does not exist");
      case "bad_request" -> error(openai, "invalid_request_error", null, "Invalid request");
      case "context_length" ->
          error(
              openai,
              "invalid_request_error",
              "context_length_exceeded",
              "This model's maximum context length is 8192 tokens.");
      case "rate_limited" ->
          error(openai, "rate_limit_error", "rate_limit_exceeded", "Rate limit reached");
      default -> null;
    };
  }

  /** The HTTP status of an answer of {@code kind} (200 for answers that are not errors). */
  static int statusOfKind(boolean anthropic, String kind) {
    return switch (kind) {
      case "server_error" -> 500;
      case "overloaded" -> anthropic ? 529 : 503;
      case "quota", "rate_limited" -> 429;
      case "not_found" -> 404;
      case "bad_request", "context_length" -> 400;
      default -> 200;
    };
  }

  /** An error body: OpenAI's {@code {"error": {...}}} or Anthropic's {@code {"type": "error"}}. */
  static ObjectNode error(boolean openai, String type, String code, String message) {
    ObjectNode r = JSON.createObjectNode();
    if (openai) {
      ObjectNode e = r.putObject("error");
      e.put("message", message);
      e.put("type", type);
      if (code == null) {
        e.putNull("code");
      } else {
        e.put("code", code);
      }
    } else {
      r.put("type", "error");
      r.putObject("error").put("type", type).put("message", message);
    }
    return r;
  }
}
