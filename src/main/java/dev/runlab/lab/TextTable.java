package dev.runlab.lab;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.WCWidth;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Renders a Tablesaw table as a boxed text table within a {@link Display}'s limits, with numbers
 * right-aligned and an "N rows × M columns" footer. Widths are display widths, as a terminal shows
 * them (JLine's {@link WCWidth}): a CJK character or an emoji takes two columns, a combining mark
 * none; a long value is cut between characters, never inside a surrogate pair. Thread-safe
 * (stateless).
 */
public final class TextTable {
  private TextTable() {}

  public static String render(Table table, Display display) {
    int rows = table.rowCount();
    int columns = table.columnCount();
    int shownColumns = Math.min(columns, display.maxColumns());
    List<Integer> rowIndexes = rowsToShow(rows, display.maxRows());
    List<String[]> cells = new ArrayList<>();
    boolean[] numeric = new boolean[shownColumns];
    String[] header = new String[shownColumns];
    for (int c = 0; c < shownColumns; c++) {
      Column<?> column = table.column(c);
      numeric[c] = column instanceof NumericColumn;
      header[c] = cut(column.name(), display.maxColumnWidth());
    }
    for (int r : rowIndexes) {
      String[] row = new String[shownColumns];
      for (int c = 0; c < shownColumns; c++) {
        row[c] = r < 0 ? "…" : cell(table.column(c), r, display.maxColumnWidth());
      }
      cells.add(row);
    }
    int[] widths = widths(header, cells);
    StringBuilder out = new StringBuilder();
    line(out, widths, '┌', '┬', '┐');
    row(out, header, widths, new boolean[shownColumns]);
    line(out, widths, '├', '┼', '┤');
    for (String[] row : cells) {
      row(out, row, widths, numeric);
    }
    line(out, widths, '└', '┴', '┘');
    out.append(rows)
        .append(rows == 1 ? " row" : " rows")
        .append(" × ")
        .append(columns)
        .append(columns == 1 ? " column" : " columns");
    if (shownColumns < columns) {
      out.append(" (").append(columns - shownColumns).append(" not shown)");
    }
    return out.toString();
  }

  /** The row indexes to print: all, or the first and last ones around a gap marked -1. */
  static List<Integer> rowsToShow(int rows, int maxRows) {
    List<Integer> shown = new ArrayList<>();
    if (rows <= maxRows) {
      for (int r = 0; r < rows; r++) {
        shown.add(r);
      }
      return shown;
    }
    int head = (maxRows + 1) / 2;
    int tail = maxRows - head;
    for (int r = 0; r < head; r++) {
      shown.add(r);
    }
    shown.add(-1);
    for (int r = rows - tail; r < rows; r++) {
      shown.add(r);
    }
    return shown;
  }

  private static String cell(Column<?> column, int row, int maxWidth) {
    if (column.isMissing(row)) {
      return "";
    }
    String text = column.getString(row).replace("\r", "").replace('\n', '⏎').replace('\t', ' ');
    return cut(text, maxWidth);
  }

  /** {@code text} within {@code maxWidth} columns: whole, or cut and ended with an ellipsis. */
  static String cut(String text, int maxWidth) {
    if (width(text) <= maxWidth) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      int w = width(codePoint);
      if (used + w > maxWidth - 1) {
        break;
      }
      out.appendCodePoint(codePoint);
      used += w;
      i += Character.charCount(codePoint);
    }
    return out.append('…').toString();
  }

  /** The columns {@code text} takes on a terminal. */
  static int width(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      width += width(codePoint);
      i += Character.charCount(codePoint);
    }
    return width;
  }

  private static int width(int codePoint) {
    return Math.max(0, WCWidth.wcwidth(codePoint)); // a control character (-1) takes none
  }

  private static int[] widths(String[] header, List<String[]> cells) {
    int[] widths = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      widths[c] = width(header[c]);
      for (String[] row : cells) {
        widths[c] = Math.max(widths[c], width(row[c]));
      }
    }
    return widths;
  }

  private static void line(StringBuilder out, int[] widths, char left, char mid, char right) {
    out.append(left);
    for (int c = 0; c < widths.length; c++) {
      out.append("─".repeat(widths[c] + 2)).append(c == widths.length - 1 ? right : mid);
    }
    if (widths.length == 0) {
      out.append(right);
    }
    out.append('\n');
  }

  private static void row(StringBuilder out, String[] values, int[] widths, boolean[] right) {
    out.append('│');
    for (int c = 0; c < widths.length; c++) {
      String v = values[c];
      String pad = " ".repeat(widths[c] - width(v));
      out.append(' ').append(right[c] ? pad + v : v + pad).append(" │");
    }
    out.append('\n');
  }
}
