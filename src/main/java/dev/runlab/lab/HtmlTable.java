package dev.runlab.lab;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Renders a Tablesaw table as an HTML {@code <table>} within a {@link Display}'s row and column
 * limits, text escaped, numbers right-aligned, with a caption (the table's name) and an "N rows × M
 * columns" footer. The table sits in a box that scrolls sideways when it is wider than the page,
 * and long texts wrap inside their cells (cut at {@value #MAX_TEXT} characters, or at the display's
 * {@code maxColumnWidth} when one was set). Thread-safe (stateless).
 */
public final class HtmlTable {
  /** The longest text shown in a cell when no cell width was set. */
  static final int MAX_TEXT = 300;

  /** The box around a table: it scrolls instead of spilling out of the page's column. */
  static final String SCROLL_BOX =
      "<div class=\"runlab-table\" style=\"overflow-x:auto;max-width:100%\">";

  private static final String CELL = "vertical-align:top;overflow-wrap:anywhere;max-width:40em";

  private HtmlTable() {}

  public static String render(Table table, Display display) {
    int rows = table.rowCount();
    int columns = Math.min(table.columnCount(), display.maxColumns());
    int maxText = display.maxColumnWidth() > 0 ? display.maxColumnWidth() : MAX_TEXT;
    StringBuilder out = new StringBuilder(SCROLL_BOX).append("\n<table class=\"runlab\">\n");
    if (!table.name().isEmpty()) {
      out.append("<caption>").append(escape(table.name())).append("</caption>\n");
    }
    out.append("<thead><tr>");
    for (int c = 0; c < columns; c++) {
      out.append("<th>").append(escape(table.column(c).name())).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    for (int r : TextTable.rowsToShow(rows, display.maxRows())) {
      out.append("<tr>");
      for (int c = 0; c < columns; c++) {
        Column<?> column = table.column(c);
        boolean numeric = column instanceof NumericColumn;
        out.append(numeric ? "<td style=\"text-align:right\">" : "<td style=\"" + CELL + "\">");
        if (r < 0) {
          out.append("…");
        } else if (!column.isMissing(r)) {
          out.append(escape(TextTable.cut(column.getString(r), maxText)));
        }
        out.append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table>\n</div>\n<p><small>")
        .append(rows)
        .append(rows == 1 ? " row" : " rows")
        .append(" × ")
        .append(table.columnCount())
        .append(table.columnCount() == 1 ? " column" : " columns");
    if (columns < table.columnCount()) {
      int hidden = table.columnCount() - columns;
      out.append(" (+").append(hidden).append(hidden == 1 ? " column" : " columns").append(')');
    }
    return out.append("</small></p>").toString();
  }

  /** {@code text} safe inside HTML elements and double-quoted attributes. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
