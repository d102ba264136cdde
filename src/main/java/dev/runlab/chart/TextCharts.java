package dev.runlab.chart;

import java.util.List;
import java.util.Locale;

/**
 * Draws charts with Unicode block characters: bars with eighth blocks (█▉▊▋▌▍▎▏), lines as a
 * sparkline of ▁▂▃▄▅▆▇█, heatmaps as shaded cells (·░▒▓█) with their values. Stateless.
 */
final class TextCharts {
  static final int BAR_WIDTH = 40;
  static final int SPARK_WIDTH = 60;
  private static final String EIGHTHS = " ▏▎▍▌▋▊▉";
  private static final String SPARKS = "▁▂▃▄▅▆▇█";
  private static final String SHADES = "·░▒▓█";

  private TextCharts() {}

  static String render(Chart chart) {
    if (chart instanceof Chart.Bar bar) {
      return bar(bar);
    }
    if (chart instanceof Chart.Line line) {
      return line(line);
    }
    return heatmap((Chart.Heatmap) chart);
  }

  /** A bar of {@code value / max} of {@code width} cells, to an eighth of a cell. */
  static String bar(double value, double max, int width) {
    if (max <= 0 || !(value > 0)) {
      return "";
    }
    long eighths = Math.round(Math.min(1.0, value / max) * width * 8);
    String full = "█".repeat((int) (eighths / 8));
    int rest = (int) (eighths % 8);
    return rest == 0 ? full : full + EIGHTHS.charAt(rest);
  }

  private static String bar(Chart.Bar chart) {
    StringBuilder out = new StringBuilder(chart.title()).append('\n');
    if (chart.labels().isEmpty()) {
      return out.append("  (no data)").toString();
    }
    int labelWidth = chart.labels().stream().mapToInt(String::length).max().orElse(0);
    double max = chart.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    for (int i = 0; i < chart.labels().size(); i++) {
      double v = chart.values().get(i);
      String bar = bar(v, max, BAR_WIDTH);
      out.append(String.format(Locale.ROOT, "  %-" + labelWidth + "s │", chart.labels().get(i)))
          .append(bar)
          .append(' ')
          .append(number(v))
          .append('\n');
    }
    return out.toString().stripTrailing();
  }

  private static String line(Chart.Line chart) {
    StringBuilder out = new StringBuilder(chart.title()).append('\n');
    List<Double> y = chart.y();
    if (y.isEmpty()) {
      return out.append("  (no data)").toString();
    }
    double min = y.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double max = y.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    int width = Math.min(SPARK_WIDTH, y.size());
    StringBuilder spark = new StringBuilder();
    for (int i = 0; i < width; i++) {
      // each character averages its share of the points
      int from = i * y.size() / width;
      int to = Math.max(from + 1, (i + 1) * y.size() / width);
      double sum = 0;
      for (int j = from; j < to; j++) {
        sum += y.get(j);
      }
      double v = sum / (to - from);
      int level = max == min ? SPARKS.length() - 1 : (int) Math.round((v - min) / (max - min) * 7);
      spark.append(SPARKS.charAt(level));
    }
    out.append("  ").append(spark).append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "  %s: %s … %s; %s from %s to %s",
            chart.yLabel(),
            number(min),
            number(max),
            chart.xLabel(),
            number(chart.x().get(0)),
            number(chart.x().get(chart.x().size() - 1))));
    return out.toString();
  }

  private static String heatmap(Chart.Heatmap chart) {
    StringBuilder out = new StringBuilder(chart.title()).append('\n');
    double max = 0;
    int cell = 1;
    for (double[] row : chart.values()) {
      for (double v : row) {
        max = Math.max(max, v);
        cell = Math.max(cell, number(v).length());
      }
    }
    for (String c : chart.columnLabels()) {
      cell = Math.max(cell, c.length() - 2);
    }
    int labelWidth =
        Math.max(
            chart.rowTitle().length(),
            chart.rowLabels().stream().mapToInt(String::length).max().orElse(0));
    out.append(String.format(Locale.ROOT, "  %-" + labelWidth + "s │", chart.rowTitle()));
    for (String c : chart.columnLabels()) {
      out.append(String.format(Locale.ROOT, " %" + (cell + 2) + "s", c));
    }
    out.append('\n');
    for (int r = 0; r < chart.rowLabels().size(); r++) {
      out.append(String.format(Locale.ROOT, "  %-" + labelWidth + "s │", chart.rowLabels().get(r)));
      for (int c = 0; c < chart.columnLabels().size(); c++) {
        double v = chart.value(r, c);
        out.append(' ')
            .append(shade(v, max))
            .append(String.format(Locale.ROOT, " %" + cell + "s", number(v)));
      }
      out.append('\n');
    }
    return out.append("  (columns: ").append(chart.columnTitle()).append(')').toString();
  }

  static char shade(double value, double max) {
    if (max <= 0 || !(value > 0)) {
      return SHADES.charAt(0);
    }
    return SHADES.charAt(1 + (int) Math.min(3, Math.floor(value / max * 4 - 1e-9)));
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
