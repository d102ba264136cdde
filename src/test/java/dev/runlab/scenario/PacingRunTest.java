package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmOptions.LimitStyle;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.pacing.PacingState;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs over real HTTP against servers that announce, hide or garble their limits (issue 10). */
class PacingRunTest {
  static final String KEY = HttpRunTest.KEY;
  static final String VAR = HttpRunTest.VAR;

  @TempDir Path dir;

  Path config(String provider, String baseUrl, int rows, String run) {
    Workspace.writeData(dir.resolve("narratives.csv"), rows);
    String yaml =
        "name: pacing\n"
            + "data: narratives.csv\n"
            + "model: {provider: "
            + provider
            + ", name: fake-model, base_url: \""
            + baseUrl
            + "\", api_key_env: "
            + VAR
            + ", max_tokens: 32}\n"
            + "prompt: {template: \"Narrative {id}: {text}\"}\n"
            + "parse: {type: json, field: label}\n"
            + "run: {"
            + run
            + "}\n";
    Path file = dir.resolve("experiment.yaml");
    Workspace.writeString(file, yaml);
    return file;
  }

  private static PacingState pacing(Path db) {
    return PacingState.fromJson(
        (String)
            Sql.rows(db, "SELECT pacing_json FROM experiments WHERE experiment_id = 1")
                .get(0)
                .get("pacing_json"));
  }

  @Test
  void announcedLimits_paceARunThatConfiguresNone() throws Exception {
    FakeLlmOptions options =
        new FakeLlmOptions.Builder()
            .apiKey(KEY)
            .latencyMs(20)
            .limitStyle(LimitStyle.OPENAI)
            .requestsPerMinute(1200)
            .burstSeconds(1)
            .build();
    try (FakeLlmServer server = FakeLlmServer.start(options)) {
      Path db = dir.resolve("announced.db");
      Path config = config("openai", server.openAiBaseUrl(), 80, "concurrency: 8, batch_size: 10");
      ChildJvm.Result r =
          HttpRunTest.run(Map.of(VAR, KEY), "start", config.toString(), "--db", db.toString());
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(Sql.status(db, 1)).isEqualTo("completed");
      long limited = server.log().stream().filter(l -> l.status() == 429).count();
      // at most the first burst, before the first reply announced the limit
      assertThat(limited).isLessThanOrEqualTo(1);
      assertThat(pacing(db).limitsInForce()).containsExactly("1,200 requests/min (announced)");
      ChildJvm.Result status = HttpRunTest.run(Map.of(), "status", "1", "--db", db.toString());
      assertThat(status.out()).contains("1,200 requests/min (announced)");
    }
  }

  @Test
  void sporadic429sAndOverload_areRetriedWithoutLearningALimit() throws Exception {
    FakeLlmOptions options =
        new FakeLlmOptions.Builder()
            .apiKey(KEY)
            .latencyMs(5)
            .limitStyle(LimitStyle.ANTHROPIC)
            .requestsPerMinute(100_000)
            .sporadic429Rate(0.05)
            .overloadedRate(0.05)
            .serverErrorRate(0.03)
            .build();
    try (FakeLlmServer server = FakeLlmServer.start(options)) {
      Path db = dir.resolve("noisy.db");
      Path config =
          config(
              "anthropic",
              server.anthropicBaseUrl(),
              150,
              "concurrency: 8, batch_size: 10, max_attempts: 6, backoff_base_ms: 1,"
                  + " backoff_max_ms: 5");
      ChildJvm.Result r =
          HttpRunTest.run(Map.of(VAR, KEY), "start", config.toString(), "--db", db.toString());
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(server.log()).anyMatch(l -> l.outcome().equals("sporadic_429"));
      // every request the server saw is counted, 429s included
      long attempts = Sql.number(db, "SELECT sum(attempt_count) FROM narrative_results");
      assertThat(attempts).isEqualTo(server.count());
      // sporadic 429s and 529s are no evidence of a limit: only the announced one is in force
      assertThat(pacing(db).limitsInForce()).containsExactly("100,000 requests/min (announced)");
    }
  }

  @Test
  void untrustedLimitHeaders_areIgnoredWithOneWarningEachInTheRunLog() throws Exception {
    // not our stand-in: a server that answers well and garbles its limit headers
    HttpServer foreign =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    foreign.setExecutor(Executors.newFixedThreadPool(4));
    foreign.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body =
              ("{\"choices\":[{\"message\":{\"content\":\"{\\\"label\\\": \\\"fall\\\"}\"},"
                      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,"
                      + "\"completion_tokens\":4}}")
                  .getBytes(StandardCharsets.UTF_8);
          var h = exchange.getResponseHeaders();
          h.set("content-type", "application/json");
          h.set("x-ratelimit-limit-requests", "lots");
          h.set("x-ratelimit-limit-tokens", "90000");
          h.set("x-ratelimit-reset-tokens", "96h0m0s");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    foreign.start();
    try {
      Path db = dir.resolve("garbled.db");
      String base = "http://127.0.0.1:" + foreign.getAddress().getPort() + "/v1";
      Path config = config("openai", base, 40, "concurrency: 4, batch_size: 10");
      ChildJvm.Result r =
          HttpRunTest.run(Map.of(VAR, KEY), "start", config.toString(), "--db", db.toString());
      assertThat(r.code()).as(r.toString()).isZero();
      List<String> log = Files.readAllLines(dir.resolve("logs").resolve("experiment-1.log"));
      assertThat(log.stream().filter(l -> l.contains("x-ratelimit-limit-requests: 'lots'")))
          .hasSize(1);
      assertThat(log.stream().filter(l -> l.contains("x-ratelimit-reset-tokens: '96h0m0s'")))
          .hasSize(1);
      // the limit that could be read is used; nothing of the garbled one
      assertThat(pacing(db).limitsInForce()).containsExactly("90,000 tokens/min (announced)");
    } finally {
      foreign.stop(0);
    }
  }
}
