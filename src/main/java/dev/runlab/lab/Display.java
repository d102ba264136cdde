package dev.runlab.lab;

/**
 * How tables render as text: at most {@code maxRows} rows (the first and last ones, with a gap line
 * between), {@code maxColumns} columns, and {@code maxColumnWidth} characters per cell (longer
 * values end in an ellipsis). The lab's {@code display} object; change it with {@code
 * display.maxRows(50)}. Thread-safe.
 */
public final class Display {
  private volatile int maxRows = 20;
  private volatile int maxColumns = 12;
  private volatile int maxColumnWidth = 40;

  public int maxRows() {
    return maxRows;
  }

  public int maxColumns() {
    return maxColumns;
  }

  public int maxColumnWidth() {
    return maxColumnWidth;
  }

  public Display maxRows(int rows) {
    maxRows = atLeast(2, "maxRows", rows);
    return this;
  }

  public Display maxColumns(int columns) {
    maxColumns = atLeast(1, "maxColumns", columns);
    return this;
  }

  public Display maxColumnWidth(int width) {
    maxColumnWidth = atLeast(4, "maxColumnWidth", width);
    return this;
  }

  private static int atLeast(int min, String name, int value) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "display: maxRows "
        + maxRows
        + ", maxColumns "
        + maxColumns
        + ", maxColumnWidth "
        + maxColumnWidth;
  }
}
