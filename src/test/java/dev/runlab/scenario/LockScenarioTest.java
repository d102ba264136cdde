package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

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
}
