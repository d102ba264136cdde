package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.run.ResumeLock;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Gate;
import dev.runlab.testsupport.Poll;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 5 (progress columns advance, the printed line has the README's format, {@code status}
 * from a second process reads a run going on) and SIGTERM/SIGINT: exit 130, paused, batch
 * committed, lock released. Each run's simulated model is behind a {@link Gate} (two workers): the
 * run is held at a known count when the status is read and when a signal or a pause request
 * arrives, and the test lets exactly the two requests in flight finish afterwards.
 */
class ProgressAndSignalsTest {
  static final String PROGRESS_LINE =
      "\\[PROGRESS\\] \\d+/400 \\(\\d+\\.\\d%\\) \\| Rate: (\\d+\\.\\d{2}/sec|measuring…) \\| ETA: "
          + "(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}|[^|]+) \\| Elapsed: \\S.*";
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void progressAdvancesStatusReadsItAndSignalsPause() throws Exception {
    Workspace ws = new Workspace(dir).rows(400).concurrency(2).batchSize(5).write();
    Gate gate = new Gate(dir.resolve("gate-start"));
    gate.allow(20);
    ChildJvm run = ws.startRunlab(gate, "start", ws.config.toString());
    heldAt(ws, run, 20);
    assertThat(Sql.text(ws.db, "SELECT last_progress_update FROM experiments")).isNotNull();

    ChildJvm.Result status = ws.runlab("status", "1");
    assertThat(status.code()).as(status.toString()).isZero();
    assertThat(status.out()).containsPattern(PROGRESS_LINE).contains("20/400");
    assertThat(run.isAlive()).isTrue();

    gate.allow(40);
    heldAt(ws, run, 40);
    // the ETA follows once the rate window spans a second (the held run still commits every 2 s)
    Poll.until(
        WAIT,
        "an ETA",
        () -> Sql.text(ws.db, "SELECT estimated_completion_time FROM experiments") != null);
    assertThat(Sql.text(ws.db, "SELECT estimated_completion_time FROM experiments"))
        .matches("\\d{4}-\\d{2}-\\d{2}T.*");
    assertThat(run.isAlive()).isTrue();

    run.signal("TERM");
    Poll.until(WAIT, "the pause on SIGTERM", () -> run.stderr().contains("pausing experiment 1"));
    gate.allow(42); // the two requests in flight finish; no new one goes out
    assertThat(run.waitFor(WAIT)).as(run.stderr()).isEqualTo(130);
    assertPausedAndReleased(ws, 42);
    assertThat(run.stdout()).containsPattern(PROGRESS_LINE);

    Gate second = new Gate(dir.resolve("gate-resume"));
    second.allow(20);
    ChildJvm resumed = ws.startRunlab(second, "resume", "1", "--yes");
    heldAt(ws, resumed, 62);
    resumed.signal("INT");
    Poll.until(WAIT, "the pause on SIGINT", () -> resumed.stderr().contains("pausing"));
    second.allow(22);
    assertThat(resumed.waitFor(WAIT)).as(resumed.stderr()).isEqualTo(130);
    assertPausedAndReleased(ws, 64);
    assertThat(Sql.events(ws.db, 1)).doesNotContain("lock_takeover", "crash_detected");

    // `pause ID` from another process: a request the run's writer sees at its next commit
    Gate third = new Gate(dir.resolve("gate-pause"));
    third.allow(10);
    ChildJvm held = ws.startRunlab(third, "resume", "1", "--yes");
    heldAt(ws, held, 74);
    CompletableFuture<ChildJvm.Result> pause =
        CompletableFuture.supplyAsync(() -> ws.inProcess("pause", "1"));
    Poll.until(
        WAIT, "the run sees the pause request", () -> held.stdout().contains("pause requested"));
    third.allow(12);
    Poll.until(WAIT, "the pause command's end", pause::isDone);
    assertThat(pause.get().code()).as(pause.get().toString()).isZero();
    assertThat(held.waitFor(WAIT)).as(held.stderr()).isEqualTo(130);
    assertPausedAndReleased(ws, 76);

    ChildJvm.Result finish = ws.runlab("resume", "1", "--yes");
    assertThat(finish.code()).as(finish.toString()).isZero();
    assertThat(Sql.status(ws.db, 1)).isEqualTo("completed");
    assertThat(Sql.number(ws.db, "SELECT count(*) FROM narrative_results")).isEqualTo(400);
  }

  private static void assertPausedAndReleased(Workspace ws, long completed) throws Exception {
    assertThat(Sql.status(ws.db, 1)).isEqualTo("paused");
    assertThat(Sql.number(ws.db, "SELECT n_narratives_completed FROM experiments"))
        .isEqualTo(completed);
    assertThat(
            Sql.number(
                ws.db, "SELECT count(*) FROM narrative_results WHERE status IN ('ok','error')"))
        .isEqualTo(completed);
    Path lock = ResumeLock.fileFor(ws.db, 1);
    assertThat(Files.size(lock)).as("lock file emptied on release").isZero();
    try (ResumeLock free = ResumeLock.acquire(ws.db, 1)) {
      assertThat(free.previousHolder()).isNull();
    }
  }

  /** Waits until the gate holds the run with exactly {@code completed} results committed. */
  private static void heldAt(Workspace ws, ChildJvm child, long completed) {
    Supplier<Long> committed =
        () -> Sql.number(ws.db, "SELECT n_narratives_completed FROM experiments");
    Poll.until(
        WAIT,
        completed + " completed narratives in experiments",
        () -> !child.isAlive() || committed.get() >= completed);
    assertThat(child.isAlive()).as(child.stderr()).isTrue();
    assertThat(committed.get()).isEqualTo(completed);
  }
}
