package dev.runlab.lab;

import dev.runlab.store.Rows;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Turns the {@link Rows} of a query into Tablesaw tables. Column types come from the values
 * (SQLite's are per value, not per column): whole numbers become long columns, other numbers double
 * columns, the rest text; NULL stays missing. A column without any value (no rows, or all NULL)
 * takes its declared SQL type, or text when it has none (an expression).
 */
public final class Tables {
  private Tables() {}

  /** The rows of a query as a table named {@code name}. */
  public static Table of(String name, Rows rows) {
    Table table = Table.create(name);
    List<String> used = new ArrayList<>();
    for (int c = 0; c < rows.columns().size(); c++) {
      String label = unique(rows.columns().get(c), used);
      table.addColumns(column(label, rows.values(), c, rows.declaredTypes().get(c)));
    }
    return table;
  }

  /**
   * Shows the numbers of {@code column} (percentages, 0 to 100) with a % sign, e.g. {@code 12.5%};
   * the values stay numbers. Nothing happens when the table has no such numeric column.
   */
  public static void percent(Table table, String column) {
    if (table.columnNames().contains(column)
        && table.column(column) instanceof NumberColumn<?, ?> numbers) {
      numbers.setPrintFormatter(
          new DecimalFormat("0.0'%'", DecimalFormatSymbols.getInstance(Locale.ROOT)), "");
    }
  }

  private static String unique(String label, List<String> used) {
    String candidate = label;
    for (int i = 2; used.contains(candidate); i++) {
      candidate = label + "_" + i;
    }
    used.add(candidate);
    return candidate;
  }

  private static Column<?> column(String name, List<Object[]> rows, int c, String declared) {
    boolean integral = true;
    boolean numeric = true;
    boolean anyValue = false;
    for (Object[] row : rows) {
      Object v = row[c];
      if (v == null) {
        continue;
      }
      anyValue = true;
      if (!(v instanceof Number)) {
        numeric = false;
        integral = false;
        break;
      }
      if (!(v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)) {
        integral = false;
      }
    }
    if (!anyValue) {
      // no value to judge by (no rows, or all NULL): the declared type, else text
      String type = declared == null ? "" : declared.toUpperCase(java.util.Locale.ROOT);
      integral = type.contains("INT");
      numeric = integral || type.contains("REAL") || type.contains("DOUB") || type.contains("FLOA");
    }
    if (integral && numeric) {
      LongColumn col = LongColumn.create(name);
      rows.forEach(r -> append(col, r[c]));
      return col;
    }
    if (numeric) {
      DoubleColumn col = DoubleColumn.create(name);
      for (Object[] r : rows) {
        if (r[c] == null) {
          col.appendMissing();
        } else {
          col.append(((Number) r[c]).doubleValue());
        }
      }
      return col;
    }
    StringColumn col = StringColumn.create(name);
    for (Object[] r : rows) {
      if (r[c] == null) {
        col.appendMissing();
      } else {
        col.append(r[c].toString());
      }
    }
    return col;
  }

  private static void append(LongColumn col, Object v) {
    if (v == null) {
      col.appendMissing();
    } else {
      col.append(((Number) v).longValue());
    }
  }
}
