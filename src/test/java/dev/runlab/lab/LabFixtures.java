package dev.runlab.lab;

import dev.runlab.run.RunEnvironment;
import dev.runlab.run.RunListener;
import dev.runlab.store.Database;
import dev.runlab.store.DbLocation;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * A small hand-made database whose evaluation answers are known. Data set 1 (narratives N1–N7; N5's
 * gold label is "Neutral " to check normalization, N7 has none), data set 2 (one narrative).
 *
 * <pre>
 * narrative  gold      experiment 1              experiment 2
 * N1         pos       ok pos                    ok pos
 * N2         pos       ok neg                    ok pos
 * N3         neg       ok neg                    ok pos
 * N4         neg       error parse_error         ok neg
 * N5         Neutral   ok NEUTRAL                ok neutral
 * N6         neg       error timeout (excluded)  ok neg
 * N7         (none)    ok pos                    ok pos
 * </pre>
 *
 * Experiment 3 runs on data set 2. Results complete one per minute from 10:00 UTC.
 */
public final class LabFixtures {
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  private LabFixtures() {}

  public static Path create(Path dir) throws SQLException {
    Path file = dir.resolve("lab.db");
    try (Database db = Database.open(file)) {
      dataset(
          db,
          1,
          "data/a.csv",
          new String[][] {
            {"N1", "pos"},
            {"N2", "pos"},
            {"N3", "neg"},
            {"N4", "neg"},
            {"N5", "Neutral "},
            {"N6", "neg"},
            {"N7", ""}
          });
      dataset(db, 2, "data/b.csv", new String[][] {{"M1", "pos"}});
      experiment(db, 1, 1, "completed", 7, 1);
      experiment(db, 2, 1, "completed", 7, 0);
      experiment(db, 3, 2, "running", 1, 0);
      result(db, 1, "N1", "ok", "pos", null, 0);
      result(db, 1, "N2", "ok", "neg", null, 1);
      result(db, 1, "N3", "ok", "neg", null, 2);
      result(db, 1, "N4", "error", null, "parse_error", 3);
      result(db, 1, "N5", "ok", "NEUTRAL", null, 4);
      result(db, 1, "N6", "error", null, "timeout", 5);
      result(db, 1, "N7", "ok", "pos", null, 6);
      String[] second = {"pos", "pos", "pos", "neg", "neutral", "neg", "pos"};
      for (int i = 0; i < second.length; i++) {
        result(db, 2, "N" + (i + 1), "ok", second[i], null, i);
      }
      result(db, 3, "M1", "ok", "pos", null, 0);
    }
    return file;
  }

  /** A sha256-shaped checksum of data set {@code id}. */
  static String checksum(long id) {
    return "c".repeat(63) + id;
  }

  public static Lab open(Path file) {
    return Lab.open(DbLocation.of(file), file, RunEnvironment.system(), new RunListener() {});
  }

  private static void dataset(Database db, long id, String path, String[][] rows)
      throws SQLException {
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                "INSERT INTO datasets VALUES (?, ?, 'sum"
                    + id
                    + "', 'csv', 'id', 'text', 'label',"
                    + " '[\"id\",\"text\",\"label\"]', ?, '2026-01-05T09:00:00.000Z')")) {
      ps.setLong(1, id);
      ps.setString(2, path);
      ps.setInt(3, rows.length);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                "INSERT INTO source_narratives VALUES (?, ?, ?, ?, ?, NULL, 'h', 'sum"
                    + id
                    + "')")) {
      for (int r = 0; r < rows.length; r++) {
        ps.setLong(1, id);
        ps.setInt(2, r + 1);
        ps.setString(3, rows[r][0]);
        ps.setString(4, "text of " + rows[r][0]);
        ps.setString(5, rows[r][1]);
        ps.executeUpdate();
      }
    }
  }

  private static void experiment(
      Database db, long id, long datasetId, String status, int done, int errors)
      throws SQLException {
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                """
                INSERT INTO experiments (experiment_id, name, status, model, provider, config_json,
                  config_hash, data_path, data_checksum, dataset_id, n_narratives_total,
                  n_narratives_completed, n_errors, started_at, last_progress_update)
                VALUES (?, ?, ?, 'sim-1', 'sim', '{}', 'hash', ?, ?, ?, ?, ?, ?,
                        '2026-01-05T10:00:00.000Z', '2026-01-05T10:07:00.000Z')
                """)) {
      ps.setLong(1, id);
      ps.setString(2, "exp" + id);
      ps.setString(3, status);
      ps.setString(4, datasetId == 1 ? "data/a.csv" : "data/b.csv");
      ps.setString(5, checksum(datasetId));
      ps.setLong(6, datasetId);
      ps.setInt(7, datasetId == 1 ? 7 : 1);
      ps.setInt(8, done);
      ps.setInt(9, errors);
      ps.executeUpdate();
    }
  }

  private static void result(
      Database db,
      long experiment,
      String narrative,
      String status,
      String label,
      String category,
      int minute)
      throws SQLException {
    String at = T0.plusSeconds(60L * (minute + 1)).toString();
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                """
                INSERT INTO narrative_results (experiment_id, narrative_id, status, parsed_label,
                  error_category, attempt_count, failure_count, first_error_message,
                  last_error_message, latency_ms, created_at, updated_at, completed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 100, ?, ?, ?)
                """)) {
      ps.setLong(1, experiment);
      ps.setString(2, narrative);
      ps.setString(3, status);
      ps.setString(4, label);
      ps.setString(5, category);
      ps.setInt(6, category == null ? 1 : 3);
      ps.setInt(7, category == null ? 0 : 3);
      ps.setString(8, category == null ? null : "first " + category);
      ps.setString(9, category == null ? null : "last " + category);
      ps.setString(10, at);
      ps.setString(11, at);
      ps.setString(12, at);
      ps.executeUpdate();
    }
  }
}
