package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.run.ResumeLock;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 2 (data integrity) and the other resume checks: dry runs write nothing, an unchanged
 * YAML is no drift, a failed lock leaves no orphan running experiment.
 */
class ResumeSafetyTest {
  @TempDir Path dir;

  private Workspace started(int limit) {
    Workspace ws = new Workspace(dir).rows(120).write();
    ChildJvm.Result start = ws.inProcess("start", ws.config.toString(), "--limit", "" + limit);
    assertThat(start.code()).as(start.toString()).isZero();
    assertThat(Sql.status(ws.db, 1)).isEqualTo("paused");
    return ws;
  }

  @Test
  void changedDataFileExitsThreeWithBothChecksumsAndChangedIdsAndChangesNothing() throws Exception {
    Workspace ws = started(40);
    String before = sha256(ws.data);
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(ws.data));
    lines.set(3, lines.get(3).replace("Patient 3", "Patient three")); // N0003 altered
    lines.remove(10); // N0010 removed
    lines.add("N9999,\"a new narrative\",other"); // added
    Files.write(ws.data, lines);
    String after = sha256(ws.data);
    Map<String, Map<String, Object>> results = Sql.results(ws.db, 1);
    List<Map<String, Object>> experiment = Sql.rows(ws.db, "SELECT * FROM experiments");

    ChildJvm.Result resume = ws.inProcess("resume", "1", "--yes");

    assertThat(resume.code()).as(resume.toString()).isEqualTo(3);
    assertThat(resume.err())
        .as("nothing says it resumes before every check passed")
        .doesNotContain("resuming");
    assertThat(resume.err()).contains(before, after, "N0003", "N0010", "N9999");
    assertThat(Sql.results(ws.db, 1)).isEqualTo(results);
    assertThat(Sql.rows(ws.db, "SELECT * FROM experiments")).isEqualTo(experiment);
    assertThat(Sql.events(ws.db, 1)).contains("data_check_failed").doesNotContain("resumed");
    assertThat(Files.list(dir).filter(f -> f.toString().contains("resume_backup"))).isEmpty();
  }

  @Test
  void startDryRunCreatesNoDatabaseAndResumeDryRunWritesNoEvent() {
    Workspace ws = new Workspace(dir).rows(120).write();
    ChildJvm.Result dry = ws.inProcess("start", ws.config.toString(), "--dry-run");
    assertThat(dry.code()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("120");
    assertThat(ws.db).doesNotExist();

    ChildJvm.Result start = ws.inProcess("start", ws.config.toString(), "--limit", "30");
    assertThat(start.code()).as(start.toString()).isZero();
    // a crashed run: status running, nobody holds the lock
    Sql.update(ws.db, "UPDATE experiments SET status = 'running'");
    List<Map<String, Object>> events = Sql.rows(ws.db, "SELECT * FROM experiment_events");
    Map<String, Map<String, Object>> results = Sql.results(ws.db, 1);

    ChildJvm.Result resumeDry = ws.inProcess("resume", "1", "--yes", "--dry-run");

    assertThat(resumeDry.code()).as(resumeDry.toString()).isZero();
    assertThat(resumeDry.out()).contains("90");
    assertThat(Sql.rows(ws.db, "SELECT * FROM experiment_events")).isEqualTo(events);
    assertThat(Sql.results(ws.db, 1)).isEqualTo(results);
    assertThat(Sql.status(ws.db, 1)).isEqualTo("running");
  }

  @Test
  void resumeWithTheSameYamlWarnsNoDriftAndAChangedPromptIsListed() throws Exception {
    Workspace ws = started(20);
    ChildJvm.Result same =
        ws.inProcess("resume", "1", "--yes", "--config", ws.config.toString(), "--limit", "20");
    assertThat(same.code()).as(same.toString()).isZero();
    assertThat(same.err()).doesNotContain("differs");
    assertThat(Sql.events(ws.db, 1)).doesNotContain("config_drift");

    Path changed = dir.resolve("changed.yaml");
    Files.writeString(
        changed,
        Files.readString(ws.config)
            .replace("Classify: {text}", "Label: {text}")
            .replace("concurrency: 4", "concurrency: 2"));
    ChildJvm.Result drift =
        ws.inProcess("resume", "1", "--yes", "--config", changed.toString(), "--limit", "20");
    assertThat(drift.code()).as(drift.toString()).isZero();
    assertThat(drift.err())
        .contains("prompt.template", "\"Classify: {text}\"", "\"Label: {text}\"");
    assertThat(Sql.events(ws.db, 1)).contains("config_drift", "settings_changed");
    assertThat(Sql.text(ws.db, "SELECT config_json FROM experiments")).contains("Classify");
  }

  @Test
  void startWhoseLockIsTakenLeavesNoRunningExperiment() {
    Workspace ws = new Workspace(dir).rows(20).write();
    Path otherDb = dir.resolve("other.db");
    // the lock file name carries no database name (docs/architecture.md): experiment 1 of another
    // database
    // in the same folder holds it
    try (ResumeLock held = ResumeLock.acquire(otherDb, 1)) {
      ChildJvm.Result start = ws.inProcess("start", ws.config.toString());
      assertThat(start.code()).as(start.toString()).isEqualTo(4);
      assertThat(start.err()).contains("experiment 1", "pause");
      assertThat(held.file()).exists();
    }
    assertThat(Sql.status(ws.db, 1)).isEqualTo("failed");
    assertThat(Sql.number(ws.db, "SELECT count(*) FROM narrative_results")).isZero();
    ChildJvm.Result resume = ws.inProcess("resume", "1", "--yes");
    assertThat(resume.code()).as(resume.toString()).isZero();
    assertThat(Sql.status(ws.db, 1)).isEqualTo("completed");
  }

  @Test
  void missingDataFileExitsThreeNamingTheFile() throws Exception {
    Workspace ws = started(10);
    Files.move(ws.data, dir.resolve("moved.csv"));
    Map<String, Map<String, Object>> results = Sql.results(ws.db, 1);
    ChildJvm.Result resume = ws.inProcess("resume", "1", "--yes");
    assertThat(resume.code()).as(resume.toString()).isEqualTo(3);
    assertThat(resume.err()).contains("narratives.csv").doesNotContain("\tat ");
    assertThat(Sql.results(ws.db, 1)).isEqualTo(results);
    assertThat(Sql.status(ws.db, 1)).isEqualTo("paused");
  }

  @Test
  void jsonlDataRunsEndToEndWithQuotedNewlinesAndUnicode() throws Exception {
    Workspace ws = new Workspace(dir).rows(3).write();
    Path jsonl = dir.resolve("narratives.jsonl");
    Files.writeString(
        jsonl,
        "{\"id\": \"J1\", \"text\": \"fell off\\na ladder — ouch\", \"label\": \"fall\"}\n"
            + "{\"id\": \"J2\", \"text\": \"burned by a stove 🔥\", \"label\": \"burn\"}\n");
    Files.writeString(
        ws.config, Files.readString(ws.config).replace("narratives.csv", "narratives.jsonl"));
    ChildJvm.Result start = ws.inProcess("start", ws.config.toString());
    assertThat(start.code()).as(start.toString()).isZero();
    assertThat(Sql.results(ws.db, 1)).containsOnlyKeys("J1", "J2");
    assertThat(Sql.text(ws.db, "SELECT text FROM source_narratives WHERE narrative_id = 'J1'"))
        .isEqualTo("fell off\na ladder — ouch");
    assertThat(
            Sql.text(ws.db, "SELECT parsed_label FROM narrative_results WHERE narrative_id = 'J2'"))
        .isEqualTo("burn");
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
