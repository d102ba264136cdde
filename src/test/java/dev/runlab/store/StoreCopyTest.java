package dev.runlab.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.run.RunLock;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.InProcess;
import dev.runlab.testsupport.PgDatabase;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runlab db copy} between real stores: a SQLite file made by real sim runs (experiment 1
 * completed, experiment 2 paused after 30 of 120 narratives, one data set) and a scratch PostgreSQL
 * database, emptied before each test.
 */
class StoreCopyTest {
  static final String[] TABLES = {
    "datasets",
    "source_narratives",
    "experiments",
    "narrative_results",
    "experiment_events",
    "provider_batches",
    "provider_batch_requests",
    "workers"
  };

  /** The experiments whose dataset_id names a data set of their checksum with all its rows. */
  static final String EXPERIMENTS_ON_THEIR_DATA_SET =
      """
      SELECT count(*) FROM experiments e JOIN datasets d ON d.dataset_id = e.dataset_id
       WHERE d.data_checksum = e.data_checksum
         AND d.n_rows = (SELECT count(*) FROM source_narratives s WHERE s.dataset_id = d.dataset_id)
      """;

  @TempDir static Path sourceDir;
  static Workspace source;
  static PgDatabase pg;

  @TempDir Path dir;

  @BeforeAll
  static void twoExperimentsAndAScratchDatabase() {
    source = new Workspace(sourceDir).rows(120).write();
    ChildJvm.Result completed = source.inProcess("start", source.config.toString());
    assertThat(completed.code()).as(completed.toString()).isZero();
    ChildJvm.Result paused = source.inProcess("start", source.config.toString(), "--limit", "30");
    assertThat(paused.code()).as(paused.toString()).isZero();
    assertThat(Sql.status(source.db, 1)).isEqualTo("completed");
    assertThat(Sql.status(source.db, 2)).isEqualTo("paused");
    pg = PgDatabase.create("rl_copy");
  }

  @AfterAll
  static void dropTheScratchDatabase() {
    if (pg != null) {
      pg.close();
    }
  }

  @BeforeEach
  void emptyTheScratchDatabase() {
    pg.empty();
  }

  @Test
  void copy_sqliteToPostgres_andBackToANewFile_keepsEveryRowAndValue() {
    ChildJvm.Result there = copy("--from", source.db.toString(), "--to", pg.url());

    assertThat(there.code()).as(there.toString()).isZero();
    long results1 =
        Sql.number(source.db, "SELECT count(*) FROM narrative_results WHERE experiment_id = 1");
    assertThat(there.out())
        .contains("experiment 1 → 1: " + results1 + " results, ")
        .contains("experiment 2 → 2: ")
        .containsPattern("experiment 1 → 1: .*data set copied \\(120 narratives\\)")
        .containsPattern("experiment 2 → 2: .*data set reused")
        .contains("copied 2 experiments");
    for (String table : TABLES) {
      assertThat(pg.number("SELECT count(*) FROM " + table))
          .as(table)
          .isEqualTo(
              Sql.number(source.db, "SELECT count(*) FROM " + table) + extraEvents(table, 2));
    }
    assertSameRows(source.db, postgresRows());

    Path back = dir.resolve("back.db");
    ChildJvm.Result home = copy("--from", pg.url(), "--to", back.toString());

    assertThat(home.code()).as(home.toString()).isZero();
    assertThat(home.out()).contains("experiment 1 → 1: ", "experiment 2 → 2: ");
    assertSameRows(source.db, table -> Sql.rows(back, select(table)));
    assertThat(Sql.number(back, EXPERIMENTS_ON_THEIR_DATA_SET)).isEqualTo(2);
    assertThat(pg.number(EXPERIMENTS_ON_THEIR_DATA_SET)).isEqualTo(2);
    assertThat(Sql.events(back, 1)).endsWith("copied", "copied");
  }

