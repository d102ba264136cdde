package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.experiment.Status;
import dev.runlab.fake.FakeHold;
import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.lab.ExperimentId;
import dev.runlab.lab.Lab;
import dev.runlab.run.Run;
import dev.runlab.run.RunListener;
import dev.runlab.run.RunOptions;
import dev.runlab.run.RunOutcome;
import dev.runlab.store.DbLocation;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.FakeClock;
import dev.runlab.testsupport.Sql;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pause, cancel, status and resume of batch-mode runs (issue 14): each run is held at its first
 * poll by the stand-in server, so the stop lands while its batch is open at the provider.
 */
class BatchControlTest {
  @TempDir Path dir;

  private final FakeClock clock = BatchFixture.newClock();
  private BatchFixture f;

  @BeforeEach
  void fixture() {
    f = new BatchFixture(dir, clock);
  }

  /** A lab on {@code db} whose runs wait on the test's clock. */
  private Lab lab(Path db) {
    return Lab.open(DbLocation.of(db), db, f.environment(), new RunListener() {});
  }

  private FakeLlmServer server() throws Exception {
    return FakeLlmServer.start(
        new FakeLlmOptions.Builder()
            .apiKey(BatchFixture.KEY)
            .labels(BatchFixture.LABELS)
            .batchSeconds(600)
            .build(),
        clock);
  }

  /** Starts a run in a lab, pauses it at its first poll (its batch open); returns the run. */
  private static Run startThenPause(Lab lab, FakeLlmServer server, Path config) throws Exception {
    FakeHold poll = server.hold("poll");
    Run run = startHeld(lab, server, config, poll);
    run.requestPause("paused by the test");
    poll.release();
    run.await();
    return run;
  }

  /** Starts a run in a lab and holds it at its first poll; returns the run. */
  private static Run startHeld(Lab lab, FakeLlmServer server, Path config, FakeHold poll)
      throws Exception {
    lab.start(config, RunOptions.DEFAULT);
    assertThat(poll.awaitArrival(Duration.ofSeconds(60))).as("the first poll").isTrue();
    return lab.run(ExperimentId.of(1)).orElseThrow();
  }

  @Test
  void pause_leavesTheBatchAtTheProvider_statusListsIt_andResumeReadsItWithoutSubmittingAgain()
      throws Exception {
    Path db = dir.resolve("pause.db");
    try (FakeLlmServer server = server();
        Lab lab = lab(db)) {
      Path config = f.config(server, "openai", f.data("n.csv", 80, Map.of()), "mode: batch");
      FakeHold poll = server.hold("poll");
      Run run = startHeld(lab, server, config, poll);

      run.requestPause("paused by the test");
      poll.release();
      RunOutcome paused = run.await();

      assertThat(paused.status()).isEqualTo(Status.PAUSED);
      assertThat(Sql.text(db, "SELECT stage FROM provider_batches")).isEqualTo("open");
      assertThat(Sql.number(db, "SELECT count(*) FROM narrative_results")).isZero();
      String batchId = Sql.text(db, "SELECT batch_id FROM provider_batches");
      ChildJvm.Result status = f.runlab("status", "1", "--db", db.toString());
      assertThat(status.out())
          .contains("batches   1 submitted to openai: 1 open (holding 80 narratives), 0 read")
          .contains("ETA: 2026-12-01 09:10:00")
          .contains("batches at 50% of it")
          .contains(
              batchId + "  in_progress  8 of 80 done (0 errored); expires 2026-12-02 09:00:00");

      ChildJvm.Result dry = f.runlab("resume", "1", "--dry-run", "--db", db.toString());
      assertThat(dry.out())
          .as("the open batch's narratives are not sent again")
          .contains("would send 0 of 80");
      ChildJvm.Result resumed = f.runlab("resume", "1", "--yes", "--db", db.toString());

      assertThat(resumed.code()).as(resumed.toString()).isZero();
      assertThat(Sql.status(db, 1)).isEqualTo("completed");
      assertThat(Sql.number(db, "SELECT count(*) FROM provider_batches")).isEqualTo(1);
      for (var row : Sql.results(db, 1).entrySet()) {
        assertThat(row.getValue()).containsEntry("status", "ok").containsEntry("attempt_count", 1);
        assertThat(BatchFixture.submissions(server, row.getKey())).isEqualTo(1);
      }
    }
  }

