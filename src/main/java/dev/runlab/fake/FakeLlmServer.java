package dev.runlab.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runlab.model.ModelClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A stand-in LLM server on 127.0.0.1 that speaks OpenAI's Chat Completions ({@code POST
 * .../chat/completions}) and Anthropic's Messages ({@code POST /v1/messages}), answers
 * deterministically with the sim model's keyword classifier, and behaves as the providers do
 * (docs/providers.md): latency; request and token limits kept as buckets and announced in OpenAI's
 * or Anthropic's headers on every reply; sporadic 429s while no limit is reached; 500s, 503/529
 * overload, timeouts and unusable bodies at given rates; 401 for a wrong key. A prompt that
 * contains {@code fake-llm:KIND} forces an answer, for tests and demos: {@code quota} (429
 * insufficient_quota), {@code not_found}, {@code bad_request}, {@code context_length}, {@code
 * truncated}, {@code refusal}, {@code server_error}, {@code overloaded}, {@code non_json}, {@code
 * malformed}, {@code error_in_200} (OpenRouter's 200 with an error), {@code rate_limited}. It
 * serves both batch APIs too ({@link OpenAiBatchRoutes}, {@link AnthropicBatchRoutes}), where a
 * prompt's {@code fake-llm:garbled} cuts its result line and {@code fake-llm:batch_invalid} makes
 * the batch fail validation. Every request is logged (in memory, and as JSONL when a file is
 * given), every request of a created batch as a submission. Thread-safe.
 */
public final class FakeLlmServer implements AutoCloseable {
  /** The {@code system_fingerprint} of every OpenAI answer, as OpenAI sends one with each. */
  public static final String SYSTEM_FINGERPRINT = "fp_fake_llm";

  static {
    // without TCP_NODELAY, Nagle's algorithm holds the body behind the headers until the client's
    // delayed ACK (~40 ms per request); read once, when the JDK's server first loads its config
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /**
   * One request as the server saw it.
   *
   * @param tokens the tokens it counted against its token limit (0 when not admitted)
   */
  public record Logged(
      Instant at, String api, int status, String outcome, String prompt, int tokens) {}

  private final FakeLlmOptions options;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Function<String, String> classifier;
  private final FaultDraw faults;
  private final RequestLog log;
  private final ServerLimits limits;
  private final FakeAnswers answers = new FakeAnswers();
  private final FakeHolds holds = new FakeHolds();
  private final OpenAiBatchRoutes openAiBatches;
  private final AnthropicBatchRoutes anthropicBatches;

  private FakeLlmServer(FakeLlmOptions options, Clock clock) throws IOException {
    this.options = options;
    this.classifier = ModelClients.keywordClassifier(options.labels(), options.seed());
    this.faults = new FaultDraw(options);
    this.limits = new ServerLimits(options);
    this.log = new RequestLog(options.logFile());
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
    FakeBatches batches = new FakeBatches(options, clock, this::batchReply, log);
    this.openAiBatches = new OpenAiBatchRoutes(batches, holds, options.apiKey());
    this.anthropicBatches =
        new AnthropicBatchRoutes(batches, holds, options.apiKey(), this::anthropicBaseUrl);
  }

  /** Starts a server; close it when done. */
  public static FakeLlmServer start(FakeLlmOptions options) throws IOException {
    return start(options, Clock.systemUTC());
  }

  /**
   * Starts a server whose batches age by {@code clock} (a test's clock: a batch of {@code
   * batchSeconds} ends when the clock has moved that far); close it when done.
   */
  public static FakeLlmServer start(FakeLlmOptions options, Clock clock) throws IOException {
    FakeLlmServer s = new FakeLlmServer(options, clock);
    s.server.start();
    return s;
  }

  /**
   * Holds the next request of a batch route ({@code upload}, {@code create}, {@code poll}, {@code
   * list}, {@code cancel}, {@code results}) after the server has served it and before it replies,
   * until the test releases it.
   */
  public FakeHold hold(String route) {
    return holds.arm(route);
  }

  /**
   * Makes the next {@code times} requests of a batch route ({@code poll}, {@code results}, ...)
   * fail with a server error (500), as providers' result downloads sometimes do.
   */
  public void failNext(String route, int times) {
    holds.failNext(route, times);
  }

  /** How many requests whose prompt matches were submitted in batches (every batch created). */
  public long batchSubmissions(Predicate<String> prompt) {
    return log().stream()
        .filter(l -> l.outcome().equals("batch_submitted") && prompt.test(l.prompt()))
        .count();
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
    return log.copy();
  }

  /** How many requests the server saw whose prompt matches. */
  public long count(Predicate<String> prompt) {
    return log().stream().filter(l -> prompt.test(l.prompt())).count();
  }

  /** Forgets the in-memory log (the JSONL file keeps its lines). */
  public void clearLog() {
    log.clear();
  }

  public long count() {
    return log.size();
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
    log.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (OpenAiBatchRoutes.handles(path)) {
        openAiBatches.handle(new BatchExchange(exchange, false));
        return;
      }
      if (AnthropicBatchRoutes.handles(path)) {
        anthropicBatches.handle(new BatchExchange(exchange, true));
        return;
      }
      boolean anthropic = path.endsWith("/v1/messages") || path.equals("/messages");
      boolean openai = path.endsWith("/chat/completions");
      if (!"POST".equals(exchange.getRequestMethod()) || !(anthropic || openai)) {
        FakeCall call = FakeCall.unrouted(exchange, !openai);
        call.send(
            404, FakeAnswers.error(openai, "not_found_error", "not_found", "no route " + path));
        record(call, 404, "no_route", 0);
        return;
      }
      FakeCall call = FakeCall.read(exchange, anthropic);
      if (accepted(call)) {
        admit(call);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Checks the key and the request's shape; false when it was answered with an error. */
  private boolean accepted(FakeCall call) throws IOException {
    if (options.apiKey() != null && !options.apiKey().equals(call.key())) {
      record(call, 401, "auth", 0);
      call.send(
          401,
          FakeAnswers.error(
              call.openai(),
              "authentication_error",
              "invalid_api_key",
              "Incorrect API key provided. You can find your API key in your account settings."));
      return false;
    }
    String missing = call.missing();
    if (missing != null) {
      record(call, 400, "bad_request", 0);
      call.send(400, FakeAnswers.error(call.openai(), "invalid_request_error", null, missing));
      return false;
    }
    return true;
  }

  /** Sporadic 429s, then the limits; an admitted request is answered after the latency. */
  private void admit(FakeCall call) throws IOException, InterruptedException {
    boolean forced429 = call.prompt().contains("fake-llm:rate_limited");
    if (forced429 || faults.sporadic429()) {
      // a 429 while no limit is reached, as providers send during bursts: its headers say so
      call.headers(limits.headers());
      rateLimited(call, forced429 ? 0.05 : 1, "sporadic_429", 0);
      return;
    }
    int promptTokens = FakeTokenizer.prompt(call.messages());
    int maxTokens = call.maxTokens();
    ServerLimits.Admission admission = limits.admit(promptTokens, maxTokens);
    call.headers(admission.headers());
    if (!admission.admitted()) {
      rateLimited(call, admission.retryAfterSeconds(), "rate_limited", 0);
      return;
    }
    if (options.latencyMs() > 0) {
      Thread.sleep(options.latencyMs());
    }
    int tokens = limits.tokenCost(promptTokens, maxTokens);
    String forced = call.forced();
    String kind = forced != null ? forced : faults.draw();
    // what an answer did not use of max_tokens is given back before the reply goes out, so the
    // next request of the same client sees it
    if (!fault(call, kind, tokens, maxTokens)) {
      answer(call, kind, promptTokens, tokens, maxTokens);
    }
  }

  private void rateLimited(FakeCall call, double waitSeconds, String outcome, int tokens)
      throws IOException {
    call.header("retry-after", Long.toString((long) Math.ceil(waitSeconds)));
    if (options.limitStyle() == FakeLlmOptions.LimitStyle.NONE) {
      call.header("retry-after-ms", Long.toString((long) (waitSeconds * 1000)));
    }
    record(call, 429, outcome, tokens);
    call.send(
        429,
        FakeAnswers.error(
            call.openai(),
            "rate_limit_error",
            "rate_limit_exceeded",
            String.format(
                Locale.ROOT,
                "Rate limit reached for requests. Please try again in %dms.",
                (long) Math.ceil(waitSeconds * 1000))));
  }

  /** Answers a fault; false when {@code kind} is not one (the request gets an answer). */
  private boolean fault(FakeCall call, String kind, int tokens, int maxTokens)
      throws IOException, InterruptedException {
    ObjectNode error = FakeAnswers.errorOfKind(call.openai(), kind);
    int status = FakeAnswers.statusOfKind(call.anthropic(), kind);
    boolean isFault =
        error != null || List.of("timeout", "malformed", "non_json", "error_in_200").contains(kind);
    if (!isFault) {
      return false;
    }
    limits.answered(maxTokens, 0);
    if (error != null) {
      record(call, status, kind, tokens);
      call.send(status, error);
      return true;
    }
    switch (kind) {
      case "timeout" -> {
        record(call, 0, kind, tokens);
        Thread.sleep(options.hangMs());
      }
      case "malformed" -> {
        record(call, 200, kind, tokens);
        call.sendRaw(200, "application/json", "{\"choices\": [{\"message\": {\"content\": ");
      }
      case "non_json" -> {
        record(call, 200, kind, tokens);
        call.sendRaw(200, "text/html", "<html><body>502 Bad Gateway</body></html>");
      }
      case "error_in_200" -> {
        record(call, 200, kind, tokens);
        ObjectNode err = FakeAnswers.JSON.createObjectNode();
        err.putObject("error").put("code", 502).put("message", "Upstream provider error");
        call.send(200, err);
      }
      default -> throw new IllegalStateException("not a fault: " + kind);
    }
    return true;
  }

  /** Answers with the classifier's label (or a truncated answer, or a refusal); its tokens. */
  private void answer(FakeCall call, String kind, int promptTokens, int tokens, int maxTokens)
      throws IOException {
    FakeAnswers.Answer a =
        answers.answer(
            call.anthropic(),
            kind,
            call.body(),
            classifier.apply(call.prompt()),
            options.answerFormat(),
            promptTokens);
    record(call, 200, a.outcome(), tokens);
    limits.answered(maxTokens, a.completionTokens());
    call.send(200, a.body());
  }

  /** One request of a batch, answered as an online request of its kind would be. */
  private FakeBatches.Reply batchReply(
      boolean anthropic, JsonNode body, String prompt, String kind) {
    ObjectNode error = FakeAnswers.errorOfKind(!anthropic, kind);
    if (error != null) {
      return new FakeBatches.Reply(FakeAnswers.statusOfKind(anthropic, kind), error);
    }
    int promptTokens = FakeTokenizer.prompt(FakeCall.messagesOf(body));
    String label = classifier.apply(prompt);
    return new FakeBatches.Reply(
        200,
        answers.answer(anthropic, kind, body, label, options.answerFormat(), promptTokens).body());
  }

  private void record(FakeCall call, int status, String outcome, int tokens) {
    log.add(new Logged(Instant.now(), call.api(), status, outcome, call.prompt(), tokens));
  }
}
