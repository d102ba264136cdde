package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runlab.LockHeldException;
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
 * Scenario 6: while a run goes on, a second {@code resume} exits 4 naming the running PID, and
 * nothing it does loosens the first process's lock; a dead holder's lock is taken over.
 */
class LockScenarioTest {
  @TempDir Path dir;

  @Test
  void secondResumeWhileRunningExitsFourNamingThePid() {
    Workspace ws = new Workspace(dir).rows(400).latencyMs(20).concurrency(2).batchSize(5).write();
    ChildJvm first = ws.startRunlab("start", ws.config.toString());
    Poll.until(
        Duration.ofSeconds(60),
        "first results",
        () ->
            Files.exists(ws.db)
                && Sql.number(ws.db, "SELECT count(*) FROM narrative_results") >= 10);

    for (int i = 0; i < 2; i++) { // twice: a refusal must not loosen the holder's lock
      ChildJvm.Result second = ws.runlab("resume", "1", "--yes");
      assertThat(second.code()).as(second.toString()).isEqualTo(4);
      assertThat(second.err()).contains("process " + first.pid());
    }
    assertThat(first.isAlive()).isTrue();
    assertThat(Sql.status(ws.db, 1)).isEqualTo("running");
    assertThat(Sql.events(ws.db, 1)).contains("resume_refused").doesNotContain("resumed");

    first.kill9();
    ChildJvm.Result takeover = ws.runlab("resume", "1", "--yes");
    assertThat(takeover.code()).as(takeover.toString()).isZero();
    assertThat(takeover.err()).contains("took over the lock").contains(Long.toString(first.pid()));
    assertThat(Sql.events(ws.db, 1)).contains("lock_takeover", "crash_detected");
    assertThat(Sql.status(ws.db, 1)).isEqualTo("completed");
    assertThat(Sql.number(ws.db, "SELECT count(*) FROM narrative_results")).isEqualTo(400);
  }

  /**
   * POSIX locks belong to the process: a second open-and-close of the lock file in the holding JVM
   * would drop its lock. Refused attempts in the holder's own JVM must leave it held for others.
   */
  @Test
  void refusalsInTheHoldingJvmKeepTheOsLock() {
    Workspace ws = new Workspace(dir).rows(20).write();
    assertThat(ws.inProcess("start", ws.config.toString(), "--limit", "5").code()).isZero();
    long me = ProcessHandle.current().pid();
    try (ResumeLock held = ResumeLock.acquire(ws.db, 1)) {
      assertThat(held.previousHolder()).isNull(); // released cleanly by the start above
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> ResumeLock.acquire(ws.db, 1))
            .isInstanceOf(LockHeldException.class)
            .hasMessageContaining("(" + me + ")");
        ChildJvm.Result sameJvm = ws.inProcess("resume", "1", "--yes");
        assertThat(sameJvm.code()).as(sameJvm.toString()).isEqualTo(4);
      }
      ChildJvm.Result other = ws.runlab("resume", "1", "--yes");
      assertThat(other.code()).as(other.toString()).isEqualTo(4);
      assertThat(other.err()).contains("process " + me, "db=" + ws.db);
    }
    ChildJvm.Result after = ws.runlab("resume", "1", "--yes");
    assertThat(after.code()).as(after.toString()).isZero();
    assertThat(Sql.events(ws.db, 1)).doesNotContain("lock_takeover");
  }
}
