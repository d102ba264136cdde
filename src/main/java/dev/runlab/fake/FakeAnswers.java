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
