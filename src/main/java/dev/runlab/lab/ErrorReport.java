package dev.runlab.lab;

import dev.runlab.model.ErrorCategory;
import dev.runlab.store.ErrorQueries;
import tech.tablesaw.api.Table;

/**
 * The errors of one experiment: its final error rows, summed by category or sampled. Each call
 * reads the database afresh, so a report kept in a variable follows a run that goes on.
 * Thread-safe.
 */
public final class ErrorReport {
  private final Lab lab;
  private final long experimentId;
  private final Display display;

  ErrorReport(Lab lab, long experimentId, Display display) {
    this.lab = lab;
    this.experimentId = experimentId;
    this.display = display;
  }

  /** Final errors by category: count, share of all errors, whether retryable, an example. */
  public Table byCategory() {
    Table table =
        Tables.of(
            "errors of experiment " + experimentId + " by category",
            lab.read(db -> new ErrorQueries(db).byCategory(experimentId)));
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
    Tables.percent(table, "share");
    return table;
  }

  /** Up to {@code n} error rows of {@code category} (null: any), with their messages and text. */
  public Table samples(String category, int n) {
    return Tables.of(
        "error samples of experiment " + experimentId,
        lab.read(db -> new ErrorQueries(db).samples(experimentId, category, n)));
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

  @Override
  public String toString() {
    Table table = byCategory();
    if (table.rowCount() == 0) {
      return "experiment " + experimentId + " has no final errors";
    }
    return TextTable.render(table, display);
  }
}
