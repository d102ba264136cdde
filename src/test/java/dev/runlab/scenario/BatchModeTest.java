package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.FakeClock;
import dev.runlab.testsupport.InProcess;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Provider batch mode end to end against the stand-in server over real HTTP (issue 14), the run's
 * waits on a test clock: a batch of an hour polled every minute takes no real time.
 */
class BatchModeTest {
  @TempDir Path dir;

  private final FakeClock clock = BatchFixture.newClock();
  private BatchFixture f;

  @BeforeEach
  void fixture() {
    f = new BatchFixture(dir, clock);
  }

  /**
   * {@code runlab start} of {@code rows} narratives (row i's text ending with {@code extra.get(i)})
   * with the {@code run:} entries {@code run}, into {@code db}.
   */
  private ChildJvm.Result start(
      FakeLlmServer server,
      String provider,
      int rows,
      Map<Integer, String> extra,
      String run,
      Path db) {
    Path data = f.data("n.csv", rows, extra);
    return f.runlab(
        "start", f.config(server, provider, data, run).toString(), "--db", db.toString());
  }

  private FakeLlmServer server(FakeClock clock, FakeLlmOptions.Builder options) throws Exception {
    return FakeLlmServer.start(
        options.apiKey(BatchFixture.KEY).labels(BatchFixture.LABELS).batchSeconds(600).build(),
        clock);
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic"})
  void threeThousandNarratives_inBatches_getTheLabelsOfTheOnlineRun_eachSubmittedOnce(
      String provider) throws Exception {
    try (FakeLlmServer server = server(clock, new FakeLlmOptions.Builder())) {
      Path data = f.data("n.csv", 3000, Map.of());
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
                      "mode: batch, batch_max_requests: 1000, batch_poll_seconds: 60")
                  .toString(),
              "--db",
              batch.toString());

      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(Sql.status(batch, 1)).isEqualTo("completed");
      Map<String, Map<String, Object>> expected = Sql.results(online, 1);
      Map<String, Map<String, Object>> got = Sql.results(batch, 1);
      assertThat(got).hasSize(3000);
      Map<String, Long> submissions = BatchFixture.submissionsById(server);
      for (int i = 1; i <= 3000; i++) {
        String id = Workspace.id(i);
        assertThat(got.get(id).get("parsed_label"))
            .as(id)
            .isEqualTo(expected.get(id).get("parsed_label"));
        assertThat(got.get(id).get("status")).as(id).isEqualTo("ok");
        assertThat(got.get(id).get("attempt_count")).as(id).isEqualTo(1);
        assertThat(got.get(id).get("batch_id")).as(id).isNotNull();
        assertThat(got.get(id).get("prompt_tokens")).as(id).isNotNull();
        assertThat(submissions.get(id)).as(id).isEqualTo(1);
      }
      assertThat(Sql.rows(batch, "SELECT stage, n_requests FROM provider_batches"))
          .extracting(row -> row.get("stage") + " " + row.get("n_requests"))
          .containsExactly("ingested 1000", "ingested 1000", "ingested 1000");
      assertThat(r.out()).contains("created at " + provider, "ended (");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic"})
  void expiredAndErroredLines_goOutAgainInNewBatches_untilMaxAttempts(String provider)
      throws Exception {
    FakeLlmOptions.Builder options =
        new FakeLlmOptions.Builder().batchExpireRate(0.2).batchErrorRate(0.2).seed(11);
    try (FakeLlmServer server = server(clock, options)) {
      Path db = dir.resolve("retry.db");

      ChildJvm.Result r =
          start(
              server,
              provider,
              200,
              Map.of(7, "fake-llm:bad_request"),
              "mode: batch, max_attempts: 4",
              db);

      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(Sql.status(db, 1)).isEqualTo("completed");
      Map<String, Map<String, Object>> rows = Sql.results(db, 1);
      long retried = 0;
      for (var e : rows.entrySet()) {
        long attempts = ((Number) e.getValue().get("attempt_count")).longValue();
        // every submission is one attempt, and nothing is submitted twice at once
        assertThat(BatchFixture.submissions(server, e.getKey())).as(e.getKey()).isEqualTo(attempts);
        assertThat(attempts).as(e.getKey()).isBetween(1L, 4L);
        if (attempts > 1) {
          retried++;
          assertThat(e.getValue().get("first_error_message")).as(e.getKey()).isNotNull();
        }
      }
      assertThat(retried).isGreaterThan(40);
      // a request the provider refuses is final at once, as online (bad_request)
      assertThat(rows.get("N0007").get("status")).isEqualTo("error");
      assertThat(rows.get("N0007").get("error_category")).isEqualTo("bad_request");
      assertThat(rows.get("N0007").get("attempt_count")).isEqualTo(1);
      assertThat(
              Sql.number(
                  db, "SELECT count(*) FROM narrative_results WHERE error_category = 'timeout'"))
          .as("expired lines are recorded as timeouts")
          .isPositive();
      assertThat(Sql.number(db, "SELECT count(*) FROM provider_batches")).isGreaterThan(2);
      assertThat(Sql.number(db, "SELECT sum(n_expired) FROM provider_batches")).isPositive();
      assertThat(Sql.number(db, "SELECT n_requests FROM experiments"))
          .isEqualTo(Sql.number(db, "SELECT sum(attempt_count) FROM narrative_results"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic"})
  void resultsInAnyOrder_withALineThatIsNotJson_areReadByCustomId(String provider)
      throws Exception {
    try (FakeLlmServer server = server(clock, new FakeLlmOptions.Builder())) {
      Path db = dir.resolve("garbled.db");

      ChildJvm.Result r =
          start(
              server,
              provider,
              120,
              Map.of(33, "fake-llm:garbled", 40, "fake-llm:truncated"),
              "mode: batch, max_attempts: 2",
              db);

      assertThat(r.code()).as(r.toString()).isZero();
      Map<String, Map<String, Object>> rows = Sql.results(db, 1);
      Map<String, Map<String, Object>> answers = Sql.results(db, 1);
      assertThat(rows.get("N0033"))
          .containsEntry("status", "error")
          .containsEntry("error_category", "protocol")
          .containsEntry("attempt_count", 2);
      assertThat((String) rows.get("N0033").get("first_error_message"))
          .contains("without a result line", "could not be read");
      assertThat(BatchFixture.submissions(server, "N0033")).isEqualTo(2);
      // a model outcome inside a batch is read as online: truncated, a wrong answer, final
      assertThat(rows.get("N0040"))
          .containsEntry("status", "error")
          .containsEntry("error_category", "truncated")
          .containsEntry("attempt_count", 1);
      assertThat(answers.values().stream().filter(row -> "ok".equals(row.get("status"))))
          .hasSize(118);
      assertThat(r.err()).contains("could not be read and were set aside");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic"})
  void aBatchThatFailsValidation_stopsTheRunWithTheProvidersErrors(String provider)
      throws Exception {
    try (FakeLlmServer server = server(clock, new FakeLlmOptions.Builder())) {
      Path db = dir.resolve("invalid.db");

      ChildJvm.Result r =
          start(server, provider, 50, Map.of(12, "fake-llm:batch_invalid"), "mode: batch", db);

      assertThat(r.code()).as(r.toString()).isEqualTo(1);
      assertThat(Sql.status(db, 1)).isEqualTo("failed");
      String message = Sql.text(db, "SELECT status_message FROM experiments");
      assertThat(message).contains("rejected as fake-llm:batch_invalid asks");
      assertThat(message)
          .contains(provider.equals("openai") ? "line 12: invalid_request" : "requests.11.params");
      assertThat(r.err()).contains("rejected as fake-llm:batch_invalid asks");
      assertThat(Sql.text(db, "SELECT stage FROM provider_batches")).isEqualTo("failed");
      assertThat(Sql.number(db, "SELECT count(*) FROM narrative_results")).isZero();
    }
  }

  @Test
  void batchMode_isRefusedForTheSimulatedModel_atStartAndOnResume() throws Exception {
    Workspace ws = new Workspace(dir).rows(20).run("mode: batch").write();

    ChildJvm.Result start = ws.inProcess("start", ws.config.toString());

    assertThat(start.code()).as(start.toString()).isEqualTo(2);
    assertThat(start.err())
        .contains("run.mode batch needs a provider with a batch API")
        .doesNotContain("Exception");
    assertThat(ws.db).doesNotExist();

    ws.run("").write();
    assertThat(ws.inProcess("start", ws.config.toString(), "--limit", "5").code()).isZero();
    Path asOpenAi = dir.resolve("openai-batch.yaml");
    Workspace.writeString(
        asOpenAi,
        Files.readString(ws.config)
                .replace("provider: sim", "provider: openai")
                .replace("  latency_ms: 0\n", "")
            + "  mode: batch\n");
    ChildJvm.Result resume = ws.inProcess("resume", "1", "--yes", "--config", asOpenAi.toString());

    assertThat(resume.code()).as(resume.toString()).isEqualTo(2);
    assertThat(resume.err())
        .contains("run.mode: batch needs a provider with a batch API", "uses sim");
    assertThat(Sql.status(ws.db, 1)).isEqualTo("paused");
  }

  @Test
  void fakeLlm_refusesBadBatchOptionsWithOneClearError() {
    for (String[] args :
        List.of(
            new String[] {"fake-llm", "--port", "0", "--batch-expire-rate", "1.5"},
            new String[] {"fake-llm", "--port", "0", "--batch-seconds", "-1"},
            new String[] {
              "fake-llm", "--port", "0", "--batch-expire-rate", "0.6", "--batch-error-rate", "0.6"
            })) {
      ChildJvm.Result result = InProcess.runlab(args);
      assertThat(result.code()).as(String.join(" ", args) + "\n" + result).isEqualTo(2);
      assertThat(result.err()).contains("--batch-").doesNotContain("\tat ", "Exception");
    }
  }

  @Test
  void dryRun_estimatesAtTheBatchPrice_andLimit_submitsOnlyTheFirstNarratives() throws Exception {
    try (FakeLlmServer server = server(clock, new FakeLlmOptions.Builder())) {
      Path config = f.config(server, "openai", f.data("n.csv", 50, Map.of()), "mode: batch");
      Path db = dir.resolve("limit.db");

      ChildJvm.Result dry =
          f.runlab("start", config.toString(), "--dry-run", "--db", db.toString());
      ChildJvm.Result r =
          f.runlab("start", config.toString(), "--limit", "20", "--db", db.toString());

      assertThat(dry.code()).as(dry.toString()).isZero();
      assertThat(dry.out()).contains("would send 50 of 50", "at the batch price");
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(Sql.status(db, 1)).isEqualTo("paused");
      assertThat(Sql.text(db, "SELECT status_message FROM experiments")).contains("--limit 20");
      for (int i = 1; i <= 50; i++) {
        String id = Workspace.id(i);
        assertThat(BatchFixture.submissions(server, id)).as(id).isEqualTo(i <= 20 ? 1 : 0);
      }
      assertThat(Sql.number(db, "SELECT count(*) FROM narrative_results WHERE status = 'ok'"))
          .isEqualTo(20);
    }
  }

  @Test
  void aRefusedKey_orAServerWithoutABatchApi_stopsTheRunSayingWhatToDo() throws Exception {
    try (FakeLlmServer server = server(clock, new FakeLlmOptions.Builder())) {
      Path data = f.data("n.csv", 20, Map.of());
      Path config = f.config(server, "openai", data, "mode: batch");
      Path wrongKey = dir.resolve("wrong-key.yaml");
      Workspace.writeString(
          wrongKey, Files.readString(config).replace(BatchFixture.VAR, "OTHER_KEY_VARIABLE"));
      Path noBatchApi = dir.resolve("no-batch-api.yaml");
      Workspace.writeString(
          noBatchApi, Files.readString(config).replace("/v1\n", "/elsewhere/v1\n"));
      Path keyDb = dir.resolve("key.db");
      Path apiDb = dir.resolve("api.db");

      ChildJvm.Result refused =
          f.runlabWith(
              Map.of("OTHER_KEY_VARIABLE", "sk-wrong-0000000"),
              "start",
              wrongKey.toString(),
              "--db",
              keyDb.toString());
      ChildJvm.Result missing = f.runlab("start", noBatchApi.toString(), "--db", apiDb.toString());

      assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
      assertThat(Sql.status(keyDb, 1)).isEqualTo("failed");
      assertThat(refused.err())
          .contains("stopped on auth", "OTHER_KEY_VARIABLE")
          .doesNotContain("sk-wrong");
      assertThat(missing.code()).as(missing.toString()).isEqualTo(1);
      assertThat(missing.err())
          .contains("answered HTTP 404", "no batch API there", "run.mode online");
      assertThat(server.batchSubmissions(p -> true)).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic"})
  void resultDownloadsFailingWithServerErrors_areTriedAgain_andNothingIsSubmittedAgain(
      String provider) throws Exception {
    try (FakeLlmServer server = server(clock, new FakeLlmOptions.Builder())) {
      server.failNext("results", 12); // more than one poll's tries
      Path db = dir.resolve("downloads.db");

      ChildJvm.Result r = start(server, provider, 40, Map.of(), "mode: batch", db);

      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.err()).contains("it is read again at the next poll");
      assertThat(Sql.status(db, 1)).isEqualTo("completed");
      assertThat(BatchFixture.submissionsById(server).values()).hasSize(40).containsOnly(1L);
      assertThat(Sql.number(db, "SELECT count(*) FROM narrative_results WHERE status = 'ok'"))
          .isEqualTo(40);
    }
  }
}
