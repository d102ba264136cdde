package dev.runlab.store;

import java.sql.SQLException;

/**
 * The final errors of one experiment, for reports: counts by category and sample rows. Not
 * thread-safe (one {@link Database} connection).
 */
public final class ErrorQueries {
  private static final String BY_CATEGORY =
      """
      SELECT error_category AS category, count(*) AS count,
             round(100.0 * count(*) / (SELECT count(*) FROM narrative_results
                                        WHERE experiment_id = ? AND status = 'error'), 1) AS share,
             max(last_error_message) AS example
        FROM narrative_results
       WHERE experiment_id = ? AND status = 'error'
       GROUP BY error_category
       ORDER BY count(*) DESC, error_category
      """;
  private static final String SAMPLES =
      """
      SELECT r.narrative_id, r.error_category AS category, r.attempt_count,
             r.first_error_message, r.last_error_message, r.response_text, s.text
        FROM narrative_results r
        JOIN experiments e ON e.experiment_id = r.experiment_id
        JOIN source_narratives s ON s.dataset_id = e.dataset_id AND s.narrative_id = r.narrative_id
       WHERE r.experiment_id = ? AND r.status = 'error'
         AND (CAST(? AS TEXT) IS NULL OR r.error_category = ?)
       ORDER BY r.narrative_id
       LIMIT ?
      """;

  private final Database db;

  public ErrorQueries(Database db) {
    this.db = db;
  }

  /** Final errors by category: category, count, share of all errors, an example message. */
  public Rows byCategory(long experimentId) {
    return run(experimentId, BY_CATEGORY, experimentId, experimentId);
  }

  /** Up to {@code n} final error rows of {@code category} (null: any), with messages and text. */
  public Rows samples(long experimentId, String category, int n) {
    return run(experimentId, SAMPLES, experimentId, category, category, n);
  }

  private Rows run(long experimentId, String sql, Object... args) {
    try {
      return Rows.run(db.connection(), sql, args);
    } catch (SQLException e) {
      throw new StoreException(
          "reading errors of experiment " + experimentId + ": " + e.getMessage(), e);
    }
  }
}
