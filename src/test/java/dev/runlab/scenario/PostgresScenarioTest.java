package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.store.Hostname;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Gate;
import dev.runlab.testsupport.PgDatabase;
import dev.runlab.testsupport.Poll;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed scenarios on a PostgreSQL store, each through the command line in child JVMs: kill -9
 * and resume, a changed data file (exit 3), config drift, retries, progress read by another
 * process, a second resume refused (exit 4 naming host and PID), and {@code pause} from another
 * process. One database for the class; each test finds its experiment by its config file.
 */
class PostgresScenarioTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static PgDatabase pg;

  @TempDir Path dir;

  @BeforeAll
  static void createDatabase() {
    pg = PgDatabase.create("scenario");
  }

  @AfterAll
  static void dropDatabase() {
    pg.close();
  }

  private Workspace workspace(int rows) {
    return new Workspace(dir).rows(rows).onDatabase(pg.url());
  }

  @Test
  void killNineMidRun_thenResume_completesWithOneRowPerNarrative_andCommittedResultsUnchanged() {
    Workspace ws =
        workspace(300)
            .latencyMs(15)
            .concurrency(2)
            .batchSize(10)
            .faults("server_error: 0.1, bad_output: 0.05")
            .write();
    ChildJvm first = ws.startRunlab("start", ws.config.toString());
    long id = experimentOf(ws, first);
    Map<String, Map<String, Object>> committed = killAfterFinalRows(id, first, 30);
    assertThat(status(id)).isEqualTo("running");
    assertThat(committed.size()).isLessThan(300);

    ChildJvm.Result status = ws.runlab("status", "" + id);
    assertThat(status.out()).as(status.toString()).contains("crashed", "runlab resume " + id);

    ChildJvm.Result resume = ws.runlab("resume", "" + id, "--yes");

    assertThat(resume.code()).as(resume.toString()).isZero();
    // the dead holder named as in a refusal: "process PID on HOST" (it read "process PID HOST")
    assertThat(resume.err())
        .contains("took over the lock", "process " + first.pid() + " on " + Hostname.get());
    Map<String, Map<String, Object>> done = results(id);
    assertThat(done).hasSize(300);
    assertThat(count(id, "true")).isEqualTo(300);
    assertThat(count(id, "status NOT IN ('ok', 'error')")).isZero();
    assertThat(count(id, "lease_owner IS NOT NULL AND status = 'pending'")).isZero();
    committed.forEach((nid, row) -> assertThat(done.get(nid)).as(nid).isEqualTo(row));
    assertThat(status(id)).isEqualTo("completed");
    assertThat(experimentNumber(id, "n_narratives_completed")).isEqualTo(300);
    assertThat(events(id)).contains("crash_detected", "lock_takeover", "resumed");
    assertThat(
            pg.number(
                "SELECT count(*) FROM workers WHERE experiment_id = ? AND pid = ?"
                    + " AND status = 'failed'",
                id,
                first.pid()))
        .isOne();
  }

  @Test
  void changedDataFile_resumeExits3NamingBothChecksums_andChangesNothing() throws Exception {
    Workspace ws = workspace(120).write();
    long id = startedWithLimit(ws, 40);
    String before = sha256(ws.data);
    List<String> lines = new ArrayList<>(Files.readAllLines(ws.data));
    lines.set(3, lines.get(3).replace("Patient 3", "Patient three")); // N0003 altered
    lines.remove(10); // N0010 removed
    lines.add("N9999,\"a new narrative\",other"); // added
    Files.write(ws.data, lines);
    String after = sha256(ws.data);
    Map<String, Map<String, Object>> results = results(id);
    List<Map<String, Object>> experiment = experimentRow(id);

    ChildJvm.Result resume = ws.runlab("resume", "" + id, "--yes");

    assertThat(resume.code()).as(resume.toString()).isEqualTo(3);
    assertThat(resume.err())
        .contains(before, after, "N0003", "N0010", "N9999")
        .doesNotContain("resuming", "\tat ");
    assertThat(results(id)).isEqualTo(results);
    assertThat(experimentRow(id)).isEqualTo(experiment);
    assertThat(events(id)).contains("data_check_failed").doesNotContain("resumed");
  }

  @Test
  void dataFileNotOnThisMachine_resumeSaysSo_andRunsFromTheStore() throws Exception {
    Workspace ws = workspace(80).write();
    long id = startedWithLimit(ws, 20);
    Files.move(ws.data, ws.dir.resolve("elsewhere.csv"));

    ChildJvm.Result resume = ws.runlab("resume", "" + id, "--yes");

    assertThat(resume.code()).as(resume.toString()).isZero();
    assertThat(resume.err()).contains("is not on this machine", "resume where the file is");
    assertThat(status(id)).isEqualTo("completed");
    assertThat(count(id, "true")).isEqualTo(80);
    assertThat(events(id)).contains("data_check_skipped");
  }

  @Test
  void configDrift_resumeWarnsListingTheKey_andTheDatabaseWins() throws Exception {
    Workspace ws = workspace(100).write();
    long id = startedWithLimit(ws, 20);
    String stored = text("SELECT config_json FROM experiments WHERE experiment_id = ?", id);
    Path changed = dir.resolve("changed.yaml");
    Files.writeString(
        changed, Files.readString(ws.config).replace("Classify: {text}", "Label: {text}"));

    ChildJvm.Result drift =
        ws.runlab("resume", "" + id, "--yes", "--config", changed.toString(), "--limit", "20");

    assertThat(drift.code()).as(drift.toString()).isZero();
    assertThat(drift.err())
        .contains("prompt.template", "\"Classify: {text}\"", "\"Label: {text}\"");
    assertThat(events(id)).contains("config_drift");
    assertThat(text("SELECT config_json FROM experiments WHERE experiment_id = ?", id))
        .isEqualTo(stored);
    assertThat(experimentNumber(id, "n_narratives_completed")).isEqualTo(40);
    assertThat(status(id)).isEqualTo("paused");
  }

  @Test
  void simFaults_areRetried_toFinalErrorsAndOksWithAttemptCounts_asOnSqlite() {
    Workspace ws =
        workspace(200)
            .maxAttempts(2)
            .faults("server_error: 0.25, timeout: 0.2, bad_output: 0.1")
            .write();
    ChildJvm.Result start = ws.runlab("start", ws.config.toString());
    assertThat(start.code()).as(start.toString()).isZero();
    long id = experimentOf(ws, null);
    assertThat(status(id)).isEqualTo("completed");

    Map<String, Map<String, Object>> rows = results(id);
    assertThat(rows).hasSize(200);
    for (Map<String, Object> row : rows.values()) {
      long attempts = ((Number) row.get("attempt_count")).longValue();
      String category = (String) row.get("error_category");
      if ("ok".equals(row.get("status"))) {
        assertThat(row.get("parsed_label")).as(row.toString()).isNotNull();
        assertThat(row.get("first_error_message") != null)
            .as(row.toString())
            .isEqualTo(attempts > 1);
      } else {
        assertThat(row.get("status")).isEqualTo("error");
        assertThat(category).isIn("server_error", "timeout", "parse_error");
        assertThat(row.get("last_error_message")).as(row.toString()).isNotNull();
        if (!category.equals("parse_error")) {
          assertThat(attempts).as(row.toString()).isEqualTo(2);
        }
      }
    }
    long errors = count(id, "status = 'error'");
    assertThat(errors).isPositive();
    assertThat(count(id, "status = 'ok' AND attempt_count > 1")).isPositive();
    assertThat(experimentNumber(id, "n_errors")).isEqualTo(errors);
    assertThat(experimentNumber(id, "n_narratives_completed")).isEqualTo(200);
    assertThat(experimentNumber(id, "n_requests"))
        .isEqualTo(
            pg.number(
                "SELECT sum(attempt_count) FROM narrative_results WHERE experiment_id = ?", id));

    ChildJvm.Result byCategory = ws.runlab("errors", "" + id, "--by", "category");
    assertThat(byCategory.code()).as(byCategory.toString()).isZero();
    for (String category : List.of("server_error", "timeout", "parse_error")) {
      long n = count(id, "status = 'error' AND error_category = '" + category + "'");
      if (n > 0) {
        assertThat(byCategory.out()).containsPattern(category + "\\W+" + n + "\\b");
      }
    }

    // the same seeded run on SQLite ends with the same outcome for every narrative
    Workspace sqlite = new Workspace(dir.resolve("sqlite")).rows(200);
    mkdirs(sqlite.dir);
    sqlite.maxAttempts(2).faults("server_error: 0.25, timeout: 0.2, bad_output: 0.1").write();
    assertThat(sqlite.inProcess("start", sqlite.config.toString()).code()).isZero();
    assertThat(outcomes(rows)).isEqualTo(outcomes(Sql.results(sqlite.db, 1)));
  }

  @Test
  void progress_isVisibleFromAnotherProcessMidRun_throughStatusAndPlainSql() {
    Workspace ws = workspace(400).concurrency(2).batchSize(5).write();
    Gate gate = new Gate(dir.resolve("gate"));
    gate.allow(20);
    ChildJvm run = ws.startRunlab(gate, "start", ws.config.toString());
    long id = experimentOf(ws, run);
    heldAt(id, run, 20);

    ChildJvm.Result status = ws.runlab("status", "" + id);
    assertThat(status.code()).as(status.toString()).isZero();
    assertThat(status.out())
        .contains("— running")
        .containsPattern(ProgressAndSignalsTest.PROGRESS_LINE)
        .contains("20/400");
    Map<String, Object> row =
        pg.rows(
                "SELECT status, n_narratives_completed, n_narratives_total, last_progress_update"
                    + " FROM experiments WHERE experiment_id = ?",
                id)
            .get(0);
    assertThat(row.get("status")).isEqualTo("running");
    assertThat(((Number) row.get("n_narratives_completed")).longValue()).isEqualTo(20);
    assertThat(((Number) row.get("n_narratives_total")).longValue()).isEqualTo(400);
    assertThat(row.get("last_progress_update")).isNotNull();
    assertThat(count(id, "status IN ('ok', 'error')")).isEqualTo(20);
    assertThat(run.isAlive()).isTrue();

    gate.open();
    assertThat(run.waitFor(WAIT)).as(run.stderr()).isZero();
    assertThat(status(id)).isEqualTo("completed");
  }

  @Test
  void aRowWrittenUnderTheRunsFeet_whileItRunsAlone_isUpsertedNotAFailure() {
    Workspace ws = workspace(200).concurrency(2).batchSize(5).write();
    Gate gate = new Gate(dir.resolve("gate"));
    gate.allow(20);
    ChildJvm run = ws.startRunlab(gate, "start", ws.config.toString());
    long id = experimentOf(ws, run);
    heldAt(id, run, 20);
    // the run alone inserts its first-run rows without ON CONFLICT: this row makes that fail once
    pg.update(
        "INSERT INTO narrative_results (experiment_id, narrative_id, status, attempt_count,"
            + " failure_count, response_text, created_at, updated_at)"
            + " VALUES ("
            + id
            + ", 'N0150', 'pending', 0, 0, 'planted', 'x', 'x')");

    gate.open();

    assertThat(run.waitFor(WAIT)).as(run.stderr()).isZero();
    assertThat(status(id)).isEqualTo("completed");
    assertThat(count(id, "true")).isEqualTo(200);
    assertThat(count(id, "status = 'ok'")).isEqualTo(200);
    assertThat(count(id, "narrative_id = 'N0150' AND response_text <> 'planted'")).isOne();
    assertThat(experimentNumber(id, "n_narratives_completed")).isEqualTo(200);
  }

  @Test
  void secondResumeWhileRunning_exits4NamingTheHoldersPidAndHost() {
    Workspace ws = workspace(200).concurrency(2).batchSize(5).write();
    Gate gate = new Gate(dir.resolve("gate"));
    gate.allow(10);
    ChildJvm first = ws.startRunlab(gate, "start", ws.config.toString());
    long id = experimentOf(ws, first);
    heldAt(id, first, 10);

    for (int i = 0; i < 2; i++) { // twice: a refusal must not loosen the holder's lock
      ChildJvm.Result second = ws.runlab("resume", "" + id, "--yes");
      assertThat(second.code()).as(second.toString()).isEqualTo(4);
      assertThat(second.err())
          .contains("process " + first.pid() + " on " + Hostname.get(), "runlab pause " + id);
    }
    assertThat(first.isAlive()).isTrue();
    assertThat(status(id)).isEqualTo("running");
    assertThat(events(id)).contains("resume_refused").doesNotContain("resumed");

    gate.open();
    assertThat(first.waitFor(WAIT)).as(first.stderr()).isZero();
    assertThat(status(id)).isEqualTo("completed");
    assertThat(count(id, "status IN ('ok', 'error')")).isEqualTo(200);
  }

  @Test
  void pauseFromAnotherProcess_stopsTheRun_statusPaused() {
    Workspace ws = workspace(200).concurrency(2).batchSize(5).write();
    Gate gate = new Gate(dir.resolve("gate"));
    gate.allow(10);
    ChildJvm run = ws.startRunlab(gate, "start", ws.config.toString());
    long id = experimentOf(ws, run);
    heldAt(id, run, 10);

    ChildJvm pause = ws.startRunlab("pause", "" + id);
    Poll.until(
        WAIT, "the run sees the pause request", () -> run.stdout().contains("pause requested"));
    gate.allow(12); // the two requests in flight finish; no new one goes out

    assertThat(pause.waitFor(WAIT)).as(pause.stderr()).isZero();
    assertThat(run.waitFor(WAIT)).as(run.stderr()).isEqualTo(130);
    assertThat(status(id)).isEqualTo("paused");
    assertThat(experimentNumber(id, "n_narratives_completed")).isEqualTo(12);
    assertThat(count(id, "status IN ('ok', 'error')")).isEqualTo(12);
    assertThat(
            pg.number(
                "SELECT count(*) FROM workers WHERE experiment_id = ? AND status = 'running'", id))
        .isZero();
    assertThat(pause.stdout() + pause.stderr()).contains("paused");
  }

  /** The id of the experiment of {@code ws}'s config, once {@code child} has created it. */
  private static long experimentOf(Workspace ws, ChildJvm child) {
    String sql = "SELECT experiment_id FROM experiments WHERE config_path = ?";
    String config = ws.config.toAbsolutePath().normalize().toString();
    Poll.until(
        WAIT,
        "the experiment of " + config,
        () ->
            (child != null && !child.isAlive())
                || pg.number("SELECT count(*) FROM pg_tables WHERE tablename = 'experiments'") > 0
                    && !pg.rows(sql, config).isEmpty());
    assertThat(pg.rows(sql, config)).as(child == null ? "" : child.stderr()).hasSize(1);
    return pg.number(sql, config);
  }

  private long startedWithLimit(Workspace ws, int limit) {
    ChildJvm.Result start = ws.runlab("start", ws.config.toString(), "--limit", "" + limit);
    assertThat(start.code()).as(start.toString()).isZero();
    long id = experimentOf(ws, null);
    assertThat(status(id)).isEqualTo("paused");
    return id;
  }

  /** Waits for {@code rows} final rows, then kill -9; returns the final rows committed by then. */
  private static Map<String, Map<String, Object>> killAfterFinalRows(
      long id, ChildJvm child, int rows) {
    Poll.until(
        WAIT,
        rows + " committed rows",
        () -> !child.isAlive() || count(id, "status IN ('ok', 'error')") >= rows);
    assertThat(child.isAlive()).as("still running when killed: " + child.stderr()).isTrue();
    child.kill9();
    Map<String, Map<String, Object>> finals = new TreeMap<>();
    results(id)
        .forEach(
            (nid, row) -> {
              if (!"pending".equals(row.get("status"))) {
                finals.put(nid, row);
              }
            });
    return finals;
  }

  /** Waits until the gate holds the run with exactly {@code completed} results committed. */
  private static void heldAt(long id, ChildJvm child, long completed) {
    Poll.until(
        WAIT,
        completed + " completed narratives in experiments",
        () -> !child.isAlive() || experimentNumber(id, "n_narratives_completed") >= completed);
    assertThat(child.isAlive()).as(child.stderr()).isTrue();
    assertThat(experimentNumber(id, "n_narratives_completed")).isEqualTo(completed);
  }

  private static Map<String, Map<String, Object>> results(long id) {
    Map<String, Map<String, Object>> byId = new TreeMap<>();
    for (Map<String, Object> row :
        pg.rows("SELECT * FROM narrative_results WHERE experiment_id = ?", id)) {
      byId.put(row.get("narrative_id").toString(), row);
    }
    return byId;
  }

  private static List<Map<String, Object>> experimentRow(long id) {
    return pg.rows("SELECT * FROM experiments WHERE experiment_id = ?", id);
  }

  private static long count(long id, String where) {
    return pg.number(
        "SELECT count(*) FROM narrative_results WHERE experiment_id = ? AND " + where, id);
  }

  private static long experimentNumber(long id, String column) {
    return pg.number("SELECT " + column + " FROM experiments WHERE experiment_id = ?", id);
  }

  private static String text(String sql, Object... args) {
    Object value = pg.rows(sql, args).get(0).values().iterator().next();
    return value == null ? null : value.toString();
  }

  private static String status(long id) {
    return text("SELECT status FROM experiments WHERE experiment_id = ?", id);
  }

  private static List<String> events(long id) {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> row :
        pg.rows(
            "SELECT event_type FROM experiment_events WHERE experiment_id = ? ORDER BY event_id",
            id)) {
      names.add(String.valueOf(row.get("event_type")));
    }
    return names;
  }

  private static Map<String, String> outcomes(Map<String, Map<String, Object>> rows) {
    Map<String, String> outcomes = new TreeMap<>();
    rows.forEach(
        (nid, row) ->
            outcomes.put(
                nid,
                row.get("status")
                    + " "
                    + row.get("parsed_label")
                    + " "
                    + row.get("error_category")
                    + " "
                    + row.get("attempt_count")));
    return outcomes;
  }

  private static void mkdirs(Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
