package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Poll;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios 1 and 3: a run killed with kill -9 mid-run resumes to completion with one row per
 * narrative and no committed result changed; kill, resume, kill, resume ends with the same labels
 * as an uninterrupted run with the same seed.
 */
class ResumeAfterKillTest {
  private static final int ROWS = 300;

  @TempDir Path killed;
  @TempDir Path uninterrupted;

  private Workspace workspace(Path dir) {
    return new Workspace(dir)
        .rows(ROWS)
        .latencyMs(15)
        .concurrency(2)
        .batchSize(10)
        .faults("server_error: 0.1, bad_output: 0.05")
        .write();
  }

  @Test
  void killNineTwiceThenResumeEndsLikeAnUninterruptedRun() {
    Workspace ws = workspace(killed);
    ChildJvm first = ws.startRunlab("start", ws.config.toString());
    Map<String, Map<String, Object>> committed = killAfterRows(ws, first, 30);
    assertThat(Sql.status(ws.db, 1)).isEqualTo("running");
    assertThat(committed.size()).isLessThan(ROWS);
    // stored as running, but nobody runs it: people are told it crashed, and how to go on
    ChildJvm.Result status = ws.inProcess("status", "1");
    assertThat(status.out())
        .contains(
            "— crashed: stored as running, but no live process holds its lock; continue with"
                + " `runlab resume 1`")
        .doesNotContain("— running");
    assertThat(ws.inProcess("list").out()).contains("│ crashed ").doesNotContain("│ running ");

    ChildJvm second = ws.startRunlab("resume", "1", "--yes");
    Map<String, Map<String, Object>> committedAgain =
        killAfterRows(ws, second, committed.size() + 30);
    assertUnchanged(committed, committedAgain);

    ChildJvm.Result last = ws.runlab("resume", "1", "--yes");
    assertThat(last.code()).as(last.toString()).isZero();
    assertThat(last.err()).contains("crash").doesNotContain("resuming it");

    Map<String, Map<String, Object>> done = Sql.results(ws.db, 1);
    assertThat(done).hasSize(ROWS);
    assertThat(Sql.number(ws.db, "SELECT count(*) FROM narrative_results WHERE experiment_id = 1"))
        .isEqualTo(ROWS);
    assertThat(
            Sql.number(
                ws.db, "SELECT count(*) FROM narrative_results WHERE status NOT IN ('ok','error')"))
        .isZero();
    assertUnchanged(committedAgain, done);
    assertThat(Sql.status(ws.db, 1)).isEqualTo("completed");
    assertThat(Sql.number(ws.db, "SELECT n_narratives_completed FROM experiments")).isEqualTo(ROWS);
    assertThat(Sql.events(ws.db, 1)).contains("crash_detected", "lock_takeover", "resumed");

    Workspace plain = workspace(uninterrupted);
    ChildJvm.Result once = plain.runlab("start", plain.config.toString());
    assertThat(once.code()).as(once.toString()).isZero();
    assertThat(outcomes(Sql.results(ws.db, 1))).isEqualTo(outcomes(Sql.results(plain.db, 1)));
  }

  /** Waits for {@code rows} final rows, then kill -9; returns the final rows committed by then. */
  private static Map<String, Map<String, Object>> killAfterRows(
      Workspace ws, ChildJvm child, int rows) {
    Poll.until(
        Duration.ofSeconds(60),
        rows + " committed rows",
        () ->
            !child.isAlive()
                || Files.exists(ws.db)
                    && Sql.number(
                            ws.db,
                            "SELECT count(*) FROM narrative_results WHERE status IN ('ok','error')")
                        >= rows);
    assertThat(child.isAlive()).as("still running when killed: " + child.stderr()).isTrue();
    child.kill9();
    Map<String, Map<String, Object>> finals = new TreeMap<>();
    Sql.results(ws.db, 1)
        .forEach(
            (id, row) -> {
              if (!"pending".equals(row.get("status"))) {
                finals.put(id, row);
              }
            });
    return finals;
  }

  private static void assertUnchanged(
      Map<String, Map<String, Object>> before, Map<String, Map<String, Object>> after) {
    before.forEach((id, row) -> assertThat(after.get(id)).as(id).isEqualTo(row));
  }

  private static Map<String, String> outcomes(Map<String, Map<String, Object>> rows) {
    Map<String, String> labels = new TreeMap<>();
    rows.forEach(
        (id, row) ->
            labels.put(
                id,
                row.get("status")
                    + " "
                    + row.get("parsed_label")
                    + " "
                    + row.get("error_category")
                    + " "
                    + row.get("attempt_count")));
    return labels;
  }
}
