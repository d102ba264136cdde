package dev.runlab.lab;

import java.util.function.IntSupplier;

/**
 * How tables and charts render as text: they fit in {@link #width()} columns (the terminal's width
 * in the lab, read each time a table is shown; a fixed {@value #DEFAULT_WIDTH} where the output is
 * no terminal: pipes, notebooks' text, the kernel). A table too wide for it first has its widest
 * text columns shrunk (values cut with an ellipsis), then loses columns from the right, with a "+N
 * columns" note. At most {@code maxRows} rows are shown (the first and last ones, with a gap line
 * between). Limits set by hand win over the fitting: {@code maxColumnWidth(n)} cuts every cell at n
 * columns and no narrower, {@code maxColumns(n)} shows at most n columns, {@code width(n)} fits in
 * n columns whatever the terminal. The lab's {@code display} object; {@code reset()} goes back to
 * the defaults. Thread-safe.
 */
public final class Display {
  /** The width tables fit in when the output is no terminal. */
  public static final int DEFAULT_WIDTH = 120;

  /** The narrowest width tables fit in: less than this is taken as this. */
  static final int MIN_WIDTH = 20;

  private static final int DEFAULT_ROWS = 20;

  private volatile int maxRows = DEFAULT_ROWS;
  private volatile int maxColumns;
  private volatile int maxColumnWidth;
  private volatile int width;
  private volatile IntSupplier terminalWidth = () -> 0;

  public int maxRows() {
    return maxRows;
  }

  /** The most columns shown, or {@link Integer#MAX_VALUE} when only the width limits them. */
  public int maxColumns() {
    return maxColumns == 0 ? Integer.MAX_VALUE : maxColumns;
  }

  /** The cell width set by hand, or 0 when the fitting decides. */
  public int maxColumnWidth() {
    return maxColumnWidth;
  }

  /**
   * The columns a table may take: as set by {@link #width(int)}, else the terminal's (when the
   * output is one), else {@value #DEFAULT_WIDTH}.
   */
  public int width() {
    int w = width;
    if (w == 0) {
      int terminal = terminalWidth.getAsInt();
      w = terminal > 0 ? terminal : DEFAULT_WIDTH;
    }
    return Math.max(MIN_WIDTH, w);
  }

  public Display maxRows(int rows) {
    maxRows = atLeast(2, "maxRows", rows);
    return this;
  }

  public Display maxColumns(int columns) {
    maxColumns = atLeast(1, "maxColumns", columns);
    return this;
  }

  /** Cuts every cell at {@code width} columns, and never narrower to fit the table. */
  public Display maxColumnWidth(int width) {
    maxColumnWidth = atLeast(4, "maxColumnWidth", width);
    return this;
  }

  /** Fits tables in {@code columns} columns whatever the terminal's width. */
  public Display width(int columns) {
    width = atLeast(MIN_WIDTH, "width", columns);
    return this;
  }

  /**
   * Where the terminal's width comes from (a value of 0 or less: no terminal); the front end that
   * owns the terminal sets it.
   */
  public Display terminalWidth(IntSupplier columns) {
    terminalWidth = columns;
    return this;
  }

  /** Back to the defaults: the terminal's width, 20 rows, columns and cell widths as they fit. */
  public Display reset() {
    maxRows = DEFAULT_ROWS;
    maxColumns = 0;
    maxColumnWidth = 0;
    width = 0;
    return this;
  }

  private static int atLeast(int min, String name, int value) {
    if (value < min) {
      throw new IllegalArgumentException(
          "display." + name + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    int terminal = terminalWidth.getAsInt();
    String widthSource =
        width != 0 ? "set by hand" : terminal > 0 ? "the terminal's" : "no terminal: the default";
    return "display: width "
        + width()
        + " ("
        + widthSource
        + "), maxRows "
        + maxRows
        + ", maxColumns "
        + (maxColumns == 0 ? "as fit" : String.valueOf(maxColumns))
        + ", maxColumnWidth "
        + (maxColumnWidth == 0 ? "as fit" : String.valueOf(maxColumnWidth));
  }
}
