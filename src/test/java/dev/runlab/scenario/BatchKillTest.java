package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.fake.FakeHold;
import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * kill -9 of a batch-mode run (a child JVM) at each step: while its input is uploaded, while its
 * batch is created, while it polls, while it downloads the results to ingest them. The stand-in
 * server holds that request after doing its part (the file stored, the batch created, ...), so the
 * kill lands with the provider's side done and its reply not received. Then {@code runlab resume}:
 * every narrative is answered, and the server saw each submitted exactly once.
 */
class BatchKillTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}, killed at {1} ({2})")
  @CsvSource({
    "openai, upload, uploading",
    "openai, create, creating",
    "openai, poll, open",
    "openai, results, open",
    "anthropic, create, creating",
    "anthropic, poll, open",
    "anthropic, results, open"
  })
  void killNineAtAStep_thenResume_submitsEveryNarrativeExactlyOnce(
      String provider, String route, String stageWhenKilled) throws Exception {
    BatchFixture f = new BatchFixture(dir, null);
    try (FakeLlmServer server =
        FakeLlmServer.start(
            new FakeLlmOptions.Builder()
                .apiKey(BatchFixture.KEY)
                .labels(BatchFixture.LABELS)
                .batchSeconds(0.5)
                .build())) {
      Path config =
          f.config(
              server,
              provider,
              f.data("n.csv", 150, Map.of()),
              "mode: batch, batch_max_requests: 60, batch_poll_seconds: 0.1");
      Path db = dir.resolve("killed.db");
      Map<String, String> key = Map.of(BatchFixture.VAR, BatchFixture.KEY);
      FakeHold hold = server.hold(route);
      ChildJvm child = ChildJvm.start(dir, key, "start", config.toString(), "--db", db.toString());
      try {
        assertThat(hold.awaitArrival(Duration.ofSeconds(90)))
            .as("the run reached " + route + "\n" + child.stdout() + child.stderr())
            .isTrue();
      } finally {
        child.kill9();
        hold.release();
      }
      assertThat(Sql.text(db, "SELECT stage FROM provider_batches ORDER BY recorded_at LIMIT 1"))
          .isEqualTo(stageWhenKilled);

      ChildJvm resume = ChildJvm.start(dir, key, "resume", "1", "--yes", "--db", db.toString());
      int code = resume.waitFor(Duration.ofMinutes(2));

      assertThat(code).as(resume.stdout() + resume.stderr()).isZero();
      assertThat(Sql.status(db, 1)).isEqualTo("completed");
      for (int i = 1; i <= 150; i++) {
        String id = Workspace.id(i);
        assertThat(BatchFixture.submissions(server, id)).as(id).isEqualTo(1);
      }
      assertThat(Sql.results(db, 1).values())
          .hasSize(150)
          .allSatisfy(
              row ->
                  assertThat(row).containsEntry("status", "ok").containsEntry("attempt_count", 1));
      assertThat(Sql.number(db, "SELECT count(*) FROM provider_batches")).isEqualTo(3);
      if (route.equals("create")) {
        assertThat(resume.stdout()).contains("(its create had no answer); polling it");
      }
    }
  }
}
