package dev.runlab.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of one query, read whole: column labels, the columns' declared SQL types (null for an
 * expression), and the values as the driver returns them (null for NULL). Front ends turn them into
 * tables. The arrays belong to the holder; not thread-safe to change.
 */
public record Rows(List<String> columns, List<String> declaredTypes, List<Object[]> values) {
  public Rows {
    columns = List.copyOf(columns);
    declaredTypes = Collections.unmodifiableList(new ArrayList<>(declaredTypes));
    values = List.copyOf(values);
  }

  /** The index of column {@code label}; an IllegalArgumentException when there is none. */
  public int column(String label) {
    int index = columns.indexOf(label);
    if (index < 0) {
      throw new IllegalArgumentException("no column " + label + " in " + columns);
    }
    return index;
  }

  /**
   * Runs {@code sql} with {@code args}: the rows of a query, or for any other statement one column
   * {@code rows_changed} with its update count.
   */
  static Rows run(Connection connection, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      if (!ps.execute()) {
        List<Object[]> changed = new ArrayList<>();
        changed.add(new Object[] {(long) ps.getUpdateCount()});
        return new Rows(List.of("rows_changed"), List.of("INTEGER"), changed);
      }
      try (ResultSet rs = ps.getResultSet()) {
        return read(rs);
      }
    }
  }

  static Rows read(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int n = meta.getColumnCount();
    List<String> columns = new ArrayList<>();
    List<String> types = new ArrayList<>();
    for (int c = 1; c <= n; c++) {
      columns.add(meta.getColumnLabel(c));
      types.add(meta.getColumnTypeName(c));
    }
    List<Object[]> values = new ArrayList<>();
    while (rs.next()) {
      Object[] row = new Object[n];
      for (int c = 0; c < n; c++) {
        row[c] = rs.getObject(c + 1);
      }
      values.add(row);
    }
    return new Rows(columns, types, values);
  }
}