  @Test
  void copy_toAStoreThatHasTheIds_isRefused_withExit2_andWritesNothing() {
    assertThat(copy("--from", source.db.toString(), "--to", pg.url()).code()).isZero();
    Map<String, Long> before = pgCounts();

    ChildJvm.Result again = copy("--from", source.db.toString(), "--to", pg.url());

    assertThat(again.code()).as(again.toString()).isEqualTo(2);
    assertThat(again.err())
        .contains("has experiments 1, 2 already", "nothing was copied", "--renumber");
    assertThat(again.out()).isEmpty();
    assertThat(pgCounts()).isEqualTo(before);
  }

  @Test
  void renumber_givesTheCopyANewId_afterKeptIds_andReusesTheDataSet() {
    assertThat(copy("--from", source.db.toString(), "--to", pg.url()).code()).isZero();

    ChildJvm.Result renumbered =
        copy("--from", source.db.toString(), "--to", pg.url(), "--experiment", "2", "--renumber");

    assertThat(renumbered.code()).as(renumbered.toString()).isZero();
    assertThat(renumbered.out())
        .containsPattern("experiment 2 → 3: 30 results, \\d+ events, data set reused")
        .contains("copied 1 experiment (30 results");
    assertThat(pg.number("SELECT count(*) FROM datasets")).isEqualTo(1);
    assertThat(pg.rows(resultsOf(3))).isEqualTo(pg.rows(resultsOf(2)));
    assertThat(pg.number("SELECT dataset_id FROM experiments WHERE experiment_id = 3"))
        .isEqualTo(pg.number("SELECT dataset_id FROM experiments WHERE experiment_id = 2"));
  }

  @Test
  void aPausedExperiment_copiedToPostgresAndOnToSqlite_resumesThere_andCompletes() {
    Path target = dir.resolve("target.db");
    assertThat(copy("--from", source.db.toString(), "--to", pg.url(), "--experiment", "2").code())
        .isZero();
    assertThat(copy("--from", pg.url(), "--to", target.toString()).code()).isZero();

    ChildJvm.Result resume = InProcess.runlab("resume", "2", "--db", target.toString(), "--yes");

    assertThat(resume.code()).as(resume.toString()).isZero();
    assertThat(Sql.status(target, 2)).isEqualTo("completed");
    assertThat(Sql.number(target, "SELECT count(*) FROM narrative_results WHERE status = 'ok'"))
        .isEqualTo(120);
    assertThat(Sql.status(source.db, 2)).as("the source is left as it was").isEqualTo("paused");
  }

  @Test
  void aPausedExperiment_copiedToPostgres_resumesThere_andCompletes() {
    assertThat(copy("--from", source.db.toString(), "--to", pg.url(), "--experiment", "2").code())
        .isZero();

    ChildJvm.Result resume = InProcess.runlab("resume", "2", "--db", pg.url(), "--yes");

    assertThat(resume.code()).as(resume.toString()).isZero();
    assertThat(pg.rows("SELECT status FROM experiments WHERE experiment_id = 2"))
        .containsExactly(Map.of("status", "completed"));
    assertThat(pg.number("SELECT count(*) FROM narrative_results WHERE status = 'ok'"))
        .isEqualTo(120);
  }

  @Test
  void anUnknownId_isExit2_namingIt_andCreatesNoTarget() {
    Path target = dir.resolve("new.db");

    ChildJvm.Result r =
        copy("--from", source.db.toString(), "--to", target.toString(), "--experiment", "99");

    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("no experiment 99 in " + source.db);
    assertThat(target).doesNotExist();
  }

  @Test
  void aRunningExperiment_isRefusedWithExit5_whileItsHolderLives_andCopiedAsACrashAfter() {
    Workspace ws = new Workspace(dir).rows(20).write();
    assertThat(ws.inProcess("start", ws.config.toString(), "--limit", "5").code()).isZero();
    Sql.update(ws.db, "UPDATE experiments SET status = 'running'");
    Path target = dir.resolve("copy.db");

    RunLock lock = RunLock.acquire(DbLocation.of(ws.db), 1);
    ChildJvm.Result refused;
    try {
      refused = copy("--from", ws.db.toString(), "--to", target.toString());
    } finally {
      lock.close();
    }

    assertThat(refused.code()).as(refused.toString()).isEqualTo(5);
    assertThat(refused.err()).contains("experiment 1 in " + ws.db, "is running", "pause");
    assertThat(target).doesNotExist();
    ChildJvm.Result crashed = copy("--from", ws.db.toString(), "--to", target.toString());

    assertThat(crashed.code()).as(crashed.toString()).isZero();
    assertThat(Sql.status(target, 1)).isEqualTo("running");
    assertThat(Sql.number(target, "SELECT count(*) FROM narrative_results")).isEqualTo(5);
  }

