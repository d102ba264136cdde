package dev.runlab.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.testsupport.Sql;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's upsert, on its single-row path and its multi-row chunk path: one row per narrative,
 * first errors kept, the latest error described, completion time only on final results.
 */
class ResultsTest {
  private static final Instant T1 = Instant.parse("2026-11-29T10:00:00.125Z");
  private static final Instant T2 = Instant.parse("2026-11-29T10:00:05.500Z");

  @TempDir Path dir;
  Path file;

  @BeforeEach
  void experiments() throws Exception {
    file = dir.resolve("r.db");
    try (Database db = Database.open(file)) {
      // the result rows reference their experiment (foreign keys are on)
      db.execute(
          "INSERT INTO datasets (dataset_id, data_path, data_checksum, format, id_column,"
              + " text_column, columns_json, n_rows, loaded_at) VALUES (1, 'x.csv', 'abc', 'csv',"
              + " 'id', 'text', '[\"id\",\"text\"]', 0, '2026-11-29T09:00:00Z')");
      for (int id = 1; id <= 2; id++) {
        db.execute(
            "INSERT INTO experiments (experiment_id, name, status, model, provider, config_json,"
                + " config_hash, data_path, data_checksum, dataset_id, n_narratives_total,"
                + " started_at)"
                + " VALUES ("
                + id
                + ", 'e', 'running', 'sim', 'sim', '{}', 'h', 'x.csv', 'abc', 1, 0,"
                + " '2026-11-29T09:00:00Z')");
      }
    }
  }

  @Test
  void singleRowsKeepTheFirstErrorAndCompleteOnlyFinalResults() throws Exception {
    upsert(List.of(pending(1, "n1", "HTTP 500: boom", "server_error", 1, T1)));
    Map<String, Object> row = row(1, "n1");
    assertThat(row.get("status")).isEqualTo("pending");
    assertThat(row.get("first_error_message")).isEqualTo("HTTP 500: boom");
    assertThat(row.get("completed_at")).isNull();
    assertThat(row.get("created_at")).isEqualTo("2026-11-29T10:00:00.125Z");

    upsert(List.of(ok(1, "n1", 2, T2)));
    row = row(1, "n1");
    assertThat(row.get("status")).isEqualTo("ok");
    assertThat(row.get("parsed_label")).isEqualTo("fall");
    assertThat(row.get("attempt_count")).isEqualTo(2);
    assertThat(row.get("first_error_message")).isEqualTo("HTTP 500: boom");
    assertThat(row.get("last_error_message")).isEqualTo("HTTP 500: boom");
    assertThat(row.get("error_category")).isEqualTo("server_error");
    assertThat(row.get("created_at")).isEqualTo("2026-11-29T10:00:00.125Z");
    assertThat(row.get("updated_at")).isEqualTo("2026-11-29T10:00:05.500Z");
    assertThat(row.get("completed_at")).isEqualTo("2026-11-29T10:00:05.500Z");
    assertThat(row.get("latency_ms")).isEqualTo(40);
    assertThat(row.get("prompt_tokens")).isEqualTo(12);
    assertThat(row.get("completion_tokens")).isEqualTo(5);
    assertThat(row.get("finish_reason")).isEqualTo("stop");
    assertThat(row.get("system_fingerprint")).isEqualTo("fp_test");
  }

