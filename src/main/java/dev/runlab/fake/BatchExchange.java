package dev.runlab.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One request to a batch route of the stand-in server, and the means to answer it. */
final class BatchExchange {
  private final HttpExchange exchange;
  private final boolean anthropic;
  private final byte[] body;
  private final Map<String, String> query = new HashMap<>();

  BatchExchange(HttpExchange exchange, boolean anthropic) throws IOException {
    this.exchange = exchange;
    this.anthropic = anthropic;
    try (InputStream in = exchange.getRequestBody()) {
      this.body = in.readAllBytes();
    }
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(
              pair.substring(0, eq),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
  }

  String method() {
    return exchange.getRequestMethod();
  }

  String path() {
    return exchange.getRequestURI().getPath();
  }

  byte[] body() {
    return body;
  }

  String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** A query parameter, or null. */
  String query(String name) {
    return query.get(name);
  }

  /** A whole-number query parameter within [1, max], or {@code fallback} when absent. */
  int limit(int fallback, int max) {
    String value = query("limit");
    try {
      return value == null ? fallback : Math.max(1, Math.min(max, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** The body as JSON, or null when it is not JSON. */
  JsonNode json() {
    try {
      return body.length == 0 ? null : FakeAnswers.JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** Whether the request carries {@code key} (any key when null), as the provider reads it. */
  boolean authorized(String key) {
    if (key == null) {
      return true;
    }
    if (anthropic) {
      return key.equals(header("x-api-key"));
    }
    String auth = header("authorization");
    return auth != null && auth.equals("Bearer " + key);
  }

  void send(int status, JsonNode json) throws IOException {
    sendRaw(status, "application/json", FakeAnswers.JSON.writeValueAsBytes(json));
  }

  /** An error in the provider's shape. */
  void error(int status, String type, String code, String message) throws IOException {
    send(status, FakeAnswers.error(!anthropic, type, code, message));
  }

  void sendRaw(int status, String type, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("content-type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
