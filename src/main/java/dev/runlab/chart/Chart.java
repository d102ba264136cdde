package dev.runlab.chart;

import java.util.List;

/**
 * A chart as data: what to draw, not how. Renders headless to PNG and SVG ({@link #png()}, {@link
 * #svg()}) for notebooks and reports, and as Unicode text ({@link #text()}, also its {@code
 * toString}) for the terminal lab. Immutable and thread-safe.
 */
public sealed interface Chart permits Chart.Bar, Chart.Line, Chart.Heatmap {
  String title();

  /** The chart as a PNG image (800 × 480). */
  default byte[] png() {
    return ChartImages.png(this);
  }

  /** The chart as an SVG document, without an XML declaration (fit for inline HTML). */
  default String svg() {
    return ChartImages.svg(this);
  }

  /** The width {@link #text()} fits in: the lab's default where the output is no terminal. */
  int DEFAULT_TEXT_WIDTH = 120;

  /** The chart drawn with Unicode block characters, for a terminal of 120 columns. */
  default String text() {
    return text(DEFAULT_TEXT_WIDTH);
  }

  /**
   * The chart drawn with Unicode block characters within {@code width} columns: long labels are
   * cut, bars shortened, and heatmap columns that still do not fit left out with a "+N columns"
   * note.
   */
  default String text(int width) {
    return TextCharts.render(this, width);
  }

  /** One bar per label. */
  record Bar(String title, String valueLabel, List<String> labels, List<Double> values)
      implements Chart {
    public Bar {
      labels = List.copyOf(labels);
      values = List.copyOf(values);
      if (labels.size() != values.size()) {
        throw new IllegalArgumentException(
            "a bar chart needs one value per label: "
                + labels.size()
                + " labels, "
                + values.size()
                + " values");
      }
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /** A line through the points (x[i], y[i]), x ascending. */
  record Line(String title, String xLabel, String yLabel, List<Double> x, List<Double> y)
      implements Chart {
    public Line {
      x = List.copyOf(x);
      y = List.copyOf(y);
      if (x.size() != y.size()) {
        throw new IllegalArgumentException(
            "a line chart needs as many x as y values: " + x.size() + " x, " + y.size() + " y");
      }
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /**
   * A grid of counts or measures: {@code values[row][column]}, rows labelled {@code rowLabels}
   * (drawn top to bottom), columns {@code columnLabels}.
   */
  record Heatmap(
      String title,
      String rowTitle,
      String columnTitle,
      List<String> rowLabels,
      List<String> columnLabels,
      double[][] values)
      implements Chart {
    public Heatmap {
      rowLabels = List.copyOf(rowLabels);
      columnLabels = List.copyOf(columnLabels);
      if (values.length != rowLabels.size()) {
        throw new IllegalArgumentException(
            "a heatmap needs one row of values per row label: "
                + rowLabels.size()
                + " labels, "
                + values.length
                + " rows");
      }
      double[][] copy = new double[values.length][];
      for (int r = 0; r < values.length; r++) {
        if (values[r].length != columnLabels.size()) {
          throw new IllegalArgumentException(
              "heatmap row "
                  + rowLabels.get(r)
                  + " has "
                  + values[r].length
                  + " values for "
                  + columnLabels.size()
                  + " columns");
        }
        copy[r] = values[r].clone();
      }
      values = copy;
    }

    public double value(int row, int column) {
      return values[row][column];
    }

    @Override
    public double[][] values() {
      double[][] copy = new double[values.length][];
      for (int r = 0; r < values.length; r++) {
        copy[r] = values[r].clone();
      }
      return copy;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Heatmap h
          && title.equals(h.title)
          && rowLabels.equals(h.rowLabels)
          && columnLabels.equals(h.columnLabels)
          && java.util.Arrays.deepEquals(values, h.values);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(title, rowLabels, columnLabels)
          + java.util.Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
      return text();
    }
  }
}
