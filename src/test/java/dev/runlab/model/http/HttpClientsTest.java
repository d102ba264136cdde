package dev.runlab.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.experiment.ModelConfig;
import dev.runlab.experiment.ParseConfig;
import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelClient;
import dev.runlab.model.ModelReply;
import dev.runlab.model.ModelRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Both clients against real HTTP responses of the stand-in server on 127.0.0.1. */
class HttpClientsTest {
  static final String KEY = "sk-test-0123456789abcdef";
  static FakeLlmServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = FakeLlmServer.start(FakeLlmOptions.defaults().withApiKey(KEY).withHang(5_000));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  static ModelConfig model(String provider, String baseUrl) {
    return ModelConfig.builder(provider, "fake-model")
        .baseUrl(baseUrl)
        .seed(7L)
        .maxTokens(64)
        .build();
  }

  static ModelClient openai(String key) {
    return new OpenAiClient(model("openai", server.openAiBaseUrl()), key, Clock.systemUTC());
  }

  static ModelClient anthropic(String key) {
    return new AnthropicClient(
        model("anthropic", server.anthropicBaseUrl()), key, Clock.systemUTC());
  }

  static ModelReply ask(ModelClient client, String prompt) throws InterruptedException {
    return client.send(
        new ModelRequest("n1", prompt, "Classify.", prompt, 1, Duration.ofMillis(1500)));
  }

  @Test
  void responseFormatAndMaxTokensFieldFollowTheConfig() {
    ModelConfig base = model("openai", "http://127.0.0.1:1/v1");
    ModelConfig schema =
        ModelConfig.builder("openai", "m")
            .baseUrl("http://127.0.0.1:1/v1")
            .seed(7L)
            .maxTokens(64)
            .maxTokensField("max_completion_tokens")
            .responseFormat("json_schema")
            .build();
    ParseConfig parse =
        new ParseConfig(ParseConfig.Type.JSON, "label", List.of("fall", "burn"), null);
    ModelRequest request =
        new ModelRequest("n1", "text", "Classify.", "text", 1, Duration.ofMillis(1500));

    var plain = new OpenAiClient(base, KEY, Clock.systemUTC()).body(request);
    assertThat(plain.has("response_format")).isFalse();
    assertThat(plain.path("max_tokens").asInt()).isEqualTo(64);
    assertThat(OpenAiClient.maxTokensField(model("openai", "https://api.openai.com/v1")))
        .isEqualTo(OpenAiClient.MaxTokensField.MAX_COMPLETION_TOKENS);

    var strict =
        new OpenAiClient(
                schema,
                KEY,
                Clock.systemUTC(),
                OpenAiClient.maxTokensField(schema),
                OpenAiClient.responseFormat(schema, parse))
            .body(request);
    assertThat(strict.has("max_tokens")).isFalse();
    assertThat(strict.path("max_completion_tokens").asInt()).isEqualTo(64);
    assertThat(strict.path("response_format").toString())
        .isEqualTo(
            "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\",\"strict\":true,"
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\","
                + "\"enum\":[\"fall\",\"burn\"]}},\"required\":[\"label\"],"
                + "\"additionalProperties\":false}}}");
  }

  @Test
  void answersAreReadWithUsageAndFinishReason() throws Exception {
    for (ModelClient c : List.of(openai(KEY), anthropic(KEY))) {
      ModelReply r = ask(c, "The worker fell from a ladder onto the stairs");
      assertThat(r.ok()).as(c.describe()).isTrue();
      assertThat(r.text()).isEqualTo("{\"label\": \"fall\"}");
      assertThat(r.promptTokens()).isPositive();
      assertThat(r.completionTokens()).isPositive();
      assertThat(r.finishReason()).isIn("stop", "end_turn");
    }
  }

  @Test
  void openAiAnswersKeepTheirSystemFingerprint() throws Exception {
    ModelReply answer = ask(openai(KEY), "The worker fell from a ladder");
    assertThat(answer.ok()).isTrue();
    assertThat(answer.systemFingerprint()).isEqualTo(FakeLlmServer.SYSTEM_FINGERPRINT);
    // a 200 with a problem is still the server's answer: its fingerprint is kept
    ModelReply truncated = ask(openai(KEY), "fake-llm:truncated");
    assertThat(truncated.failure()).isEqualTo(ErrorCategory.TRUNCATED);
    assertThat(truncated.systemFingerprint()).isEqualTo(FakeLlmServer.SYSTEM_FINGERPRINT);
    assertThat(ask(openai(KEY), "fake-llm:server_error").systemFingerprint()).isNull();
    assertThat(ask(anthropic(KEY), "The worker fell from a ladder").systemFingerprint()).isNull();
  }

