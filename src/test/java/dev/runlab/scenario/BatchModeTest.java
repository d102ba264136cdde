package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.FakeClock;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Provider batch mode end to end against the stand-in server over real HTTP (issue 14), the run's
 * waits on a test clock: a batch of an hour polled every minute takes no real time.
 */
class BatchModeTest {
  @TempDir Path dir;

  private FakeLlmServer server(FakeClock clock, FakeLlmOptions.Builder options) throws Exception {
    return FakeLlmServer.start(
        options.apiKey(BatchFixture.KEY).labels(BatchFixture.LABELS).batchSeconds(3600).build(),
        clock);
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic"})
  void aBatchRun_givesEveryNarrativeTheLabelOfTheOnlineRun_submittingEachOnce(String provider)
      throws Exception {
    FakeClock clock = BatchFixture.newClock();
    BatchFixture f = new BatchFixture(dir, clock);
    try (FakeLlmServer server = server(clock, new FakeLlmOptions.Builder())) {
      Path data = f.data("n.csv", 250, Map.of());
      Path online = dir.resolve("online.db");
      Path batch = dir.resolve("batch.db");
      ChildJvm.Result first =
          f.runlab(
              "start",
              f.config(server, provider, data, "mode: online").toString(),
              "--db",
              online.toString());
      assertThat(first.code()).as(first.toString()).isZero();
      server.clearLog();

      ChildJvm.Result r =
          f.runlab(
              "start",
              f.config(
                      server,
                      provider,
                      data,
                      "mode: batch, batch_max_requests: 100, batch_poll_seconds: 60")
                  .toString(),
              "--db",
              batch.toString());

      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(Sql.status(batch, 1)).isEqualTo("completed");
      Map<String, Map<String, Object>> expected = Sql.results(online, 1);
      Map<String, Map<String, Object>> got = Sql.results(batch, 1);
      assertThat(got).hasSize(250);
      for (int i = 1; i <= 250; i++) {
        String id = Workspace.id(i);
        assertThat(got.get(id).get("parsed_label"))
            .as(id)
            .isEqualTo(expected.get(id).get("parsed_label"));
        assertThat(got.get(id).get("status")).as(id).isEqualTo("ok");
        assertThat(got.get(id).get("attempt_count")).as(id).isEqualTo(1);
        assertThat(got.get(id).get("batch_id")).as(id).isNotNull();
        assertThat(got.get(id).get("prompt_tokens")).as(id).isNotNull();
        assertThat(BatchFixture.submissions(server, id)).as(id).isEqualTo(1);
      }
      assertThat(Sql.rows(batch, "SELECT stage, n_requests FROM provider_batches"))
          .extracting(row -> row.get("stage") + " " + row.get("n_requests"))
          .containsExactlyInAnyOrder("ingested 100", "ingested 100", "ingested 50");
      assertThat(r.out()).contains("created at " + provider, "ended (");
    }
  }
}
