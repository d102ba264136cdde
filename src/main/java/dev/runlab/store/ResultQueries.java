package dev.runlab.store;

import dev.runlab.RunlabException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the session API reads about experiments and their results: the experiments overview, result
 * and narrative rows, completion times, the scored results, and the rows of an export. Every {@code
 * correct} value comes from {@link Scoring}. Not thread-safe (one {@link Database} connection).
 */
public final class ResultQueries {
  private static final String EXPERIMENTS =
      """
      SELECT experiment_id AS id, name, status, model,
             n_narratives_completed || '/' || n_narratives_total AS done,
             round(100.0 * n_narratives_completed / CASE WHEN n_narratives_total > 0
                   THEN n_narratives_total ELSE 1 END, 1) AS pct,
             n_errors AS errors, substr(started_at, 1, 19) AS started,
             substr(estimated_completion_time, 1, 19) AS eta
        FROM experiments ORDER BY experiment_id DESC
      """;

  /** The results of one experiment joined with their narratives, in data file order. */
  private static final String RESULT_ROWS =
      """
        FROM narrative_results r
        JOIN experiments e ON e.experiment_id = r.experiment_id
        JOIN source_narratives s ON s.dataset_id = e.dataset_id AND s.narrative_id = r.narrative_id
       WHERE r.experiment_id = ?
       ORDER BY s.row_number
      """;

  private static final String RESULTS =
      """
      SELECT r.narrative_id, r.status, s.label AS gold_label, r.parsed_label, NULL AS correct,
             r.attempt_count, r.error_category, r.latency_ms, r.prompt_tokens,
             r.completion_tokens, r.completed_at, r.response_text
      """
          + RESULT_ROWS;
  private static final String EXPORT =
      """
      SELECT r.experiment_id, r.narrative_id, r.status, s.label AS gold_label, r.parsed_label,
             NULL AS correct, r.attempt_count, r.error_category, r.first_error_message,
             r.last_error_message, r.latency_ms, r.prompt_tokens, r.completion_tokens,
             r.finish_reason, r.system_fingerprint, r.completed_at, r.response_text
      """
          + RESULT_ROWS;
  private static final String NARRATIVES =
      """
      SELECT s.row_number, s.narrative_id, s.label, r.status, r.parsed_label, r.attempt_count,
             s.text
        FROM experiments e
        JOIN source_narratives s ON s.dataset_id = e.dataset_id
        LEFT JOIN narrative_results r
          ON r.experiment_id = e.experiment_id AND r.narrative_id = s.narrative_id
       WHERE e.experiment_id = ?
       ORDER BY s.row_number
      """;
  private static final String COMPLETION_TIMES =
      """
      SELECT completed_at FROM narrative_results
       WHERE experiment_id = ? AND completed_at IS NOT NULL
       ORDER BY completed_at
      """;
  private static final String SCORED =
      """
      SELECT r.narrative_id, s.label, r.status, r.parsed_label, r.error_category, s.text
      """
          + RESULT_ROWS;

  private final Database db;

  public ResultQueries(Database db) {
    this.db = db;
  }

  /** All experiments, newest first, with their progress. */
  public Rows experiments() {
    return run("listing experiments", EXPERIMENTS);
  }

  /** One row per result of experiment {@code id}, with its gold label and {@code correct}. */
  public Rows results(long id) {
    Rows rows = run("reading results of experiment " + id, RESULTS, id);
    rows.values().forEach(row -> judge(rows.columns(), row));
    return rows;
  }

  /** Every narrative of the experiment's data set with its result status (null: not sent). */
  public Rows narratives(long id) {
    return run("reading narratives of experiment " + id, NARRATIVES, id);
  }

  /** The stored completion times of the experiment's results, in order. */
  public List<Instant> completionTimes(long id) {
    List<Instant> times = new ArrayList<>();
    try (PreparedStatement ps = db.connection().prepareStatement(COMPLETION_TIMES)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          times.add(Timestamps.parse(rs.getString(1)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException(
          "reading completion times of experiment " + id + ": " + e.getMessage(), e);
    }
    return times;
  }

  /** The experiment's results as {@link Scoring} judges them. */
  public ScoreSheet scores(long id) {
    List<ScoreSheet.Scored> scored = new ArrayList<>();
    long excluded = 0;
    try (PreparedStatement ps = db.connection().prepareStatement(SCORED)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String gold = rs.getString(2);
          String status = rs.getString(3);
          String answer = rs.getString(4);
          String category = rs.getString(5);
          Scoring.Verdict verdict = Scoring.verdict(status, category, gold, answer);
          if (verdict == Scoring.Verdict.EXCLUDED) {
            excluded++;
          } else if (verdict.scored()) {
            String predicted =
                "ok".equals(status) ? Scoring.labelKey(answer) : "(" + category + ")";
            scored.add(
                new ScoreSheet.Scored(
                    rs.getString(1),
                    Scoring.labelKey(gold),
                    predicted,
                    verdict == Scoring.Verdict.RIGHT,
                    rs.getString(6)));
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreException("scoring experiment " + id + ": " + e.getMessage(), e);
    }
    return new ScoreSheet(id, scored, excluded);
  }

  /** Receives the rows of an export one at a time. */
  public interface RowSink {
    void header(List<String> columns) throws java.io.IOException;

    void row(Object[] values) throws java.io.IOException;
  }

  /**
   * Streams the results of experiment {@code id} with gold labels and {@code correct} to {@code
   * sink}, in data file order; returns the row count.
   */
  public long export(long id, RowSink sink) throws java.io.IOException {
    try (PreparedStatement ps = db.connection().prepareStatement(EXPORT)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          columns.add(meta.getColumnLabel(c));
        }
        sink.header(columns);
        long n = 0;
        while (rs.next()) {
          Object[] row = new Object[columns.size()];
          for (int c = 0; c < row.length; c++) {
            row[c] = rs.getObject(c + 1);
          }
          judge(columns, row);
          sink.row(row);
          n++;
        }
        return n;
      }
    } catch (SQLException e) {
      throw new StoreException("exporting experiment " + id + ": " + e.getMessage(), e);
    }
  }

  /** Any statement, e.g. the lab's {@code sql("...")}; a usage error (exit 2) when it fails. */
  public Rows query(String sql) {
    try {
      return Rows.run(db.connection(), sql);
    } catch (SQLException e) {
      throw RunlabException.usage("SQL error: " + e.getMessage());
    }
  }

  /** Fills the {@code correct} column of a row that has status, gold label and answer. */
  private static void judge(List<String> columns, Object[] row) {
    row[columns.indexOf("correct")] =
        Scoring.verdict(
                text(row[columns.indexOf("status")]),
                text(row[columns.indexOf("error_category")]),
                text(row[columns.indexOf("gold_label")]),
                text(row[columns.indexOf("parsed_label")]))
            .correctColumn();
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private Rows run(String what, String sql, Object... args) {
    try {
      return Rows.run(db.connection(), sql, args);
    } catch (SQLException e) {
      throw new StoreException(what + ": " + e.getMessage(), e);
    }
  }
}