  @Test
  void cancel_cancelsTheOpenBatch_andKeepsWhatItAnsweredBefore() throws Exception {
    Path db = dir.resolve("cancel.db");
    try (FakeLlmServer server = server();
        Lab lab = lab(db)) {
      Path config = f.config(server, "anthropic", f.data("n.csv", 100, Map.of()), "mode: batch");
      FakeHold poll = server.hold("poll");
      Run run = startHeld(lab, server, config, poll);

      clock.advance(Duration.ofSeconds(240)); // the batch has done 40% of its requests
      run.requestCancel("cancelled by the test");
      poll.release();
      RunOutcome cancelled = run.await();

      assertThat(cancelled.status()).isEqualTo(Status.CANCELLED);
      assertThat(Sql.rows(db, "SELECT stage, status, cancel_requested_at FROM provider_batches"))
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row).containsEntry("stage", "ingested").containsEntry("status", "ended");
                assertThat(row.get("cancel_requested_at")).isNotNull();
              });
      long ok = Sql.number(db, "SELECT count(*) FROM narrative_results WHERE status = 'ok'");
      assertThat(ok).isBetween(35L, 60L);
      assertThat(
              Sql.number(
                  db,
                  "SELECT count(*) FROM narrative_results WHERE status = 'pending'"
                      + " AND attempt_count = 1"))
          .isEqualTo(100 - ok);
      assertThat(Sql.number(db, "SELECT n_cancelled FROM provider_batches")).isEqualTo(100 - ok);
    }
  }

  @Test
  void cancelOfAPausedExperiment_cancelsItsBatchesAtTheProvider() throws Exception {
    Path db = dir.resolve("paused.db");
    try (FakeLlmServer server = server();
        Lab lab = lab(db)) {
      Path config = f.config(server, "openai", f.data("n.csv", 60, Map.of()), "mode: batch");
      startThenPause(lab, server, config);
      clock.advance(Duration.ofSeconds(300));

      ChildJvm.Result cancel = f.runlab("cancel", "1", "--db", db.toString());

      assertThat(cancel.code()).as(cancel.toString()).isZero();
      assertThat(Sql.status(db, 1)).isEqualTo("cancelled");
      assertThat(Sql.text(db, "SELECT status_message FROM experiments"))
          .contains("were cancelled at the provider", "what they had answered was stored");
      assertThat(Sql.text(db, "SELECT status FROM provider_batches")).isEqualTo("cancelled");
      assertThat(Sql.text(db, "SELECT stage FROM provider_batches")).isEqualTo("ingested");
      assertThat(Sql.number(db, "SELECT count(*) FROM narrative_results WHERE status = 'ok'"))
          .isBetween(20L, 40L);
    }
  }

  @Test
  void anOnlineResume_whileBatchesMayStillAnswer_isRefused() throws Exception {
    Path db = dir.resolve("mode.db");
    try (FakeLlmServer server = server();
        Lab lab = lab(db)) {
      Path data = f.data("n.csv", 30, Map.of());
      startThenPause(lab, server, f.config(server, "openai", data, "mode: batch"));
      Path online = f.config(server, "openai", data, "mode: online");

      ChildJvm.Result r =
          f.runlab("resume", "1", "--yes", "--config", online.toString(), "--db", db.toString());

      assertThat(r.code()).as(r.toString()).isEqualTo(2);
      assertThat(r.err())
          .contains("has 1 provider batches not yet read (holding 30 narratives)")
          .contains("run.mode: batch");
      assertThat(Sql.status(db, 1)).isEqualTo("paused");
      assertThat(server.count(p -> !p.isEmpty()) - server.batchSubmissions(p -> true)).isZero();
    }
  }

  @Test
  void aBatchCancelledBySomeoneElse_hasItsUnansweredLinesSubmittedAgain_asFailedAttempts()
      throws Exception {
    Path db = dir.resolve("elsewhere.db");
    try (FakeLlmServer server = server();
        Lab lab = lab(db)) {
      Path config =
          f.config(server, "openai", f.data("n.csv", 50, Map.of()), "mode: batch, max_attempts: 2");
      FakeHold poll = server.hold("poll");
      Run run = startHeld(lab, server, config, poll);
      clock.advance(Duration.ofSeconds(300)); // half done
      String batchId = Sql.text(db, "SELECT batch_id FROM provider_batches");
      HttpResponse<String> cancelled =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(server.openAiBaseUrl() + "/batches/" + batchId + "/cancel"))
                      .header("authorization", "Bearer " + BatchFixture.KEY)
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
      clock.advance(Duration.ofSeconds(1));
      poll.release();

      assertThat(run.await().status()).isEqualTo(Status.COMPLETED);
      Map<String, Map<String, Object>> rows = Sql.results(db, 1);
      long again = 0;
      for (var row : rows.entrySet()) {
        long attempts = ((Number) row.getValue().get("attempt_count")).longValue();
        assertThat(BatchFixture.submissions(server, row.getKey())).isEqualTo(attempts);
        if (attempts == 2) {
          again++;
          assertThat((String) row.getValue().get("first_error_message")).contains("cancelled");
          assertThat(row.getValue()).containsEntry("status", "ok");
        }
      }
      assertThat(again).isBetween(20L, 30L);
    }
  }
}
