package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The errors that stop a whole run (docs/providers.md, Errors that stop a run: {@code auth}, {@code
 * quota_exhausted}, {@code not_found}) end it with status failed, exit 1 and one message on stderr
 * that names the category and what to do, and never the key.
 */
class RunStopMessageTest {
  static final String KEY = "sk-runlab-right-4d2c0ffee1";
  static final String WRONG = "sk-runlab-wrong-7e9bad0kee";
  static final String VAR = "RUNLAB_STOP_KEY";

  @TempDir Path dir;

  /** A config over {@code rows} narratives (the first ones' texts given) at the server. */
  Path config(FakeLlmServer server, List<String> firstTexts, int rows) {
    StringBuilder csv = new StringBuilder("id,text\n");
    for (int i = 0; i < rows; i++) {
      String text = i < firstTexts.size() ? firstTexts.get(i) : "Worker fell from a ladder " + i;
      csv.append(Workspace.id(i)).append(",\"").append(text).append("\"\n");
    }
    Workspace.writeString(dir.resolve("narratives.csv"), csv.toString());
    Path file = dir.resolve("experiment.yaml");
    Workspace.writeString(
        file,
        "name: stop-message\n"
            + "data: narratives.csv\n"
            + "model: {provider: openai, name: fake-model, base_url: \""
            + server.openAiBaseUrl()
            + "\", api_key_env: "
            + VAR
            + "}\n"
            + "prompt: {template: \"Narrative {id}: {text}\"}\n"
            + "parse: {type: json, field: label}\n"
            + "run: {concurrency: 2, batch_size: 5}\n");
    return file;
  }

  @Test
  void aWrongKeyFailsTheRunWithOneMessageOnStderrInARealProcess() throws Exception {
    try (FakeLlmServer server =
        FakeLlmServer.start(FakeLlmOptions.defaults().withApiKey(KEY).withLatency(10))) {
      Path db = dir.resolve("auth.db");
      ChildJvm child =
          ChildJvm.start(
              dir,
              Map.of(VAR, WRONG),
              "start",
              config(server, List.of(), 50).toString(),
              "--db",
              db.toString());
      int code = child.waitFor(Duration.ofMinutes(1));
      ChildJvm.Result r = new ChildJvm.Result(code, child.stdout(), child.stderr());

      assertThat(r.code()).as(r.toString()).isEqualTo(1);
      String message = onlyLine(r.err());
      assertThat(message)
          .startsWith("runlab: experiment 1 failed: stopped on auth: HTTP 401")
          .contains("the server refused the API key in " + VAR)
          .contains("put a valid key in " + VAR)
          .endsWith("then resume with `runlab resume 1`");
      assertThat(r.out()).doesNotContain("failed").doesNotContain("stopped on");
      assertThat(r.out() + r.err()).doesNotContain(WRONG).doesNotContain(KEY);
      assertThat(server.count()).isBetween(1L, 2L);

      assertThat(Sql.status(db, 1)).isEqualTo("failed");
      assertThat(Sql.text(db, "SELECT status_message FROM experiments WHERE experiment_id = 1"))
          .isEqualTo(message.substring("runlab: experiment 1 failed: ".length()));
      assertThat(Sql.number(db, "SELECT count(*) FROM narrative_results WHERE status <> 'pending'"))
          .isZero();
      assertNoKeyIn(dir, WRONG);
    }
  }

  @Test
  void noQuotaAndAnUnknownModelFailTheRunSayingWhatToDo() throws Exception {
    try (FakeLlmServer server = FakeLlmServer.start(FakeLlmOptions.defaults().withApiKey(KEY))) {
      Path quotaDb = dir.resolve("quota.db");
      ChildJvm.Result quota =
          HttpRunTest.run(
              Map.of(VAR, KEY),
              "start",
              config(server, List.of("fake-llm:quota"), 20).toString(),
              "--db",
              quotaDb.toString());
      assertThat(quota.code()).as(quota.toString()).isEqualTo(1);
      assertThat(onlyLine(quota.err()))
          .startsWith("runlab: experiment 1 failed: stopped on quota_exhausted: HTTP 429")
          .contains("the account of the API key in " + VAR + " has no quota or credit left")
          .endsWith("then resume with `runlab resume 1`");
      assertThat(Sql.status(quotaDb, 1)).isEqualTo("failed");

      Path notFoundDb = dir.resolve("not-found.db");
      ChildJvm.Result notFound =
          HttpRunTest.run(
              Map.of(VAR, KEY),
              "start",
              config(server, List.of("fake-llm:not_found"), 20).toString(),
              "--db",
              notFoundDb.toString());
      assertThat(notFound.code()).as(notFound.toString()).isEqualTo(1);
      assertThat(onlyLine(notFound.err()))
          .startsWith("runlab: experiment 1 failed: stopped on not_found: HTTP 404")
          .contains(
              "the server at " + server.openAiBaseUrl() + " does not serve model 'fake-model'")
          .contains("check model.name and model.base_url")
          .contains("resume with `runlab resume 1`");
      assertThat(Sql.status(notFoundDb, 1)).isEqualTo("failed");
      assertThat(quota.out() + quota.err() + notFound.out() + notFound.err()).doesNotContain(KEY);
    }
  }

  /** The one non-blank line of {@code text}. */
  private static String onlyLine(String text) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as(text).hasSize(1);
    return lines.get(0);
  }

  private static void assertNoKeyIn(Path folder, String key) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(content).as(f.toString()).doesNotContain(key);
      }
    }
  }
}
