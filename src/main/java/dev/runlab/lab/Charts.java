package dev.runlab.lab;

import dev.runlab.chart.Chart;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The session's {@code chart} object: charts from numbers or tables ({@code chart.bar(...)}, {@code
 * chart.line(...)}, {@code chart.heatmap(...)}) and ready-made ones of an experiment. A chart shows
 * as Unicode bars in the lab and as an image in notebooks and reports. Thread-safe.
 */
public final class Charts {
  private final Lab lab;

  Charts(Lab lab) {
    this.lab = lab;
  }

  public Chart.Bar bar(String title, List<String> labels, List<Double> values) {
    return new Chart.Bar(title, "", labels, values);
  }

  /**
   * One bar per row: labels from {@code labelColumn}, lengths from {@code valueColumn} (its name,
   * in words, labels the axis).
   */
  public Chart.Bar bar(Table table, String labelColumn, String valueColumn) {
    return new Chart.Bar(
        table.name(),
        words(valueColumn),
        texts(table.column(labelColumn)),
        numbers(table, valueColumn));
  }

  public Chart.Line line(
      String title, String xLabel, String yLabel, List<Double> x, List<Double> y) {
    return new Chart.Line(title, xLabel, yLabel, x, y);
  }

  /** A line through the rows: x from {@code xColumn}, y from {@code yColumn} (axes in words). */
  public Chart.Line line(Table table, String xColumn, String yColumn) {
    return new Chart.Line(
        table.name(),
        words(xColumn),
        words(yColumn),
        numbers(table, xColumn),
        numbers(table, yColumn));
  }

  /** A column name as an axis label: {@code minutes_since_first_result} → "minutes since …". */
  static String words(String column) {
    return column.replace('_', ' ').strip();
  }

  /**
   * A heatmap of a table: the first column labels the rows, every other numeric column is a column
   * of the map (a {@code total} column is left out).
   */
  public Chart.Heatmap heatmap(Table table) {
    List<String> rows = texts(table.column(0));
    List<String> columns = new ArrayList<>();
    for (Column<?> c : table.columns().subList(1, table.columnCount())) {
      if (c instanceof NumericColumn<?> && !c.name().equals("total")) {
        columns.add(c.name());
      }
    }
    double[][] values = new double[rows.size()][columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      List<Double> v = numbers(table, columns.get(c));
      for (int r = 0; r < rows.size(); r++) {
        values[r][c] = v.get(r);
      }
    }
    return new Chart.Heatmap(
        table.name(), words(table.column(0).name()), "", rows, columns, values);
  }

  // ---- ready-made: each takes an experiment id or handle, or its number --------------------

  /** Final errors of the experiment by category. */
  public Chart.Bar errorsByCategory(ExperimentId id) {
    Table t = lab.errors(id).byCategory();
    return new Chart.Bar(
        "errors of experiment " + id.id() + " by category",
        "final errors",
        texts(t.column("category")),
        numbers(t, "count"));
  }

  /** Results completed per minute over the run, from their stored completion times. */
  public Chart.Line throughput(ExperimentId id) {
    Table t = lab.throughput(id);
    return new Chart.Line(
        "throughput of experiment " + id.id(),
        words(t.column(0).name()).replace("since first", "since the first"),
        "results per minute",
        numbers(t, t.column(0).name()),
        numbers(t, "per_minute"));
  }

  /** The confusion matrix of the experiment: gold labels against answers. */
  public Chart.Heatmap confusion(ExperimentId id) {
    Chart.Heatmap map = heatmap(lab.confusion(id));
    return new Chart.Heatmap(
        "confusion of experiment " + id.id(),
        "gold label",
        "answer",
        map.rowLabels(),
        map.columnLabels(),
        map.values());
  }

  /** The share of each gold label's scored results the model got right (its recall). */
  public Chart.Bar accuracyPerLabel(ExperimentId id) {
    Table t = lab.labelScores(id);
    List<String> labels = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (int r = 0; r < t.rowCount(); r++) {
      if (t.intColumn("support").getInt(r) > 0) {
        labels.add(t.stringColumn("label").get(r));
        values.add(t.doubleColumn("recall").getDouble(r));
      }
    }
    return new Chart.Bar(
        "accuracy per gold label, experiment " + id.id(), "accuracy (share right)", labels, values);
  }

  public Chart.Bar errorsByCategory(long id) {
    return errorsByCategory(ExperimentId.of(id));
  }

  public Chart.Line throughput(long id) {
    return throughput(ExperimentId.of(id));
  }

  public Chart.Heatmap confusion(long id) {
    return confusion(ExperimentId.of(id));
  }

  public Chart.Bar accuracyPerLabel(long id) {
    return accuracyPerLabel(ExperimentId.of(id));
  }

  private static List<String> texts(Column<?> column) {
    List<String> out = new ArrayList<>();
    for (int r = 0; r < column.size(); r++) {
      out.add(column.isMissing(r) ? "" : column.getString(r));
    }
    return out;
  }

  private static List<Double> numbers(Table table, String name) {
    Column<?> column = table.column(name);
    if (!(column instanceof NumericColumn<?> numeric)) {
      throw new IllegalArgumentException(
          "column " + name + " of table \"" + table.name() + "\" is not numeric");
    }
    List<Double> out = new ArrayList<>();
    for (int r = 0; r < numeric.size(); r++) {
      out.add(numeric.isMissing(r) ? 0.0 : numeric.getDouble(r));
    }
    return out;
  }

  @Override
  public String toString() {
    return "chart: bar(...), line(...), heatmap(table), errorsByCategory(id), throughput(id),"
        + " confusion(id), accuracyPerLabel(id)";
  }
}