  @Test
  void everyCategoryComesFromARealResponse() throws Exception {
    Map<String, ErrorCategory> forced =
        Map.ofEntries(
            Map.entry("rate_limited", ErrorCategory.RATE_LIMITED),
            Map.entry("overloaded", ErrorCategory.OVERLOADED),
            Map.entry("server_error", ErrorCategory.SERVER_ERROR),
            Map.entry("error_in_200", ErrorCategory.SERVER_ERROR),
            Map.entry("timeout", ErrorCategory.TIMEOUT),
            Map.entry("non_json", ErrorCategory.PROTOCOL),
            Map.entry("malformed", ErrorCategory.PROTOCOL),
            Map.entry("quota", ErrorCategory.QUOTA_EXHAUSTED),
            Map.entry("not_found", ErrorCategory.NOT_FOUND),
            Map.entry("bad_request", ErrorCategory.BAD_REQUEST),
            Map.entry("context_length", ErrorCategory.CONTEXT_LENGTH),
            Map.entry("truncated", ErrorCategory.TRUNCATED),
            Map.entry("refusal", ErrorCategory.REFUSAL));
    for (ModelClient c : List.of(openai(KEY), anthropic(KEY))) {
      for (var e : forced.entrySet()) {
        ModelReply r = ask(c, "a narrative fake-llm:" + e.getKey() + " here");
        assertThat(r.failure()).as(c.describe() + " " + e.getKey()).isEqualTo(e.getValue());
      }
      assertThat(ask(c, "fake-llm:rate_limited").retryAfter()).isNotNull();
    }
    ModelReply auth = ask(openai("sk-wrong-key-999999999"), "hello");
    assertThat(auth.failure()).isEqualTo(ErrorCategory.AUTH);
    assertThat(auth.message()).doesNotContain("sk-wrong-key-999999999");
    assertThat(ask(anthropic("wrong"), "hello").failure()).isEqualTo(ErrorCategory.AUTH);
    int port = server.port();
    ModelClient closed;
    try (var s = new java.net.ServerSocket(0)) {
      closed =
          new OpenAiClient(
              model("openai", "http://127.0.0.1:" + s.getLocalPort() + "/v1"),
              KEY,
              Clock.systemUTC());
    }
    assertThat(ask(closed, "hello").failure()).isEqualTo(ErrorCategory.NETWORK);
    assertThat(port).isEqualTo(server.port());
  }

  @Test
  void serverFamiliesErrorBodiesMapToCategories() throws Exception {
    var json = HttpModelClient.JSON;
    assertThat(
            ErrorMapping.map(
                    400,
                    ErrorMapping.errorOf(
                        json.readTree(
                            "{\"object\":\"error\",\"message\":\"This model's maximum context"
                                + " length is 4096 tokens\",\"type\":\"BadRequestError\","
                                + "\"param\":null,\"code\":400}")))
                .category())
        .isEqualTo(ErrorCategory.CONTEXT_LENGTH);
    assertThat(
            ErrorMapping.map(
                    503,
                    ErrorMapping.errorOf(
                        json.readTree(
                            "{\"error\":{\"code\":503,\"message\":\"Loading model\","
                                + "\"type\":\"unavailable_error\"}}")))
                .category())
        .isEqualTo(ErrorCategory.OVERLOADED);
    assertThat(
            ErrorMapping.map(
                    200,
                    ErrorMapping.errorOf(
                        json.readTree(
                            "{\"error\":{\"code\":402,\"message\":\"Insufficient credits\"}}")))
                .category())
        .isEqualTo(ErrorCategory.QUOTA_EXHAUSTED);
    assertThat(ErrorMapping.map(502, null).category()).isEqualTo(ErrorCategory.SERVER_ERROR);
  }

  @Test
  void retryHintsAreReadFromEveryHeaderKind() {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    assertThat(RetryHints.parse(Map.of("Retry-After-Ms", List.of("1500")), clock))
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(RetryHints.parse(Map.of("retry-after", List.of("7")), clock))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(
            RetryHints.parse(
                Map.of("retry-after", List.of("Thu, 01 Jan 2026 00:00:30 GMT")), clock))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(
            RetryHints.parse(
                Map.of(
                    "x-ratelimit-reset-requests", List.of("6m0s"),
                    "x-ratelimit-remaining-requests", List.of("0"),
                    "x-ratelimit-reset-tokens", List.of("20ms"),
                    "x-ratelimit-remaining-tokens", List.of("5000")),
                clock))
        .isEqualTo(Duration.ofMinutes(6));
    assertThat(
            RetryHints.parse(
                Map.of("anthropic-ratelimit-requests-reset", List.of("2026-01-01T00:00:12Z")),
                clock))
        .isEqualTo(Duration.ofSeconds(12));
    assertThat(RetryHints.goDuration("1m30.5s")).isEqualTo(Duration.ofMillis(90_500));
    assertThat(RetryHints.parse(Map.of(), clock)).isNull();
  }
}
