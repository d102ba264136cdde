package dev.runlab.chart;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * Draws {@link dev.runlab.chart.Chart}s with XChart, headless. Value axes start at zero, so a small
 * last bucket does not look like a collapse; heatmap cells shade from near white to a mid blue, so
 * their black values stay readable in every cell (a contrast of at least 4.5:1). Stateless.
 */
final class ChartImages {
  static final int WIDTH = 800;
  static final int HEIGHT = 480;

  /** The heatmap's shades, lowest value first; each keeps black text readable. */
  static final Color[] HEAT = {new Color(0xf7fbff), new Color(0xc6dbef), new Color(0x6baed6)};

  /** The colour of the values written in heatmap cells. */
  static final Color VALUE_TEXT = Color.BLACK;

  static {
    // charts are drawn off-screen; a notebook run or a server has no display
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private ChartImages() {}

  static byte[] png(dev.runlab.chart.Chart chart) {
    try {
      return BitmapEncoder.getBitmapBytes(draw(chart), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("drawing chart \"" + chart.title() + "\" as PNG", e);
    }
  }

  static String svg(dev.runlab.chart.Chart chart) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(
          draw(chart), out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException("drawing chart \"" + chart.title() + "\" as SVG", e);
    }
    String svg = out.toString(StandardCharsets.UTF_8);
    // inline in HTML and notebooks: the document starts at <svg, without declaration or DOCTYPE
    int start = svg.indexOf("<svg");
    return start < 0 ? svg : svg.substring(start);
  }

  static Chart<?, ?> draw(dev.runlab.chart.Chart chart) {
    if (chart instanceof dev.runlab.chart.Chart.Bar bar) {
      return bar(bar);
    }
    if (chart instanceof dev.runlab.chart.Chart.Line line) {
      return line(line);
    }
    return heatmap((dev.runlab.chart.Chart.Heatmap) chart);
  }

  private static CategoryChart bar(dev.runlab.chart.Chart.Bar bar) {
    CategoryChart c =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(bar.title())
            .yAxisTitle(bar.valueLabel())
            .build();
    c.getStyler().setLegendVisible(false);
    c.getStyler().setLabelsVisible(true);
    c.getStyler().setYAxisMin(0.0);
    c.getStyler().setXAxisLabelRotation(bar.labels().size() > 6 ? 45 : 0);
    List<String> labels = bar.labels().isEmpty() ? List.of("(none)") : bar.labels();
    List<Double> values = bar.values().isEmpty() ? List.of(0.0) : bar.values();
    c.addSeries(bar.valueLabel().isEmpty() ? "value" : bar.valueLabel(), labels, values);
    return c;
  }

  private static XYChart line(dev.runlab.chart.Chart.Line line) {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(line.title())
            .xAxisTitle(line.xLabel())
            .yAxisTitle(line.yLabel())
            .build();
    c.getStyler().setLegendVisible(false);
    c.getStyler().setYAxisMin(0.0);
    List<Double> x = line.x().isEmpty() ? List.of(0.0) : line.x();
    List<Double> y = line.y().isEmpty() ? List.of(0.0) : line.y();
    XYSeries series = c.addSeries(line.yLabel().isEmpty() ? "y" : line.yLabel(), x, y);
    series.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
    return c;
  }

  private static HeatMapChart heatmap(dev.runlab.chart.Chart.Heatmap map) {
    HeatMapChart c =
        new HeatMapChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(map.title())
            .xAxisTitle(map.columnTitle())
            .yAxisTitle(map.rowTitle())
            .build();
    c.getStyler().setPlotContentSize(1);
    c.getStyler().setShowValue(true);
    c.getStyler().setRangeColors(HEAT);
    c.getStyler().setValueFontColor(VALUE_TEXT);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setXAxisLabelRotation(map.columnLabels().size() > 5 ? 45 : 0);
    List<String> rows = map.rowLabels().isEmpty() ? List.of("(none)") : map.rowLabels();
    List<String> columns = map.columnLabels().isEmpty() ? List.of("(none)") : map.columnLabels();
    List<Number[]> cells = new ArrayList<>();
    int n = map.rowLabels().size();
    for (int r = 0; r < n; r++) {
      for (int col = 0; col < columns.size(); col++) {
        // XChart counts y upwards; the first row label belongs at the top
        cells.add(new Number[] {col, n - 1 - r, map.value(r, col)});
      }
    }
    if (cells.isEmpty()) {
      cells.add(new Number[] {0, 0, 0});
    }
    List<String> yLabels = new ArrayList<>(rows);
    java.util.Collections.reverse(yLabels);
    c.addSeries(map.title(), columns, yLabels, cells);
    return c;
  }
}
