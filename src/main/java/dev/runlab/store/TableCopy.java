package dev.runlab.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies rows of one table from one store to another, column by column: the columns both stores'
 * tables have (read from each side's result metadata, so a column only one side knows is left out),
 * streamed from the source and inserted in batches of {@value #BATCH}. Values go as the source's
 * driver returns them (SQLite's and PostgreSQL's integers, reals and text map onto each other). Not
 * thread-safe: it uses both stores' connections.
 */
final class TableCopy {
  static final int BATCH = 1_000;

  private final Database from;
  private final Database to;
  private final Map<String, List<String>> columns = new HashMap<>();

  TableCopy(Database from, Database to) {
    this.from = from;
    this.to = to;
  }

  /**
   * Copies the rows of {@code table} that {@code filter} (an SQL tail: {@code WHERE ... ORDER BY
   * ...}, with {@code args} bound to its parameters) selects at the source. Columns in {@code set}
   * take the given value in every row (a new experiment or data set id); columns in {@code omit}
   * are left for the target to generate. Returns the number of rows copied.
   */
  long copy(
      String table, String filter, List<Object> args, Map<String, Object> set, Set<String> omit)
      throws SQLException {
    List<String> names = new ArrayList<>(columns(table));
    names.removeAll(omit);
    String select = "SELECT " + String.join(", ", names) + " FROM " + table + " " + filter;
    String insert =
        "INSERT INTO "
            + table
            + " ("
            + String.join(", ", names)
            + ") VALUES ("
            + String.join(", ", java.util.Collections.nCopies(names.size(), "?"))
            + ")";
    Object[] fixed = new Object[names.size()];
    boolean[] isFixed = new boolean[names.size()];
    for (int i = 0; i < names.size(); i++) {
      isFixed[i] = set.containsKey(names.get(i));
      fixed[i] = set.get(names.get(i));
    }
    try (PreparedStatement read = from.connection().prepareStatement(select);
        PreparedStatement write = to.connection().prepareStatement(insert)) {
      // PostgreSQL sends rows in pages of this size only inside a transaction (the copy's
      // snapshot); SQLite steps through the rows anyway
      read.setFetchSize(BATCH);
      for (int i = 0; i < args.size(); i++) {
        read.setObject(i + 1, args.get(i));
      }
      try (ResultSet rows = read.executeQuery()) {
        return stream(rows, write, fixed, isFixed);
      }
    }
  }

  private static long stream(
      ResultSet rows, PreparedStatement write, Object[] fixed, boolean[] isFixed)
      throws SQLException {
    long copied = 0;
    int pending = 0;
    while (rows.next()) {
      for (int i = 0; i < fixed.length; i++) {
        write.setObject(i + 1, isFixed[i] ? fixed[i] : rows.getObject(i + 1));
      }
      write.addBatch();
      copied++;
      if (++pending == BATCH) {
        write.executeBatch();
        pending = 0;
      }
    }
    if (pending > 0) {
      write.executeBatch();
    }
    return copied;
  }

  /** The columns of {@code table} both stores have, in the source's order. */
  List<String> columns(String table) throws SQLException {
    List<String> known = columns.get(table);
    if (known == null) {
      Set<String> both = new LinkedHashSet<>(columnsOf(from.connection(), table));
      both.retainAll(columnsOf(to.connection(), table));
      known = List.copyOf(both);
      columns.put(table, known);
    }
    return known;
  }

  private static List<String> columnsOf(Connection connection, String table) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> names = new ArrayList<>();
      for (int c = 1; c <= meta.getColumnCount(); c++) {
        names.add(meta.getColumnName(c).toLowerCase(java.util.Locale.ROOT));
      }
      return names;
    }
  }
}
