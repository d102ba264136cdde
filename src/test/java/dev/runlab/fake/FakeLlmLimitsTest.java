package dev.runlab.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlab.fake.FakeLlmOptions.LimitStyle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stand-in server's limits and headers over real HTTP, as the providers announce theirs. */
class FakeLlmLimitsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  record Reply(int status, HttpResponse<String> response, JsonNode body) {
    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    long number(String name) {
      return Long.parseLong(header(name));
    }
  }

  static Reply openAi(FakeLlmServer server, String prompt, int maxTokens) throws Exception {
    String body =
        JSON.createObjectNode()
            .put("model", "m")
            .put("max_tokens", maxTokens)
            .set(
                "messages",
                JSON.createArrayNode()
                    .add(JSON.createObjectNode().put("role", "user").put("content", prompt)))
            .toString();
    return post(server.openAiBaseUrl() + "/chat/completions", body);
  }

  static Reply anthropic(FakeLlmServer server, String prompt, int maxTokens) throws Exception {
    String body =
        JSON.createObjectNode()
            .put("model", "m")
            .put("max_tokens", maxTokens)
            .put("system", "Classify the injury.")
            .set(
                "messages",
                JSON.createArrayNode()
                    .add(JSON.createObjectNode().put("role", "user").put("content", prompt)))
            .toString();
    return post(server.anthropicBaseUrl() + "/v1/messages", body);
  }

  private static Reply post(String url, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r, JSON.readTree(r.body()));
  }

  @Test
  void openAiStyle_announcesTrueRemainingCounts_onEveryReply() throws Exception {
    FakeLlmOptions options =
        new FakeLlmOptions.Builder()
            .limitStyle(LimitStyle.OPENAI)
            .requestsPerMinute(600)
            .tokensPerMinute(10_000)
            .build();
    try (FakeLlmServer server = FakeLlmServer.start(options)) {
      Reply first = openAi(server, "Worker fell from a ladder", 50);
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.number("x-ratelimit-limit-requests")).isEqualTo(600);
      assertThat(first.number("x-ratelimit-remaining-requests")).isEqualTo(599);
      assertThat(first.header("x-ratelimit-reset-requests")).matches("\\d+ms");
      // tokens count the prompt as billed plus the requested max_tokens
      int prompt = first.body().path("usage").path("prompt_tokens").asInt();
      assertThat(prompt).isPositive();
      assertThat(first.number("x-ratelimit-limit-tokens")).isEqualTo(10_000);
      assertThat(first.number("x-ratelimit-remaining-tokens")).isEqualTo(10_000 - prompt - 50);
      Reply second = openAi(server, "Worker fell from a ladder", 50);
      assertThat(second.number("x-ratelimit-remaining-requests")).isBetween(598L, 599L);
      assertThat(second.number("x-ratelimit-remaining-tokens"))
          .isBetween(10_000L - 2 * (prompt + 50), 10_000L - 2 * (prompt + 50) + 20);
      assertThat(server.log()).extracting(FakeLlmServer.Logged::tokens).containsOnly(prompt + 50);
    }
  }

  @Test
  void aTokenLimitReached_is429WithNothingRemainingAndARetryHint() throws Exception {
    FakeLlmOptions options =
        new FakeLlmOptions.Builder().limitStyle(LimitStyle.OPENAI).tokensPerMinute(120).build();
    try (FakeLlmServer server = FakeLlmServer.start(options)) {
      assertThat(openAi(server, "Patient burned hand on hot grease", 100).status()).isEqualTo(200);
      Reply limited = openAi(server, "Patient burned hand on hot grease", 100);
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.number("x-ratelimit-remaining-tokens")).isLessThan(100);
      assertThat(limited.header("retry-after")).isNotNull();
      assertThat(limited.body().path("error").path("code").asText())
          .isEqualTo("rate_limit_exceeded");
    }
  }

  @Test
  void anthropicStyle_chargesOutputAsMaxTokens_thenWhatTheAnswerUsed() throws Exception {
    FakeLlmOptions options =
        new FakeLlmOptions.Builder()
            .limitStyle(LimitStyle.ANTHROPIC)
            .requestsPerMinute(50)
            .tokensPerMinute(40_000)
            .outputTokensPerMinute(8_000)
            .build();
    try (FakeLlmServer server = FakeLlmServer.start(options)) {
      Reply first = anthropic(server, "Driver injured in a car collision", 1000);
      assertThat(first.status()).isEqualTo(200);
      int input = first.body().path("usage").path("input_tokens").asInt();
      int output = first.body().path("usage").path("output_tokens").asInt();
      assertThat(first.number("anthropic-ratelimit-requests-limit")).isEqualTo(50);
      assertThat(first.number("anthropic-ratelimit-requests-remaining")).isEqualTo(49);
      assertThat(first.number("anthropic-ratelimit-input-tokens-remaining"))
          .isEqualTo(40_000 - input);
      // at admission the output limit is charged max_tokens
      assertThat(first.number("anthropic-ratelimit-output-tokens-remaining")).isEqualTo(7_000);
      assertThat(first.header("anthropic-ratelimit-output-tokens-reset"))
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
      assertThat(first.header("anthropic-ratelimit-tokens-limit")).isEqualTo("8000");
      // afterwards only what the answer used stays charged
      Reply second = anthropic(server, "Driver injured in a car collision", 1000);
      assertThat(second.number("anthropic-ratelimit-output-tokens-remaining"))
          .isBetween(8_000L - output - 1000, 8_000L - output - 1000 + 10);
    }
  }

  @Test
  void sporadic429s_arriveWhileTheLimitIsFarFromReached() throws Exception {
    FakeLlmOptions options =
        new FakeLlmOptions.Builder()
            .limitStyle(LimitStyle.ANTHROPIC)
            .requestsPerMinute(50)
            .sporadic429Rate(1.0)
            .build();
    try (FakeLlmServer server = FakeLlmServer.start(options)) {
      Reply r = anthropic(server, "Cut finger with a kitchen knife", 16);
      assertThat(r.status()).isEqualTo(429);
      assertThat(r.header("retry-after")).isEqualTo("1");
      assertThat(r.number("anthropic-ratelimit-requests-remaining")).isEqualTo(50);
      assertThat(r.body().path("error").path("type").asText()).isEqualTo("rate_limit_error");
      assertThat(server.log())
          .extracting(FakeLlmServer.Logged::outcome)
          .containsExactly("sporadic_429");
    }
  }

  @Test
  void overloaded_is529InTheAnthropicFormat() throws Exception {
    FakeLlmOptions options =
        new FakeLlmOptions.Builder().limitStyle(LimitStyle.ANTHROPIC).overloadedRate(1.0).build();
    try (FakeLlmServer server = FakeLlmServer.start(options)) {
      Reply r = anthropic(server, "Cut finger with a kitchen knife", 16);
      assertThat(r.status()).isEqualTo(529);
      assertThat(r.body().path("error").path("type").asText()).isEqualTo("overloaded_error");
    }
  }

  @Test
  void aLabelWithAQuote_isAnsweredAsValidJson() throws Exception {
    FakeLlmOptions options = FakeLlmOptions.defaults().withLabels(List.of("say \"hi\""));
    try (FakeLlmServer server = FakeLlmServer.start(options)) {
      Reply r = openAi(server, "anything", 16);
      String content = r.body().path("choices").path(0).path("message").path("content").asText();
      assertThat(JSON.readTree(content).path("label").asText()).isEqualTo("say \"hi\"");
    }
  }

  @Test
  void goDurations_areWrittenAsOpenAiWritesThem() {
    assertThat(ServerLimits.goDuration(20_000_000L)).isEqualTo("20ms");
    assertThat(ServerLimits.goDuration(1_500_000_000L)).isEqualTo("1.5s");
    assertThat(ServerLimits.goDuration(360_000_000_000L)).isEqualTo("6m0s");
    assertThat(ServerLimits.goDuration(90_500_000_000L)).isEqualTo("1m30.5s");
    assertThat(ServerLimits.goDuration(3_723_000_000_000L)).isEqualTo("1h2m3s");
  }
}
