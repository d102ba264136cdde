package dev.runlab.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlab.experiment.ModelConfig;
import dev.runlab.experiment.ParseConfig;
import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelReply;
import dev.runlab.model.ModelRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;

/**
 * {@code provider: openai}: the Chat Completions API at {@code base_url + /chat/completions}, as
 * OpenAI, Ollama, vLLM, llama.cpp server, LM Studio and OpenRouter serve it. The answer limit goes
 * as {@code max_completion_tokens} to OpenAI's own API (which wants it for newer models) and as
 * {@code max_tokens} to every other server. The answer's {@code system_fingerprint} is kept with it
 * (stored in {@code narrative_results.system_fingerprint}). Thread-safe.
 */
public final class OpenAiClient extends HttpModelClient {
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /** Which body field carries {@code model.max_tokens}. */
  public enum MaxTokensField {
    MAX_TOKENS("max_tokens"),
    MAX_COMPLETION_TOKENS("max_completion_tokens");

    final String field;

    MaxTokensField(String field) {
      this.field = field;
    }

    /** {@code max_completion_tokens} for api.openai.com, {@code max_tokens} elsewhere. */
    public static MaxTokensField forUrl(URI base) {
      return "api.openai.com".equalsIgnoreCase(base.getHost()) ? MAX_COMPLETION_TOKENS : MAX_TOKENS;
    }
  }

  private final ModelConfig config;
  private final MaxTokensField maxTokensField;
  private final JsonNode responseFormat;

  /**
   * @param responseFormat a {@code response_format} object to send as is (e.g. a JSON schema), or
   *     null
   */
  public OpenAiClient(
      ModelConfig config,
      String apiKey,
      Clock clock,
      MaxTokensField maxTokensField,
      JsonNode responseFormat) {
    super(endpoint(config.baseUrl()), apiKey, clock);
    this.config = config;
    this.maxTokensField = maxTokensField;
    this.responseFormat = responseFormat;
  }

  public OpenAiClient(ModelConfig config, String apiKey, Clock clock) {
    this(config, apiKey, clock, MaxTokensField.forUrl(base(config.baseUrl())), null);
  }

  /** The field that {@code model.max_tokens_field} names ({@code auto}: by the base URL). */
  public static MaxTokensField maxTokensField(ModelConfig config) {
    return switch (config.maxTokensField()) {
      case "max_tokens" -> MaxTokensField.MAX_TOKENS;
      case "max_completion_tokens" -> MaxTokensField.MAX_COMPLETION_TOKENS;
      default -> MaxTokensField.forUrl(base(config.baseUrl()));
    };
  }

  /**
   * The {@code response_format} that {@code model.response_format} asks for: null for {@code none};
   * {@code {"type": "json_object"}}; or a strict JSON schema of one string property, {@code
   * parse.field}, limited to {@code parse.labels} when the config lists them.
   */
  public static JsonNode responseFormat(ModelConfig config, ParseConfig parse) {
    switch (config.responseFormat()) {
      case ModelConfig.JSON_OBJECT:
        return JSON.createObjectNode().put("type", "json_object");
      case ModelConfig.JSON_SCHEMA:
        ObjectNode format = JSON.createObjectNode().put("type", "json_schema");
        ObjectNode spec = format.putObject("json_schema").put("name", "answer").put("strict", true);
        ObjectNode schema = spec.putObject("schema").put("type", "object");
        ObjectNode property = schema.putObject("properties").putObject(parse.field());
        property.put("type", "string");
        if (!parse.labels().isEmpty()) {
          ArrayNode values = property.putArray("enum");
          parse.labels().forEach(values::add);
        }
        schema.putArray("required").add(parse.field());
        schema.put("additionalProperties", false);
        return format;
      default:
        return null;
    }
  }

  static URI base(String baseUrl) {
    String b = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.strip();
    return URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
  }

  static URI endpoint(String baseUrl) {
    return URI.create(base(baseUrl) + "/chat/completions");
  }

  @Override
  public String describe() {
    return config.name() + " (OpenAI-compatible API at " + host() + ")";
  }

  @Override
  ObjectNode body(ModelRequest request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", config.name());
    ArrayNode messages = body.putArray("messages");
    if (request.system() != null && !request.system().isEmpty()) {
      messages.addObject().put("role", "system").put("content", request.system());
    }
    messages.addObject().put("role", "user").put("content", request.prompt());
    body.put("temperature", config.temperature());
    if (config.seed() != null) {
      body.put("seed", config.seed());
    }
    body.put(maxTokensField.field, config.maxTokens());
    if (responseFormat != null) {
      body.set("response_format", responseFormat);
    }
    return body;
  }

  @Override
  void headers(HttpRequest.Builder builder, String key) {
    if (key != null && !key.isEmpty()) {
      builder.header("authorization", "Bearer " + key);
    }
  }

  @Override
  ModelReply success(JsonNode body, long latencyMs) {
    JsonNode choice = body.path("choices").path(0);
    if (!choice.isObject()) {
      return malformed("the answer has no choices[0]", latencyMs);
    }
    JsonNode message = choice.path("message");
    JsonNode content = message.get("content");
    String text = content == null || content.isNull() ? null : content.asText();
    String finish = choice.path("finish_reason").asText(null);
    JsonNode usage = body.path("usage");
    Integer prompt = intOrNull(usage.get("prompt_tokens"));
    Integer completion = intOrNull(usage.get("completion_tokens"));
    String fingerprint = body.path("system_fingerprint").asText(null);
    String from = fingerprint == null ? "" : " (system_fingerprint " + fingerprint + ")";
    JsonNode refusal = message.get("refusal");
    if (refusal != null && !refusal.isNull() && !refusal.asText().isEmpty()) {
      return answeredWithProblem(
              refusal.asText(),
              ErrorCategory.REFUSAL,
              "the model refused: " + redact(refusal.asText()),
              finish,
              prompt,
              completion,
              latencyMs)
          .withSystemFingerprint(fingerprint);
    }
    if ("content_filter".equals(finish)) {
      return answeredWithProblem(
              text,
              ErrorCategory.REFUSAL,
              "finish_reason content_filter" + from,
              finish,
              prompt,
              completion,
              latencyMs)
          .withSystemFingerprint(fingerprint);
    }
    if ("length".equals(finish)) {
      return answeredWithProblem(
              text,
              ErrorCategory.TRUNCATED,
              "finish_reason length: the answer hit max_tokens " + config.maxTokens() + from,
              finish,
              prompt,
              completion,
              latencyMs)
          .withSystemFingerprint(fingerprint);
    }
    if (text == null) {
      return malformed("the answer has no message.content", latencyMs);
    }
    return ModelReply.answer(text, finish, prompt, completion, latencyMs)
        .withSystemFingerprint(fingerprint);
  }
}
