package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.run.ResumeLock;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Poll;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 5 (progress columns advance, the printed line has DESIGN's format, {@code status} from a
 * second process reads a run going on) and SIGTERM/SIGINT: exit 130, paused, batch committed, lock
 * released.
 */
class ProgressAndSignalsTest {
  static final String PROGRESS_LINE =
      "\\[PROGRESS\\] \\d+/400 \\(\\d+\\.\\d%\\) \\| Rate: \\d+\\.\\d{2}/sec \\| ETA: "
          + "(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}|[^|]+) \\| Elapsed: \\S.*";

  @TempDir Path dir;

  @Test
  void progressAdvancesStatusReadsItAndSignalsPause() throws Exception {
    Workspace ws = new Workspace(dir).rows(400).latencyMs(25).concurrency(2).batchSize(5).write();
    ChildJvm run = ws.startRunlab("start", ws.config.toString());
    long first = waitForCompleted(ws, run, 20);
    assertThat(Sql.text(ws.db, "SELECT last_progress_update FROM experiments")).isNotNull();

    ChildJvm.Result status = ws.runlab("status", "1");
    assertThat(status.code()).as(status.toString()).isZero();
    assertThat(status.out()).containsPattern(PROGRESS_LINE);
    assertThat(run.isAlive()).isTrue();
    long second = waitForCompleted(ws, run, first + 20);
    assertThat(second).isGreaterThan(first);
    // the ETA follows once the rate window spans a second
    Poll.until(
        Duration.ofSeconds(30),
        "an ETA",
        () -> Sql.text(ws.db, "SELECT estimated_completion_time FROM experiments") != null);
    assertThat(Sql.text(ws.db, "SELECT estimated_completion_time FROM experiments"))
        .matches("\\d{4}-\\d{2}-\\d{2}T.*");
    assertThat(run.isAlive()).isTrue();

    run.signal("TERM");
    assertThat(run.waitFor(Duration.ofSeconds(60))).as(run.stderr()).isEqualTo(130);
    assertPausedAndReleased(ws);
    assertThat(run.stdout()).containsPattern(PROGRESS_LINE);

    ChildJvm resumed = ws.startRunlab("resume", "1", "--yes");
    long before = Sql.number(ws.db, "SELECT n_narratives_completed FROM experiments");
    waitForCompleted(ws, resumed, before + 20);
    resumed.signal("INT");
    assertThat(resumed.waitFor(Duration.ofSeconds(60))).as(resumed.stderr()).isEqualTo(130);
    assertPausedAndReleased(ws);
    assertThat(Sql.events(ws.db, 1)).doesNotContain("lock_takeover", "crash_detected");

    // `pause ID` from another process: a request the run's writer sees at its next commit
    ChildJvm third = ws.startRunlab("resume", "1", "--yes");
    long now = Sql.number(ws.db, "SELECT n_narratives_completed FROM experiments");
    waitForCompleted(ws, third, now + 10);
    ChildJvm.Result pause = ws.inProcess("pause", "1");
    assertThat(pause.code()).as(pause.toString()).isZero();
    assertThat(third.waitFor(Duration.ofSeconds(60))).as(third.stderr()).isEqualTo(130);
    assertPausedAndReleased(ws);

    ChildJvm.Result finish = ws.runlab("resume", "1", "--yes");
    assertThat(finish.code()).as(finish.toString()).isZero();
    assertThat(Sql.status(ws.db, 1)).isEqualTo("completed");
    assertThat(Sql.number(ws.db, "SELECT count(*) FROM narrative_results")).isEqualTo(400);
  }

  private static void assertPausedAndReleased(Workspace ws) throws Exception {
    assertThat(Sql.status(ws.db, 1)).isEqualTo("paused");
    long completed = Sql.number(ws.db, "SELECT n_narratives_completed FROM experiments");
    assertThat(
            Sql.number(
                ws.db, "SELECT count(*) FROM narrative_results WHERE status IN ('ok','error')"))
        .isEqualTo(completed);
    assertThat(completed).isLessThan(400);
    Path lock = ResumeLock.fileFor(ws.db, 1);
    assertThat(Files.size(lock)).as("lock file emptied on release").isZero();
    try (ResumeLock free = ResumeLock.acquire(ws.db, 1)) {
      assertThat(free.previousHolder()).isNull();
    }
  }

  private static long waitForCompleted(Workspace ws, ChildJvm child, long atLeast) {
    Poll.until(
        Duration.ofSeconds(60),
        atLeast + " completed narratives in experiments",
        () ->
            !child.isAlive()
                || Sql.number(ws.db, "SELECT n_narratives_completed FROM experiments") >= atLeast);
    assertThat(child.isAlive()).as(child.stderr()).isTrue();
    return Sql.number(ws.db, "SELECT n_narratives_completed FROM experiments");
  }
}
