package dev.runlab.lab;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Renders a Tablesaw table as an HTML {@code <table>} within a {@link Display}'s limits (the same
 * rows and columns as {@link TextTable}), text escaped, numbers right-aligned, with a caption (the
 * table's name) and an "N rows × M columns" footer. Thread-safe (stateless).
 */
public final class HtmlTable {
  private HtmlTable() {}

  public static String render(Table table, Display display) {
    int rows = table.rowCount();
    int columns = Math.min(table.columnCount(), display.maxColumns());
    StringBuilder out = new StringBuilder("<table class=\"runlab\">\n");
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
        out.append(numeric ? "<td style=\"text-align:right\">" : "<td>");
        if (r < 0) {
          out.append("…");
        } else if (!column.isMissing(r)) {
          out.append(escape(TextTable.cut(column.getString(r), display.maxColumnWidth() * 4)));
        }
        out.append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table>\n<p><small>")
        .append(rows)
        .append(rows == 1 ? " row" : " rows")
        .append(" × ")
        .append(table.columnCount())
        .append(table.columnCount() == 1 ? " column" : " columns");
    if (columns < table.columnCount()) {
      out.append(" (").append(table.columnCount() - columns).append(" not shown)");
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
