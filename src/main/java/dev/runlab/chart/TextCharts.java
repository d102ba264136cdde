package dev.runlab.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws charts with Unicode block characters within a width: bars with eighth blocks (█▉▊▋▌▍▎▏),
 * lines as a sparkline of ▁▂▃▄▅▆▇█, heatmaps as shaded cells (·░▒▓█) with their values. What does
 * not fit is shortened: bars first, then labels (cut with an ellipsis); heatmap columns that still
 * do not fit are left out with a "+N columns" note. Stateless.
 */
final class TextCharts {
  static final int BAR_WIDTH = 40;
  static final int MIN_BAR_WIDTH = 10;
  static final int SPARK_WIDTH = 60;
  static final int MIN_LABEL = 8;
  private static final String EIGHTHS = " ▏▎▍▌▋▊▉";
  private static final String SPARKS = "▁▂▃▄▅▆▇█";
  private static final String SHADES = "·░▒▓█";

  private TextCharts() {}

  static String render(Chart chart, int width) {
    String text;
    if (chart instanceof Chart.Bar bar) {
      text = bar(bar, width);
    } else if (chart instanceof Chart.Line line) {
      text = line(line, width);
    } else {
      text = heatmap((Chart.Heatmap) chart, width);
    }
    // whatever was not shortened on purpose (a title, a summary line) is cut at the width
    StringBuilder out = new StringBuilder();
    text.lines().forEach(l -> out.append(TextWidth.cut(l, width)).append('\n'));
    return out.toString().stripTrailing();
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

  private static String bar(Chart.Bar chart, int width) {
    StringBuilder out = new StringBuilder(chart.title()).append('\n');
    if (chart.labels().isEmpty()) {
      return out.append("  (no data)").toString();
    }
    int labelWidth = chart.labels().stream().mapToInt(TextWidth::of).max().orElse(0);
    int numberWidth = chart.values().stream().mapToInt(v -> number(v).length()).max().orElse(0);
    // "  label │bar number"
    int barWidth =
        Math.max(MIN_BAR_WIDTH, Math.min(BAR_WIDTH, width - labelWidth - numberWidth - 5));
    labelWidth =
        Math.max(
            Math.min(labelWidth, MIN_LABEL),
            Math.min(labelWidth, width - barWidth - numberWidth - 5));
    double max = chart.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    for (int i = 0; i < chart.labels().size(); i++) {
      double v = chart.values().get(i);
      String label = TextWidth.cut(chart.labels().get(i), labelWidth);
      out.append("  ")
          .append(TextWidth.pad(label, labelWidth, false))
          .append(" │")
          .append(bar(v, max, barWidth))
          .append(' ')
          .append(number(v))
          .append('\n');
    }
    return out.toString().stripTrailing();
  }

  private static String line(Chart.Line chart, int width) {
    StringBuilder out = new StringBuilder(chart.title()).append('\n');
    List<Double> y = chart.y();
    if (y.isEmpty()) {
      return out.append("  (no data)").toString();
    }
    double min = y.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double max = y.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    int sparkWidth = Math.max(1, Math.min(Math.min(SPARK_WIDTH, width - 2), y.size()));
    StringBuilder spark = new StringBuilder();
    for (int i = 0; i < sparkWidth; i++) {
      // each character averages its share of the points
      int from = i * y.size() / sparkWidth;
      int to = Math.max(from + 1, (i + 1) * y.size() / sparkWidth);
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

  private static String heatmap(Chart.Heatmap chart, int width) {
    StringBuilder out = new StringBuilder(chart.title()).append('\n');
    double max = 0;
    int numberWidth = 1;
    for (double[] row : chart.values()) {
      for (double v : row) {
        max = Math.max(max, v);
        numberWidth = Math.max(numberWidth, number(v).length());
      }
    }
    int labelWidth =
        Math.max(
            TextWidth.of(chart.rowTitle()),
            chart.rowLabels().stream().mapToInt(TextWidth::of).max().orElse(0));
    labelWidth = Math.min(labelWidth, Math.max(MIN_LABEL, width / 4));
    int headerWidth = chart.columnLabels().stream().mapToInt(TextWidth::of).max().orElse(1);
    List<String> columns = chart.columnLabels();
    // each column: " " + shade + " " + number, its label right-aligned over the shade and number
    int room = width - 2 - labelWidth - 2;
    int cell = Math.max(numberWidth, headerWidth - 2);
    int shown = columns.size();
    if (shown * (cell + 3) > room) {
      cell = Math.max(numberWidth, Math.min(cell, room / Math.max(1, shown) - 3));
      while (shown > 1 && shown * (cell + 3) > room) {
        shown--;
      }
    }
    out.append("  ")
        .append(TextWidth.pad(TextWidth.cut(chart.rowTitle(), labelWidth), labelWidth, false))
        .append(" │");
    for (String c : columns.subList(0, shown)) {
      out.append(' ').append(TextWidth.pad(TextWidth.cut(c, cell + 2), cell + 2, true));
    }
    out.append('\n');
    for (int r = 0; r < chart.rowLabels().size(); r++) {
      String label = TextWidth.cut(chart.rowLabels().get(r), labelWidth);
      out.append("  ").append(TextWidth.pad(label, labelWidth, false)).append(" │");
      for (int c = 0; c < shown; c++) {
        double v = chart.value(r, c);
        out.append(' ')
            .append(shade(v, max))
            .append(' ')
            .append(TextWidth.pad(number(v), cell, true));
      }
      out.append('\n');
    }
    out.append("  (columns: ").append(chart.columnTitle());
    if (shown < columns.size()) {
      List<String> hidden = new ArrayList<>(columns.subList(shown, columns.size()));
      out.append("; +")
          .append(hidden.size())
          .append(hidden.size() == 1 ? " column: " : " columns: ")
          .append(String.join(", ", hidden));
    }
    return out.append(')').toString();
  }

  static char shade(double value, double max) {
    if (max <= 0 || !(value > 0)) {
      return SHADES.charAt(0);
    }
    return SHADES.charAt(1 + (int) Math.min(3, Math.floor(value / max * 4 - 1e-9)));
  }

  /** A number as people read it: whole numbers as they are, others to three significant digits. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    double a = Math.abs(v);
    String text =
        a >= 100
            ? String.format(Locale.ROOT, "%.0f", v)
            : a >= 10
                ? String.format(Locale.ROOT, "%.1f", v)
                : a >= 1
                    ? String.format(Locale.ROOT, "%.2f", v)
                    : String.format(Locale.ROOT, "%.3f", v);
    return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
  }
}
