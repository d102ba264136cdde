package dev.runlab.lab;

import dev.runlab.chart.TextWidth;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Renders a Tablesaw table as a boxed text table within a {@link Display}'s limits, with numbers
 * right-aligned and an "N rows × M columns" footer. The table fits in the display's width: the
 * widest text columns are shrunk first (never below {@value #MIN_CELL} columns, or what the cells
 * need when less), then columns are dropped from the right, named in a "+N columns" note. Widths
 * are display widths, as a terminal shows them ({@link TextWidth}): a CJK character or an emoji
 * takes two columns, a combining mark none; a long value is cut between characters, never inside a
 * surrogate pair. Thread-safe (stateless).
 */
public final class TextTable {
  /** The narrowest a text column is shrunk to before columns are dropped. */
  static final int MIN_CELL = 20;

  private TextTable() {}

  public static String render(Table table, Display display) {
    int rows = table.rowCount();
    int columns = table.columnCount();
    int candidates = Math.min(columns, display.maxColumns());
    int cap = display.maxColumnWidth() > 0 ? display.maxColumnWidth() : Integer.MAX_VALUE;
    List<Integer> rowIndexes = rowsToShow(rows, display.maxRows());
    String[] header = new String[candidates];
    boolean[] numeric = new boolean[candidates];
    List<String[]> cells = new ArrayList<>();
    for (int c = 0; c < candidates; c++) {
      Column<?> column = table.column(c);
      numeric[c] = column instanceof NumericColumn;
      header[c] = cut(column.name(), cap);
    }
    for (int r : rowIndexes) {
      String[] row = new String[candidates];
      for (int c = 0; c < candidates; c++) {
        row[c] = r < 0 ? "…" : cell(table.column(c), r, cap);
      }
      cells.add(row);
    }
    int[] widths = fit(naturalWidths(header, cells), numeric, cap, display.width());
    StringBuilder out = new StringBuilder();
    line(out, widths, '┌', '┬', '┐');
    row(out, header, widths, new boolean[widths.length]);
    line(out, widths, '├', '┼', '┤');
    for (String[] row : cells) {
      row(out, row, widths, numeric);
    }
    line(out, widths, '└', '┴', '┘');
    out.append(footer(table, widths.length, display.width()));
    return out.toString();
  }

  /**
   * "3 rows × 7 columns", and "(+2 columns: a, b)" when some are not shown, within {@code width}:
   * names that do not fit end in "…".
   */
  private static String footer(Table table, int shown, int width) {
    int rows = table.rowCount();
    int columns = table.columnCount();
    StringBuilder out =
        new StringBuilder()
            .append(rows)
            .append(rows == 1 ? " row" : " rows")
            .append(" × ")
            .append(columns)
            .append(columns == 1 ? " column" : " columns");
    if (shown < columns) {
      List<String> hidden = table.columnNames().subList(shown, columns);
      out.append(" (+")
          .append(hidden.size())
          .append(hidden.size() == 1 ? " column: " : " columns: ");
      String names = String.join(", ", hidden);
      out.append(cut(names, Math.max(1, width - width(out.toString()) - 1))).append(')');
    }
    return cut(out.toString(), width);
  }

  /**
   * The width of each column shown, in columns of the terminal: all {@code natural} widths when
   * they fit in {@code width}; else the widest text columns shrunk first (not when the cells have a
   * width set by hand, {@code cap}), then the rightmost columns left out (the result is shorter).
   */
  static int[] fit(int[] natural, boolean[] numeric, int cap, int width) {
    boolean shrinkable = cap == Integer.MAX_VALUE;
    for (int shown = natural.length; shown >= 1; shown--) {
      int[] w = java.util.Arrays.copyOf(natural, shown);
      int budget = width - 1 - 3 * shown; // borders and padding: "│ a │ b │"
      if (sum(w) <= budget) {
        return w;
      }
      int fixed = 0;
      int floors = 0;
      int widest = 0;
      for (int c = 0; c < shown; c++) {
        if (numeric[c] || !shrinkable) {
          fixed += w[c];
        } else {
          floors += floor(w[c]);
          widest = Math.max(widest, w[c]);
        }
      }
      if (widest > 0 && fixed + floors <= budget) {
        int limit = largestLimit(w, numeric, budget - fixed, widest);
        for (int c = 0; c < shown; c++) {
          if (!numeric[c]) {
            w[c] = Math.min(w[c], Math.max(limit, floor(w[c])));
          }
        }
        return w;
      }
      if (shown == 1) {
        w[0] = Math.max(1, budget);
        return w;
      }
    }
    return new int[0];
  }

  /** The narrowest a text column of natural width {@code w} is shrunk to. */
  private static int floor(int w) {
    return Math.min(w, MIN_CELL);
  }

  /** The largest cell limit at which the text columns take at most {@code room}. */
  private static int largestLimit(int[] w, boolean[] numeric, int room, int widest) {
    int low = MIN_CELL;
    int high = widest;
    while (low < high) {
      int mid = (low + high + 1) / 2;
      int used = 0;
      for (int c = 0; c < w.length; c++) {
        if (!numeric[c]) {
          used += Math.min(w[c], Math.max(mid, floor(w[c])));
        }
      }
      if (used <= room) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  private static int sum(int[] values) {
    int total = 0;
    for (int v : values) {
      total += v;
    }
    return total;
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
    return TextWidth.cut(text, maxWidth);
  }

  /** The columns {@code text} takes on a terminal. */
  static int width(String text) {
    return TextWidth.of(text);
  }

  private static int[] naturalWidths(String[] header, List<String[]> cells) {
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
      String v = cut(values[c], widths[c]);
      out.append(' ').append(TextWidth.pad(v, widths[c], right[c])).append(" │");
    }
    out.append('\n');
  }
}
