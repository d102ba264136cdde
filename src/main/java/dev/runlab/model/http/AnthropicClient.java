package dev.runlab.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlab.experiment.ModelConfig;
import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelReply;
import dev.runlab.model.ModelRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;

/**
 * {@code provider: anthropic}: the Messages API at {@code base_url + /v1/messages}, with {@code
 * x-api-key} and {@code anthropic-version}, the system prompt as top-level {@code system}, {@code
 * max_tokens} (required), {@code stop_reason} and {@code usage.input_tokens/output_tokens}.
 * Thread-safe.
 */
public final class AnthropicClient extends HttpModelClient {
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
  public static final String API_VERSION = "2023-06-01";

  private final ModelConfig config;

  public AnthropicClient(ModelConfig config, String apiKey, Clock clock) {
    super(endpoint(config.baseUrl()), apiKey, clock);
    this.config = config;
  }

  static URI endpoint(String baseUrl) {
    String b = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.strip();
    if (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    if (b.endsWith("/v1")) {
      b = b.substring(0, b.length() - 3);
    }
    return URI.create(b + "/v1/messages");
  }

  @Override
  public String describe() {
    return config.name() + " (Anthropic Messages API at " + host() + ")";
  }

  @Override
  ObjectNode body(ModelRequest request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", config.name());
    body.put("max_tokens", config.maxTokens());
    if (request.system() != null && !request.system().isEmpty()) {
      body.put("system", request.system());
    }
    body.putArray("messages").addObject().put("role", "user").put("content", request.prompt());
    body.put("temperature", config.temperature());
    return body;
  }

  @Override
  void headers(HttpRequest.Builder builder, String key) {
    if (key != null && !key.isEmpty()) {
      builder.header("x-api-key", key);
    }
    builder.header("anthropic-version", API_VERSION);
  }

  @Override
  ModelReply success(JsonNode body, long latencyMs) {
    JsonNode content = body.get("content");
    if (content == null || !content.isArray()) {
      return malformed("the answer has no content array", latencyMs);
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode block : content) {
      if ("text".equals(block.path("type").asText())) {
        text.append(block.path("text").asText(""));
      }
    }
    String stop = body.path("stop_reason").asText(null);
    JsonNode usage = body.path("usage");
    Integer prompt = intOrNull(usage.get("input_tokens"));
    Integer completion = intOrNull(usage.get("output_tokens"));
    if ("max_tokens".equals(stop)) {
      return answeredWithProblem(
          text.toString(),
          ErrorCategory.TRUNCATED,
          "stop_reason max_tokens: the answer hit max_tokens " + config.maxTokens(),
          stop,
          prompt,
          completion,
          latencyMs);
    }
    if ("refusal".equals(stop)) {
      return answeredWithProblem(
          text.toString(),
          ErrorCategory.REFUSAL,
          "stop_reason refusal",
          stop,
          prompt,
          completion,
          latencyMs);
    }
    return ModelReply.answer(text.toString(), stop, prompt, completion, latencyMs);
  }
}
