package dev.runlab.lab;

import dev.runlab.model.ErrorCategory;
import dev.runlab.store.Database;
import dev.runlab.store.StoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import tech.tablesaw.api.Table;

/**
 * The errors of one experiment: its final error rows, summed by category or sampled. Each call
 * reads the database afresh, so a report kept in a variable follows a run that goes on.
 * Thread-safe.
 */
public final class ErrorReport {
  private static final String BY_CATEGORY =
      """
      SELECT error_category AS category, count(*) AS count,
             round(100.0 * count(*) / (SELECT count(*) FROM narrative_results
                                        WHERE experiment_id = ?1 AND status = 'error'), 1) AS share,
             max(last_error_message) AS example
        FROM narrative_results
       WHERE experiment_id = ?1 AND status = 'error'
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
       WHERE r.experiment_id = ?1 AND r.status = 'error' AND (?2 IS NULL OR r.error_category = ?2)
       ORDER BY r.narrative_id
       LIMIT ?3
      """;

  private final Path dbFile;
  private final long experimentId;
  private final Display display;

  ErrorReport(Path dbFile, long experimentId, Display display) {
    this.dbFile = dbFile;
    this.experimentId = experimentId;
    this.display = display;
  }

  /** Final errors by category: count, share of all errors, whether retryable, an example. */
  public Table byCategory() {
    Table table =
        query("errors of experiment " + experimentId + " by category", BY_CATEGORY, experimentId);
    var retryable = tech.tablesaw.api.StringColumn.create("retryable");
    for (int row = 0; row < table.rowCount(); row++) {
      // typed from the values: an empty or all-NULL column need not be a string column
      String category =
          table.column("category").isMissing(row) ? null : table.getString(row, "category");
      ErrorCategory c =
          category == null || category.isEmpty() ? null : ErrorCategory.fromDb(category);
      retryable.append(c == null ? "" : c.retryable() ? "yes" : "no");
    }
    table.insertColumn(3, retryable);
    return table;
  }

  /** Up to {@code n} error rows of {@code category} (null: any), with their messages and text. */
  public Table samples(String category, int n) {
    return query("error samples of experiment " + experimentId, SAMPLES, experimentId, category, n);
  }

  /** Up to {@code n} error rows of any category. */
  public Table samples(int n) {
    return samples(null, n);
  }

  /** Every final error row. */
  public Table table() {
    return samples(null, Integer.MAX_VALUE);
  }

  public long count() {
    Table table = byCategory();
    long total = 0;
    for (int row = 0; row < table.rowCount(); row++) {
      total += Long.parseLong(table.getString(row, "count"));
    }
    return total;
  }

  private Table query(String name, String sql, Object... args) {
    try (Database db = Database.open(dbFile)) {
      return Tables.query(db.connection(), name, sql, args);
    } catch (SQLException e) {
      throw new StoreException(
          "reading errors of experiment " + experimentId + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    Table table = byCategory();
    if (table.rowCount() == 0) {
      return "experiment " + experimentId + " has no final errors";
    }
    return TextTable.render(table, display);
  }
}