  @Test
  void chunksOfManyRowsWriteEachRowLikeTheSingleRowPath() throws Exception {
    int n = 2 * Results.CHUNK + 7; // two full chunks and a tail on the single-row path
    List<ResultUpdate> first = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      first.add(pending(1, "n" + i, "timeout " + i, "timeout", 1, T1));
    }
    upsert(first);
    List<ResultUpdate> second = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // every third narrative fails again (now final), the rest succeed
      second.add(
          i % 3 == 0
              ? new ResultUpdate(
                  1,
                  "n" + i,
                  ResultUpdate.ERROR,
                  "oops",
                  null,
                  2,
                  2,
                  "bad output " + i,
                  "parse_error",
                  30L,
                  10,
                  3,
                  "stop",
                  null,
                  T2)
              : ok(1, "n" + i, 2, T2));
    }
    // the same narrative twice in one chunk: the later update wins
    second.set(1, pending(1, "n0", "should be overwritten", "timeout", 2, T2));
    second.set(2, ok(1, "n0", 3, T2));
    upsert(second);

    assertThat(Sql.number(file, "SELECT count(*) FROM narrative_results")).isEqualTo(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> row = row(1, "n" + i);
      assertThat(row.get("first_error_message")).isEqualTo("timeout " + i);
      if (i != 1 && i != 2) {
        assertThat(row.get("completed_at")).as("n" + i).isEqualTo("2026-11-29T10:00:05.500Z");
      }
      if (i == 0) {
        assertThat(row.get("status")).isEqualTo("ok");
        assertThat(row.get("attempt_count")).isEqualTo(3);
        assertThat(row.get("last_error_message")).isEqualTo("should be overwritten");
      } else if (i == 1 || i == 2) {
        assertThat(row.get("status")).as("n" + i).isEqualTo("pending");
        assertThat(row.get("completed_at")).isNull();
      }
    }
    assertThat(row(1, "n3").get("status")).isEqualTo("error");
    assertThat(row(1, "n3").get("last_error_message")).isEqualTo("bad output 3");
    assertThat(row(1, "n3").get("error_category")).isEqualTo("parse_error");
    assertThat(row(1, "n4").get("status")).isEqualTo("ok");
    assertThat(row(1, "n4").get("last_error_message")).isEqualTo("timeout 4");
    assertThat(row(1, "n4").get("system_fingerprint")).isEqualTo("fp_test");
    assertThat(row(1, "n4").get("finish_reason")).isEqualTo("stop");
    assertThat(row(1, "n3").get("system_fingerprint")).isNull();
  }

  @Test
  void aChunkSpanningTwoExperimentsKeepsEachRowsExperiment() throws Exception {
    List<ResultUpdate> updates = new ArrayList<>();
    for (int i = 0; i < Results.CHUNK; i++) {
      updates.add(ok(i < 10 ? 1 : 2, "n" + i, 1, T1));
    }
    upsert(updates);
    assertThat(Sql.number(file, "SELECT count(*) FROM narrative_results WHERE experiment_id = 1"))
        .isEqualTo(10);
    assertThat(Sql.number(file, "SELECT count(*) FROM narrative_results WHERE experiment_id = 2"))
        .isEqualTo(Results.CHUNK - 10);
  }

  private void upsert(List<ResultUpdate> updates) throws Exception {
    try (Database db = Database.open(file)) {
      Results results = new Results(db);
      db.inTransaction(
          () -> {
            results.upsert(updates);
            return null;
          });
    }
  }

  private Map<String, Object> row(long experiment, String narrative) {
    List<Map<String, Object>> rows =
        Sql.rows(
            file,
            "SELECT * FROM narrative_results WHERE experiment_id = ? AND narrative_id = ?",
            experiment,
            narrative);
    assertThat(rows).as(narrative).hasSize(1);
    return rows.get(0);
  }

  private static ResultUpdate pending(
      long experiment, String id, String error, String category, int attempts, Instant at) {
    return new ResultUpdate(
        experiment,
        id,
        ResultUpdate.PENDING,
        null,
        null,
        attempts,
        attempts,
        error,
        category,
        null,
        null,
        null,
        null,
        null,
        at);
  }

  private static ResultUpdate ok(long experiment, String id, int attempts, Instant at) {
    return new ResultUpdate(
        experiment,
        id,
        ResultUpdate.OK,
        "{\"label\": \"fall\"}",
        "fall",
        attempts,
        attempts - 1,
        null,
        null,
        40L,
        12,
        5,
        "stop",
        "fp_test",
        at);
  }
}
