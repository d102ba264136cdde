package dev.runlab.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlab.model.ErrorCategory;
import java.util.Locale;

/**
 * Maps an HTTP status and an error body to an error category (README, Errors and retries), for
 * every server family runlab talks to: OpenAI ({@code
 * {"error":{"message","type","code":"insufficient_quota"}}}), vLLM (a numeric {@code code}, top
 * level or under {@code error}), llama.cpp ({@code
 * {"error":{"code":503,"type":"unavailable_error"}}}), OpenRouter (errors inside a 200) and
 * Anthropic ({@code {"type":"error","error":{"type":"overloaded_error"}}}). Stateless.
 */
public final class ErrorMapping {
  private ErrorMapping() {}

  /** A category and the server's own words. */
  public record Mapped(ErrorCategory category, String message) {}

  /**
   * The error object of a body: {@code error} when it is an object or text, the body itself for
   * vLLM's top-level {@code {"object":"error"}}, else null.
   */
  public static JsonNode errorOf(JsonNode body) {
    if (body == null || !body.isObject()) {
      return null;
    }
    JsonNode error = body.get("error");
    if (error != null && (error.isObject() || error.isTextual())) {
      return error;
    }
    if ("error".equals(body.path("object").asText(null))) {
      return body;
    }
    return null;
  }

  /**
   * The category of a failed response.
   *
   * @param status the HTTP status
   * @param error the error object from {@link #errorOf}, or null (no JSON or no error in it)
   */
  public static Mapped map(int status, JsonNode error) {
    String message = error == null ? null : messageOf(error);
    String code = error == null ? "" : error.path("code").asText("");
    String type = error == null ? "" : error.path("type").asText("");
    int effective = status;
    if (status >= 200 && status < 300) {
      // OpenRouter and others answer 200 with an error: its numeric code says what it is
      JsonNode numeric = error == null ? null : error.get("code");
      effective = numeric != null && numeric.canConvertToInt() ? numeric.asInt() : 500;
      if (effective < 400) {
        effective = 500;
      }
    }
    String words =
        (code + " " + type + " " + (message == null ? "" : message)).toLowerCase(Locale.ROOT);
    ErrorCategory category = byWords(words, effective);
    if (category == null) {
      category = byStatus(effective);
    }
    return new Mapped(category, message);
  }

  private static ErrorCategory byWords(String words, int status) {
    if (words.contains("insufficient_quota")
        || words.contains("billing")
        || words.contains("insufficient credit")
        || words.contains("credit balance")
        || words.contains("exceeded your current quota")
        || status == 402) {
      return ErrorCategory.QUOTA_EXHAUSTED;
    }
    if (words.contains("context_length")
        || words.contains("context length")
        || words.contains("exceed_context")
        || words.contains("maximum context")
        || words.contains("context window")
        || words.contains("prompt is too long")) {
      return ErrorCategory.CONTEXT_LENGTH;
    }
    if (words.contains("overloaded_error")) {
      return ErrorCategory.OVERLOADED;
    }
    if (words.contains("authentication_error")
        || words.contains("permission_error")
        || words.contains("invalid_api_key")) {
      return ErrorCategory.AUTH;
    }
    if (words.contains("model_not_found") || words.contains("not_found_error")) {
      return ErrorCategory.NOT_FOUND;
    }
    if (words.contains("rate_limit_error") || words.contains("rate_limit_exceeded")) {
      return ErrorCategory.RATE_LIMITED;
    }
    return null;
  }

  /** The category of a status alone (README, Errors and retries). */
  public static ErrorCategory byStatus(int status) {
    return switch (status) {
      case 401, 403 -> ErrorCategory.AUTH;
      case 402 -> ErrorCategory.QUOTA_EXHAUSTED;
      case 404 -> ErrorCategory.NOT_FOUND;
      case 429 -> ErrorCategory.RATE_LIMITED;
      case 400, 413, 422 -> ErrorCategory.BAD_REQUEST;
      case 408, 504 -> ErrorCategory.TIMEOUT;
      case 503, 529 -> ErrorCategory.OVERLOADED;
      case 409, 500, 502 -> ErrorCategory.SERVER_ERROR;
      default ->
          status >= 500
              ? ErrorCategory.SERVER_ERROR
              : status >= 400 ? ErrorCategory.BAD_REQUEST : ErrorCategory.PROTOCOL;
    };
  }

  private static String messageOf(JsonNode error) {
    if (error.isTextual()) {
      return error.asText();
    }
    JsonNode m = error.get("message");
    if (m != null && m.isTextual()) {
      return m.asText();
    }
    return error.toString();
  }
}