  @Test
  void aCopyThatFails_leavesNoNewTargetFileBehind() {
    Workspace ws = new Workspace(dir).rows(20).write();
    assertThat(ws.inProcess("start", ws.config.toString(), "--limit", "5").code()).isZero();
    Sql.update(ws.db, "DELETE FROM source_narratives"); // a damaged source: its data set is gone
    Sql.update(ws.db, "DELETE FROM datasets");
    Path target = dir.resolve("copy.db");

    ChildJvm.Result failed = copy("--from", ws.db.toString(), "--to", target.toString());

    assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
    assertThat(failed.err()).contains("data set 1 of the source is missing");
    assertThat(target).doesNotExist();
    assertThat(Path.of(target + "-wal")).doesNotExist();
  }

  private static ChildJvm.Result copy(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "db";
    all[1] = "copy";
    System.arraycopy(args, 0, all, 2, args.length);
    return InProcess.runlab(all);
  }

  /** The "copied" events a copy adds at its target: one per experiment. */
  private static long extraEvents(String table, int experiments) {
    return table.equals("experiment_events") ? experiments : 0;
  }

  /** Every row of a table, without the ids the target gives, in a stable order. */
  private static String select(String table) {
    return switch (table) {
      case "datasets" -> "SELECT * FROM datasets ORDER BY data_checksum";
      case "source_narratives" -> "SELECT * FROM source_narratives ORDER BY row_number";
      case "experiments" -> "SELECT * FROM experiments ORDER BY experiment_id";
      case "narrative_results" ->
          "SELECT * FROM narrative_results ORDER BY experiment_id, narrative_id";
      case "experiment_events" ->
          "SELECT * FROM experiment_events WHERE event_type <> 'copied'"
              + " ORDER BY experiment_id, event_id";
      case "provider_batches" -> "SELECT * FROM provider_batches ORDER BY submission_id";
      case "provider_batch_requests" ->
          "SELECT * FROM provider_batch_requests ORDER BY submission_id, seq";
      default -> "SELECT * FROM " + table + " ORDER BY worker_id";
    };
  }

  private static String resultsOf(long id) {
    return "SELECT narrative_id, status, response_text, parsed_label, attempt_count, latency_ms,"
        + " prompt_tokens, completion_tokens, created_at, updated_at, completed_at"
        + " FROM narrative_results WHERE experiment_id = "
        + id
        + " ORDER BY narrative_id";
  }

  private static java.util.function.Function<String, List<Map<String, Object>>> postgresRows() {
    return table -> pg.rows(select(table));
  }

  private static void assertSameRows(
      Path expected, java.util.function.Function<String, List<Map<String, Object>>> actual) {
    for (String table : TABLES) {
      List<Map<String, Object>> want = comparable(Sql.rows(expected, select(table)));
      assertThat(comparable(actual.apply(table))).as(table).isEqualTo(want);
    }
    assertThat(Sql.rows(expected, select("narrative_results"))).hasSize(150);
  }

  /** Rows without the ids the target generates, integers as Long (SQLite gives Integer too). */
  private static List<Map<String, Object>> comparable(List<Map<String, Object>> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Map<String, Object> copy = new LinkedHashMap<>();
      row.forEach(
          (column, value) -> {
            if (!List.of("result_id", "event_id", "dataset_id").contains(column)) {
              copy.put(column, value instanceof Integer i ? Long.valueOf(i) : value);
            }
          });
      out.add(copy);
    }
    return out;
  }

  private static Map<String, Long> pgCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : TABLES) {
      counts.put(table, pg.number("SELECT count(*) FROM " + table));
    }
    return counts;
  }
}
