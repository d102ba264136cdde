package dev.runlab.model.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelClient;
import dev.runlab.model.ModelReply;
import dev.runlab.model.ModelRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What the API clients share: one {@link HttpClient} (HTTP/1.1, so local servers work), timing, and
 * turning transport failures and error bodies into categories. Never throws for an API failure;
 * never puts the API key in a message. Thread-safe.
 */
abstract class HttpModelClient implements ModelClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern KEY_LIKE = Pattern.compile("(sk|key)-[A-Za-z0-9_\\-*.]{6,}");
  private static final int MESSAGE_LIMIT = 300;

  private final HttpClient http;
  private final URI endpoint;
  private final String apiKey;
  private final Clock clock;

  HttpModelClient(URI endpoint, String apiKey, Clock clock) {
    this.endpoint = endpoint;
    this.apiKey = apiKey;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            // the client's own steps (write the request, read and parse the response) run on the
            // calling worker and the client's selector thread instead of being handed to a pool
            // thread each time: two thread hand-overs fewer per request, which made requests
            // 1-2 ms faster at 200 ms latency and concurrency 32 (bench http (a)) and cut the CPU
            // per request by about a third. Safe because nothing here blocks: the body is read
            // into a byte array, and the worker waits in send().
            .executor(Runnable::run)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .proxy(Proxies.fromEnvironment(endpoint))
            .build();
  }

  /** The JSON body of the request. */
  abstract ObjectNode body(ModelRequest request);

  /** Adds the provider's headers (key, version) to the request. */
  abstract void headers(HttpRequest.Builder builder, String key);

  /** Adds the provider's headers with this client's key: for the provider's other endpoints. */
  final void authorize(HttpRequest.Builder builder) {
    headers(builder, apiKey);
  }

  Clock clock() {
    return clock;
  }

  /** Reads a 2xx JSON body that carries no error. */
  abstract ModelReply success(JsonNode body, long latencyMs);

  @Override
  public final ModelReply send(ModelRequest request) throws InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint)
            .timeout(request.timeout())
            .header("content-type", "application/json")
            .header("accept", "application/json");
    headers(builder, apiKey);
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body(request));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("request body could not be written", e);
    }
    HttpRequest httpRequest = builder.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
    long started = System.nanoTime();
    HttpResponse<byte[]> response;
    try {
      response = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpConnectTimeoutException e) {
      return ModelReply.failure(
          ErrorCategory.NETWORK,
          "could not connect to " + host() + " in time",
          null,
          null,
          ms(started));
    } catch (HttpTimeoutException e) {
      return ModelReply.failure(
          ErrorCategory.TIMEOUT,
          "no answer within " + request.timeout().toSeconds() + " s",
          null,
          null,
          ms(started));
    } catch (ConnectException e) {
      return ModelReply.failure(
          ErrorCategory.NETWORK, "could not connect to " + host(), null, null, ms(started));
    } catch (IOException e) {
      return ModelReply.failure(
          ErrorCategory.NETWORK,
          "network error: " + redact(String.valueOf(e.getMessage())),
          null,
          null,
          ms(started));
    }
    return interpret(response.statusCode(), response.headers().map(), response.body(), ms(started));
  }

  /** The reply for a response: an answer, or a failure with its category. */
  ModelReply interpret(
      int status, java.util.Map<String, java.util.List<String>> headers, byte[] raw, long latency) {
    // every reply, answer or error, may announce the server's limits: the pacer spends them
    return reply(status, headers, raw, latency).withLimits(LimitHeaders.parse(headers, clock));
  }

  private ModelReply reply(
      int status, java.util.Map<String, java.util.List<String>> headers, byte[] raw, long latency) {
    JsonNode body = null;
    try {
      body = raw.length == 0 ? null : JSON.readTree(raw);
    } catch (IOException notJson) {
      body = null;
    }
    JsonNode error = ErrorMapping.errorOf(body);
    if (status >= 200 && status < 300) {
      if (body == null || !body.isObject()) {
        return ModelReply.failure(
            ErrorCategory.PROTOCOL,
            "the server's answer is not JSON: " + snippet(raw),
            null,
            status,
            latency);
      }
      if (error == null) {
        return success(body, latency);
      }
    }
    Duration retryAfter = RetryHints.parse(headers, clock);
    ErrorMapping.Mapped mapped = ErrorMapping.map(status, error);
    String message =
        mapped.message() != null
            ? mapped.message()
            : body == null && raw.length > 0 ? "not JSON: " + snippet(raw) : "no error message";
    return ModelReply.failure(
        mapped.category(), "HTTP " + status + ": " + redact(message), retryAfter, status, latency);
  }

  /** A reply the API sent that does not have the expected shape. */
  static ModelReply malformed(String what, long latency) {
    return ModelReply.failure(ErrorCategory.PROTOCOL, what, null, 200, latency);
  }

  /**
   * A 200 answer that still failed (truncated, refused): its text and usage are kept with the
   * category and message.
   */
  static ModelReply answeredWithProblem(
      String text,
      ErrorCategory category,
      String message,
      String finish,
      Integer prompt,
      Integer completion,
      long latencyMs) {
    return ModelReply.answer(text, finish, prompt, completion, latencyMs)
        .withFailure(category, message);
  }

  static Integer intOrNull(JsonNode node) {
    return node != null && node.canConvertToInt() ? node.asInt() : null;
  }

  String host() {
    return endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
  }

  URI endpoint() {
    return endpoint;
  }

  /** The message with the key, and anything that looks like a key, blanked out. */
  String redact(String message) {
    String m = message;
    if (apiKey != null && !apiKey.isEmpty()) {
      m = m.replace(apiKey, "***");
    }
    m = KEY_LIKE.matcher(m).replaceAll("***");
    return m.length() > MESSAGE_LIMIT ? m.substring(0, MESSAGE_LIMIT) + "…" : m;
  }

  private String snippet(byte[] raw) {
    String s = new String(raw, 0, Math.min(raw.length, 120), StandardCharsets.UTF_8).strip();
    return redact(s.replaceAll("\\s+", " "));
  }

  private static long ms(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  @Override
  public void close() {
    // HttpClient.close() exists only from Java 21; its threads are daemons
  }
}
