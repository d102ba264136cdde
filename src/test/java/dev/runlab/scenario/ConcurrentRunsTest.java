package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Poll;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two experiments of one database run at once in two processes, with small batches so their commits
 * contend, while a third process cancels one of them: the busy timeout and the write transactions
 * keep every result, and the cancel reaches the right run.
 */
class ConcurrentRunsTest {
  @TempDir Path dir;

  @Test
  void twoProcessesRunTwoExperimentsOfOneDatabaseAndOneIsCancelled() {
    Workspace ws = new Workspace(dir).rows(300).latencyMs(25).concurrency(4).batchSize(3).write();
    ChildJvm first = ws.startRunlab("start", ws.config.toString());
    Poll.until(Duration.ofSeconds(60), "experiment 1", () -> Sql.status(ws.db, 1) != null);
    ChildJvm second = ws.startRunlab("start", ws.config.toString());
    Poll.until(
        Duration.ofSeconds(60),
        "results of experiment 2",
        () ->
            !second.isAlive()
                || Sql.number(
                        ws.db, "SELECT count(*) FROM narrative_results WHERE experiment_id = 2")
                    > 0);

    ChildJvm.Result cancel = ws.inProcess("cancel", "2");
    assertThat(cancel.code()).as(cancel.toString()).isZero();

    assertThat(first.waitFor(Duration.ofSeconds(90))).as(first.stderr()).isZero();
    int secondCode = second.waitFor(Duration.ofSeconds(90));
    assertThat(Sql.status(ws.db, 1)).isEqualTo("completed");
    assertThat(Sql.number(ws.db, "SELECT count(*) FROM narrative_results WHERE experiment_id = 1"))
        .isEqualTo(300);
    assertThat(Sql.status(ws.db, 2)).as(second.stderr()).isEqualTo("cancelled");
    assertThat(secondCode).isEqualTo(130);
    assertThat(
            Sql.number(
                ws.db, "SELECT n_narratives_completed FROM experiments WHERE experiment_id = 2"))
        .isEqualTo(
            Sql.number(
                ws.db,
                "SELECT count(*) FROM narrative_results WHERE experiment_id = 2"
                    + " AND status IN ('ok','error')"));
    assertThat(first.stderr() + second.stderr()).doesNotContainIgnoringCase("SQLITE_BUSY");
  }
}
