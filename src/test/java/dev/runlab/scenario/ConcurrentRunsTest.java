package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Gate;
import dev.runlab.testsupport.Poll;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two experiments of one database run at once in two processes, with small batches so their commits
 * contend, while a third process cancels one of them: the busy timeout and the write transactions
 * keep every result, and the cancel reaches the right run. Both runs wait behind a {@link Gate}
 * until both have started, then go at once; the second is held at a known count when it is
 * cancelled.
 */
class ConcurrentRunsTest {
  static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void twoProcessesRunTwoExperimentsOfOneDatabaseAndOneIsCancelled() throws Exception {
    Workspace ws = new Workspace(dir).rows(300).latencyMs(5).concurrency(4).batchSize(3).write();
    Gate one = new Gate(dir.resolve("gate-1"));
    Gate two = new Gate(dir.resolve("gate-2"));
    ChildJvm first = ws.startRunlab(one, "start", ws.config.toString());
    Poll.until(WAIT, "experiment 1", () -> Sql.status(ws.db, 1) != null);
    ChildJvm second = ws.startRunlab(two, "start", ws.config.toString());
    Poll.until(WAIT, "experiment 2", () -> Sql.status(ws.db, 2) != null);

    one.open();
    two.allow(30);
    Poll.until(
        WAIT, "30 results of experiment 2", () -> !second.isAlive() || completed(ws, 2) >= 30);
    assertThat(second.isAlive()).as(second.stderr()).isTrue();
    assertThat(completed(ws, 2)).isEqualTo(30);

    CompletableFuture<ChildJvm.Result> cancel =
        CompletableFuture.supplyAsync(() -> ws.inProcess("cancel", "2"));
    Poll.until(
        WAIT,
        "the run sees the cancel request",
        () -> second.stdout().contains("cancel requested"));
    two.allow(34); // the four requests in flight finish; no new one goes out
    Poll.until(WAIT, "the cancel command's end", cancel::isDone);
    assertThat(cancel.get().code()).as(cancel.get().toString()).isZero();

    assertThat(first.waitFor(WAIT)).as(first.stderr()).isZero();
    int secondCode = second.waitFor(WAIT);
    assertThat(Sql.status(ws.db, 1)).isEqualTo("completed");
    assertThat(Sql.number(ws.db, "SELECT count(*) FROM narrative_results WHERE experiment_id = 1"))
        .isEqualTo(300);
    assertThat(Sql.status(ws.db, 2)).as(second.stderr()).isEqualTo("cancelled");
    assertThat(secondCode).isEqualTo(130);
    assertThat(completed(ws, 2))
        .isEqualTo(34)
        .isEqualTo(
            Sql.number(
                ws.db,
                "SELECT count(*) FROM narrative_results WHERE experiment_id = 2"
                    + " AND status IN ('ok','error')"));
    assertThat(first.stderr() + second.stderr()).doesNotContainIgnoringCase("SQLITE_BUSY");
  }

  private static long completed(Workspace ws, long id) {
    return Sql.number(
        ws.db, "SELECT n_narratives_completed FROM experiments WHERE experiment_id = " + id);
  }
}
