package dev.runlab.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runlab.model.ModelClients;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A stand-in LLM server on 127.0.0.1 that speaks OpenAI's Chat Completions ({@code POST
 * .../chat/completions}) and Anthropic's Messages ({@code POST /v1/messages}), answers
 * deterministically with the sim model's keyword classifier, and misbehaves on request: latency, a
 * requests-per-minute limit answered by 429 with {@code retry-after}, fault rates, 401 for a wrong
 * key. A prompt that contains {@code fake-llm:KIND} forces an answer, for tests and demos: {@code
 * quota} (429 insufficient_quota), {@code not_found}, {@code bad_request}, {@code context_length},
 * {@code truncated}, {@code refusal}, {@code server_error}, {@code overloaded}, {@code non_json},
 * {@code malformed}, {@code error_in_200} (OpenRouter's 200 with an error), {@code rate_limited}.
 * Every request is logged (in memory, and as JSONL when a file is given). Thread-safe.
 */
public final class FakeLlmServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The {@code system_fingerprint} of every OpenAI answer, as OpenAI sends one with each. */
  public static final String SYSTEM_FINGERPRINT = "fp_fake_llm";

  static {
    // without TCP_NODELAY, Nagle's algorithm holds the body behind the headers until the client's
    // delayed ACK (~40 ms per request); read once, when the JDK's server first loads its config
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** One request as the server saw it. */
  public record Logged(Instant at, String api, int status, String outcome, String prompt) {}

  private final FakeLlmOptions options;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Function<String, String> classifier;
  private final SplittableRandom random;
  private final List<Logged> log = new ArrayList<>(); // guarded by itself
  private final BufferedWriter logWriter; // guarded by log
  private final AtomicInteger sequence = new AtomicInteger();
  private final Object bucketLock = new Object();
  private double tokens; // guarded by bucketLock
  private long refilledAt; // guarded by bucketLock

  private FakeLlmServer(FakeLlmOptions options) throws IOException {
    this.options = options;
    this.classifier = ModelClients.keywordClassifier(options.labels(), options.seed());
    this.random = new SplittableRandom(options.seed());
    this.tokens = burst();
    this.refilledAt = System.nanoTime();
    this.logWriter =
        options.logFile() == null
            ? null
            : Files.newBufferedWriter(
                options.logFile(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 512);
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-llm-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts a server; close it when done. */
  public static FakeLlmServer start(FakeLlmOptions options) throws IOException {
    FakeLlmServer s = new FakeLlmServer(options);
    s.server.start();
    return s;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The base_url for {@code provider: openai}. */
  public String openAiBaseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  /** The base_url for {@code provider: anthropic}. */
  public String anthropicBaseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** A copy of the request log. */
  public List<Logged> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** How many requests the server saw whose prompt matches. */
  public long count(Predicate<String> prompt) {
    return log().stream().filter(l -> prompt.test(l.prompt())).count();
  }

  /** Forgets the in-memory log (the JSONL file keeps its lines). */
  public void clearLog() {
    synchronized (log) {
      log.clear();
    }
  }

  public long count() {
    synchronized (log) {
      return log.size();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (log) {
      if (logWriter != null) {
        try {
          logWriter.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      boolean anthropic = path.endsWith("/v1/messages") || path.equals("/messages");
      boolean openai = path.endsWith("/chat/completions");
      if (!"POST".equals(exchange.getRequestMethod()) || !(anthropic || openai)) {
        send(exchange, 404, error(openai, "not_found_error", "not_found", "no route " + path));
        record(openai ? "openai" : "anthropic", 404, "no_route", "");
        return;
      }
      String api = anthropic ? "anthropic" : "openai";
      byte[] raw;
      try (InputStream in = exchange.getRequestBody()) {
        raw = in.readAllBytes();
      }
      JsonNode body;
      try {
        body = JSON.readTree(raw);
      } catch (IOException e) {
        body = null;
      }
      String prompt = body == null ? "" : userMessage(body);
      answer(exchange, anthropic, body, prompt, api);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void answer(
      HttpExchange exchange, boolean anthropic, JsonNode body, String prompt, String api)
      throws IOException, InterruptedException {
    boolean openai = !anthropic;
    String key =
        anthropic
            ? exchange.getRequestHeaders().getFirst("x-api-key")
            : bearer(exchange.getRequestHeaders().getFirst("authorization"));
    if (options.apiKey() != null && !options.apiKey().equals(key)) {
      record(api, 401, "auth", prompt);
      send(
          exchange,
          401,
          error(
              openai,
              "authentication_error",
              "invalid_api_key",
              "Incorrect API key provided. You can find your API key in your account settings."));
      return;
    }
    if (body == null || !body.path("messages").isArray()) {
      record(api, 400, "bad_request", prompt);
      send(exchange, 400, error(openai, "invalid_request_error", null, "messages is required"));
      return;
    }
    if (anthropic && !body.path("max_tokens").canConvertToInt()) {
      record(api, 400, "bad_request", prompt);
      send(exchange, 400, error(false, "invalid_request_error", null, "max_tokens is required"));
      return;
    }
    double retryAfter = takeToken();
    if (retryAfter > 0 || prompt.contains("fake-llm:rate_limited")) {
      double wait = Math.max(retryAfter, 0.05);
      record(api, 429, "rate_limited", prompt);
      exchange.getResponseHeaders().set("retry-after", Long.toString((long) Math.ceil(wait)));
      exchange.getResponseHeaders().set("retry-after-ms", Long.toString((long) (wait * 1000)));
      send(
          exchange,
          429,
          error(
              openai,
              "rate_limit_error",
              "rate_limit_exceeded",
              "Rate limit reached for requests"));
      return;
    }
    if (options.latencyMs() > 0) {
      Thread.sleep(options.latencyMs());
    }
    String forced = forced(prompt);
    String kind = forced != null ? forced : drawFault();
    switch (kind) {
      case "server_error" -> {
        record(api, 500, kind, prompt);
        send(exchange, 500, error(openai, "api_error", null, "The server had an error"));
      }
      case "overloaded" -> {
        int status = anthropic ? 529 : 503;
        record(api, status, kind, prompt);
        send(exchange, status, error(openai, "overloaded_error", null, "Overloaded"));
      }
      case "timeout" -> {
        record(api, 0, kind, prompt);
        Thread.sleep(options.hangMs());
      }
      case "malformed" -> {
        record(api, 200, kind, prompt);
        sendRaw(exchange, 200, "application/json", "{\"choices\": [{\"message\": {\"content\": ");
      }
      case "non_json" -> {
        record(api, 200, kind, prompt);
        sendRaw(exchange, 200, "text/html", "<html><body>502 Bad Gateway</body></html>");
      }
      case "quota" -> {
        record(api, 429, kind, prompt);
        send(
            exchange,
            429,
            error(
                openai,
                "insufficient_quota",
                "insufficient_quota",
                "You exceeded your current quota, please check your plan and billing details."));
      }
      case "not_found" -> {
        record(api, 404, kind, prompt);
        send(
            exchange,
            404,
            error(openai, "not_found_error", "model_not_found", "The model does not exist"));
      }
      case "bad_request" -> {
        record(api, 400, kind, prompt);
        send(exchange, 400, error(openai, "invalid_request_error", null, "Invalid request"));
      }
      case "context_length" -> {
        record(api, 400, kind, prompt);
        send(
            exchange,
            400,
            error(
                openai,
                "invalid_request_error",
                "context_length_exceeded",
                "This model's maximum context length is 8192 tokens."));
      }
      case "error_in_200" -> {
        record(api, 200, kind, prompt);
        ObjectNode err = JSON.createObjectNode();
        err.putObject("error").put("code", 502).put("message", "Upstream provider error");
        send(exchange, 200, err);
      }
      default -> {
        String label = classifier.apply(prompt);
        String text =
            options.answerFormat().equals("json") ? "{\"label\": \"" + label + "\"}" : label;
        String finish = "stop";
        if ("truncated".equals(kind)) {
          text = text.substring(0, Math.min(3, text.length()));
          finish = anthropic ? "max_tokens" : "length";
        } else if ("refusal".equals(kind)) {
          text = "I can't help with that.";
          finish = anthropic ? "refusal" : "content_filter";
        }
        record(api, 200, "refusal".equals(kind) || "truncated".equals(kind) ? kind : "ok", prompt);
        int promptTokens = 1 + prompt.length() / 4;
        int completionTokens = 1 + text.length() / 4;
        send(
            exchange,
            200,
            anthropic
                ? anthropicAnswer(body, text, finish, promptTokens, completionTokens)
                : openAiAnswer(body, text, finish, promptTokens, completionTokens));
      }
    }
  }

  private static String forced(String prompt) {
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

  private String drawFault() {
    double u;
    synchronized (random) {
      u = random.nextDouble();
    }
    double edge = options.serverErrorRate();
    if (u < edge) {
      return "server_error";
    }
    if (u < (edge += options.overloadedRate())) {
      return "overloaded";
    }
    if (u < (edge += options.timeoutRate())) {
      return "timeout";
    }
    if (u < (edge += options.malformedRate())) {
      return "malformed";
    }
    if (u < edge + options.nonJsonRate()) {
      return "non_json";
    }
    return "ok";
  }

  private double burst() {
    return Math.max(1, options.requestsPerMinute() / 60.0);
  }

  /** 0 when the request may go on, else the seconds until the next request is allowed. */
  private double takeToken() {
    if (options.requestsPerMinute() <= 0) {
      return 0;
    }
    double perSecond = options.requestsPerMinute() / 60.0;
    synchronized (bucketLock) {
      long now = System.nanoTime();
      tokens = Math.min(burst(), tokens + (now - refilledAt) / 1e9 * perSecond);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (1 - tokens) / perSecond;
    }
  }

  private ObjectNode openAiAnswer(
      JsonNode request, String text, String finish, int promptTokens, int completionTokens) {
    ObjectNode r = JSON.createObjectNode();
    r.put("id", "chatcmpl-fake-" + sequence.incrementAndGet());
    r.put("object", "chat.completion");
    r.put("created", Instant.now().getEpochSecond());
    r.put("model", request.path("model").asText("fake"));
    r.put("system_fingerprint", SYSTEM_FINGERPRINT);
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

  private ObjectNode anthropicAnswer(
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

  private static ObjectNode error(boolean openai, String type, String code, String message) {
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

  private static String userMessage(JsonNode body) {
    StringBuilder s = new StringBuilder();
    for (JsonNode m : body.path("messages")) {
      if ("user".equals(m.path("role").asText())) {
        JsonNode content = m.path("content");
        if (content.isTextual()) {
          s.append(content.asText());
        } else {
          for (JsonNode block : content) {
            s.append(block.path("text").asText(""));
          }
        }
      }
    }
    return s.toString();
  }

  private static String bearer(String header) {
    return header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
  }

  private void record(String api, int status, String outcome, String prompt) {
    Logged entry = new Logged(Instant.now(), api, status, outcome, prompt);
    synchronized (log) {
      log.add(entry);
      if (logWriter != null) {
        try {
          ObjectNode line = JSON.createObjectNode();
          line.put("at", entry.at().toString());
          line.put("api", api);
          line.put("status", status);
          line.put("outcome", outcome);
          line.put("prompt", prompt);
          logWriter.write(JSON.writeValueAsString(line));
          logWriter.write('\n');
          logWriter.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    sendRaw(exchange, status, "application/json", JSON.writeValueAsString(body));
  }

  private static void sendRaw(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
