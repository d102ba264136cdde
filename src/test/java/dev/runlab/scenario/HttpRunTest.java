package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.cli.Main;
import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.run.RunEnvironment;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Poll;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs over real HTTP against the stand-in server on 127.0.0.1 (issue 3's tests). */
class HttpRunTest {
  static final String KEY = "sk-runlab-test-5f1c0ffee0ddba11";
  static final String VAR = "RUNLAB_TEST_KEY";
  static final List<String> LABELS = List.of("fall", "burn", "cut_pierce", "struck_by", "other");

  @TempDir Path dir;

  Path config(FakeLlmServer server, String provider, int rows, int concurrency) {
    Workspace.writeData(dir.resolve("narratives.csv"), rows);
    String base = provider.equals("openai") ? server.openAiBaseUrl() : server.anthropicBaseUrl();
    String yaml =
        "name: http-run\n"
            + "data: narratives.csv\n"
            + "model:\n"
            + "  provider: "
            + provider
            + "\n"
            + "  name: fake-model\n"
            + "  base_url: "
            + base
            + "\n"
            + "  api_key_env: "
            + VAR
            + "\n"
            + "  seed: 7\n"
            + "  price_per_million: {input: 1.5, output: 6}\n"
            + "prompt:\n"
            + "  template: \"Narrative {id}: {text}\"\n"
            + "parse: {type: json, field: label, labels: [fall, burn, cut_pierce, struck_by,"
            + " other]}\n"
            + "run: {concurrency: "
            + concurrency
            + ", batch_size: 10, max_attempts: 3, backoff_base_ms: 1, backoff_max_ms: 2}\n";
    Path file = dir.resolve("experiment.yaml");
    Workspace.writeString(file, yaml);
    return file;
  }

  static ChildJvm.Result run(Map<String, String> vars, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    RunEnvironment env = RunEnvironment.system().withEnvironment(vars::get);
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, new ByteArrayInputStream(new byte[0]), false, env);
    }
    return new ChildJvm.Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static long requestsFor(FakeLlmServer server, String id) {
    return server.count(p -> p.startsWith("Narrative " + id + ":"));
  }

  @Test
  void aRunWithFaultsCountsEveryRequestAndNeverStoresTheKey() throws Exception {
    FakeLlmOptions options =
        FakeLlmOptions.defaults()
            .withApiKey(KEY)
            .withLabels(LABELS)
            .withFaults(0.1, 0.05, 0, 0.03, 0.02);
    try (FakeLlmServer server = FakeLlmServer.start(options)) {
      for (String provider : List.of("openai", "anthropic")) {
        Path db = dir.resolve(provider + ".db");
        ChildJvm.Result r =
            run(
                Map.of(VAR, KEY),
                "start",
                config(server, provider, 120, 4).toString(),
                "--db",
                db.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Sql.status(db, 1)).isEqualTo("completed");
        Map<String, Map<String, Object>> rows = Sql.results(db, 1);
        assertThat(rows).hasSize(120);
        long retried = 0;
        for (var e : rows.entrySet()) {
          long attempts = ((Number) e.getValue().get("attempt_count")).longValue();
          assertThat(attempts).as(e.getKey()).isEqualTo(requestsFor(server, e.getKey()));
          retried += attempts > 1 ? 1 : 0;
          if ("ok".equals(e.getValue().get("status"))) {
            assertThat(e.getValue().get("prompt_tokens")).isNotNull();
            assertThat(e.getValue().get("completion_tokens")).isNotNull();
            assertThat(e.getValue().get("latency_ms")).isNotNull();
            // OpenAI sends a system_fingerprint with each answer; Anthropic sends none
            assertThat(e.getValue().get("system_fingerprint"))
                .as(e.getKey())
                .isEqualTo(provider.equals("openai") ? FakeLlmServer.SYSTEM_FINGERPRINT : null);
          }
        }
        assertThat(retried).as("faults make some retries").isPositive();
        assertThat(
                Sql.number(db, "SELECT prompt_tokens_total FROM experiments WHERE experiment_id=1"))
            .isPositive();
        ChildJvm.Result status = run(Map.of(), "status", "1", "--db", db.toString());
        assertThat(status.out())
            .contains("requests/s now", "429s in the last minute", "no limit in force")
            .contains("so far")
            .contains("at 1.5 in / 6 out per million tokens");
        assertThat(r.out() + r.err() + status.out()).doesNotContain(KEY);
        assertNoKeyIn(dir);
        server.clearLog();
      }
    }
  }

  private static void assertNoKeyIn(Path folder) throws IOException {
    byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(indexOf(Files.readAllBytes(f), key)).as(f.toString()).isEqualTo(-1);
      }
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void aBadKeyStopsTheRunAfterAtMostConcurrencyRequests() throws Exception {
    try (FakeLlmServer server =
        FakeLlmServer.start(
            FakeLlmOptions.defaults().withApiKey(KEY).withLabels(LABELS).withLatency(20))) {
      Path db = dir.resolve("bad.db");
      ChildJvm.Result r =
          run(
              Map.of(VAR, "sk-wrong-key-0000000000"),
              "start",
              config(server, "openai", 200, 4).toString(),
              "--db",
              db.toString());
      assertThat(r.code()).as(r.toString()).isEqualTo(1);
      assertThat(server.count()).isBetween(1L, 4L);
      assertThat(Sql.status(db, 1)).isEqualTo("failed");
      assertThat(r.out() + r.err()).contains("auth").doesNotContain("sk-wrong-key-0000000000");
      assertThat(Sql.number(db, "SELECT count(*) FROM narrative_results WHERE status = 'error'"))
          .isZero();
    }
  }

  @Test
  void aMissingKeySendsNothingAndNamesTheVariable() throws Exception {
    try (FakeLlmServer server = FakeLlmServer.start(FakeLlmOptions.defaults())) {
      Path db = dir.resolve("missing.db");
      ChildJvm.Result r =
          run(
              Map.of(),
              "start",
              config(server, "anthropic", 20, 2).toString(),
              "--db",
              db.toString());
      assertThat(r.code()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).contains(VAR);
      assertThat(server.count()).isZero();
      assertThat(Files.exists(db)).isFalse();
    }
  }

  @Test
  void killNineMidRunThenResumeNeverRequestsACommittedNarrativeAgain() throws Exception {
    try (FakeLlmServer server =
        FakeLlmServer.start(
            FakeLlmOptions.defaults().withApiKey(KEY).withLabels(LABELS).withLatency(15))) {
      Path config = config(server, "openai", 300, 2);
      Path db = dir.resolve("killed.db");
      ChildJvm child =
          ChildJvm.start(dir, Map.of(VAR, KEY), "start", config.toString(), "--db", db.toString());
      try {
        Poll.until(
            Duration.ofSeconds(60),
            "40 committed results",
            () ->
                Sql.number(db, "SELECT count(*) FROM narrative_results WHERE status = 'ok'") >= 40);
      } finally {
        child.kill9();
      }
      Map<String, Long> committed = new HashMap<>();
      for (var row :
          Sql.rows(
              db,
              "SELECT narrative_id, attempt_count FROM narrative_results"
                  + " WHERE status IN ('ok', 'error')")) {
        committed.put(
            (String) row.get("narrative_id"), ((Number) row.get("attempt_count")).longValue());
      }
      assertThat(committed).hasSizeGreaterThanOrEqualTo(40).hasSizeLessThan(300);
      Map<String, Long> before = new HashMap<>();
      committed.keySet().forEach(id -> before.put(id, requestsFor(server, id)));

      ChildJvm.Result resumed =
          run(Map.of(VAR, KEY), "resume", "1", "--yes", "--db", db.toString());
      assertThat(resumed.code()).as(resumed.toString()).isZero();
      assertThat(Sql.status(db, 1)).isEqualTo("completed");
      for (String id : committed.keySet()) {
        assertThat(requestsFor(server, id)).as(id).isEqualTo(before.get(id));
        assertThat(before.get(id)).as(id).isEqualTo(committed.get(id));
      }
      assertThat(Sql.results(db, 1)).hasSize(300);
    }
  }
}
