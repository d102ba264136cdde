package dev.runlab.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request to the stand-in server on its way: what was asked (in OpenAI's or Anthropic's shape),
 * and the means to answer it. Used by one server thread.
 */
final class FakeCall {
  private final HttpExchange exchange;
  private final boolean anthropic;
  private final JsonNode body;
  private final String prompt;

  private FakeCall(HttpExchange exchange, boolean anthropic, JsonNode body) {
    this.exchange = exchange;
    this.anthropic = anthropic;
    this.body = body;
    this.prompt = body == null ? "" : promptOf(body);
  }

  /** A request to {@code /chat/completions} or {@code /v1/messages}, its body read. */
  static FakeCall read(HttpExchange exchange, boolean anthropic) throws IOException {
    byte[] raw;
    try (InputStream in = exchange.getRequestBody()) {
      raw = in.readAllBytes();
    }
    JsonNode body;
    try {
      body = FakeAnswers.JSON.readTree(raw);
    } catch (IOException e) {
      body = null;
    }
    return new FakeCall(exchange, anthropic, body);
  }

  /** A request to no route the server knows: answered 404, with nothing read. */
  static FakeCall unrouted(HttpExchange exchange, boolean anthropic) {
    return new FakeCall(exchange, anthropic, null);
  }

  boolean anthropic() {
    return anthropic;
  }

  boolean openai() {
    return !anthropic;
  }

  String api() {
    return anthropic ? "anthropic" : "openai";
  }

  JsonNode body() {
    return body;
  }

  /** The user messages' text. */
  String prompt() {
    return prompt;
  }

  /** The API key the request carries, or null. */
  String key() {
    var headers = exchange.getRequestHeaders();
    if (anthropic) {
      return headers.getFirst("x-api-key");
    }
    String auth = headers.getFirst("authorization");
    return auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
  }

  /** What is wrong with the request's shape, or null. */
  String missing() {
    if (body == null || !body.path("messages").isArray()) {
      return "messages is required";
    }
    return anthropic && !body.path("max_tokens").canConvertToInt()
        ? "max_tokens is required"
        : null;
  }

  /** The {@code KIND} of a {@code fake-llm:KIND} in the prompt, or null. */
  String forced() {
    return forcedIn(prompt);
  }

  /** The {@code KIND} of a {@code fake-llm:KIND} in {@code prompt}, or null. */
  static String forcedIn(String prompt) {
    int at = prompt.indexOf("fake-llm:");
    if (at < 0) {
      return null;
    }
    int end = at + "fake-llm:".length();
    int stop = end;
    while (stop < prompt.length()
        && (Character.isLetterOrDigit(prompt.charAt(stop)) || prompt.charAt(stop) == '_')) {
      stop++;
    }
    return prompt.substring(end, stop).toLowerCase(Locale.ROOT);
  }

  /** The requested {@code max_tokens} (or {@code max_completion_tokens}), 0 when none. */
  int maxTokens() {
    for (String field : List.of("max_tokens", "max_completion_tokens")) {
      if (body.path(field).canConvertToInt()) {
        return Math.max(0, body.path(field).asInt());
      }
    }
    return 0;
  }

  /** The texts of the request's messages, the system prompt included, as the provider bills. */
  List<String> messages() {
    return messagesOf(body);
  }

  /** The texts of a request body's messages, the system prompt included. */
  static List<String> messagesOf(JsonNode body) {
    List<String> texts = new ArrayList<>();
    if (body.path("system").isTextual()) {
      texts.add(body.path("system").asText());
    }
    for (JsonNode m : body.path("messages")) {
      texts.add(content(m.path("content")));
    }
    return texts;
  }

  /** The user messages' text of a request body. */
  static String promptOf(JsonNode body) {
    StringBuilder s = new StringBuilder();
    for (JsonNode m : body.path("messages")) {
      if ("user".equals(m.path("role").asText())) {
        s.append(content(m.path("content")));
      }
    }
    return s.toString();
  }

  private static String content(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder s = new StringBuilder();
    for (JsonNode block : content) {
      s.append(block.path("text").asText(""));
    }
    return s.toString();
  }

  void header(String name, String value) {
    exchange.getResponseHeaders().set(name, value);
  }

  void headers(Map<String, String> headers) {
    headers.forEach(this::header);
  }

  void send(int status, JsonNode json) throws IOException {
    sendRaw(status, "application/json", FakeAnswers.JSON.writeValueAsString(json));
  }

  void sendRaw(int status, String type, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    header("content-type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
