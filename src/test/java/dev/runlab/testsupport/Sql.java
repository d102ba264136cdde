package dev.runlab.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Read-only queries on a runlab database from the test (another connection, like sqlite3). */
public final class Sql {
  private Sql() {}

  /** Every row of {@code sql} as column → value maps, in order. */
  public static List<Map<String, Object>> rows(Path db, String sql, Object... args) {
    if (!Files.exists(db)) {
      return List.of();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement pragma = c.createStatement()) {
        pragma.execute("PRAGMA busy_timeout = 10000");
      }
      return query(c, sql, args);
    } catch (SQLException e) {
      if (String.valueOf(e.getMessage()).contains("no such table")) {
        return List.of(); // the database is still being created
      }
      throw new AssertionError("query failed: " + sql, e);
    }
  }

  static List<Map<String, Object>> query(Connection c, String sql, Object... args)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        int n = r.getMetaData().getColumnCount();
        while (r.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= n; i++) {
            row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  /** Changes a database behind runlab's back (to stage a crash or an old schema). */
  public static void update(Path db, String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 10000");
      s.executeUpdate(sql);
    } catch (SQLException e) {
      throw new AssertionError("update failed: " + sql, e);
    }
  }

  /** The single value of {@code sql} as a long (0 for no row or NULL). */
  public static long number(Path db, String sql, Object... args) {
    List<Map<String, Object>> rows = rows(db, sql, args);
    if (rows.isEmpty()) {
      return 0;
    }
    Object value = rows.get(0).values().iterator().next();
    return value == null ? 0 : ((Number) value).longValue();
  }

  /** The single value of {@code sql} as text, or null. */
  public static String text(Path db, String sql, Object... args) {
    List<Map<String, Object>> rows = rows(db, sql, args);
    if (rows.isEmpty()) {
      return null;
    }
    Object value = rows.get(0).values().iterator().next();
    return value == null ? null : value.toString();
  }

  /** narrative_id → the whole result row of an experiment. */
  public static Map<String, Map<String, Object>> results(Path db, long experimentId) {
    Map<String, Map<String, Object>> byId = new TreeMap<>();
    for (Map<String, Object> row :
        rows(db, "SELECT * FROM narrative_results WHERE experiment_id = ?", experimentId)) {
      byId.put(row.get("narrative_id").toString(), row);
    }
    return byId;
  }

  /** The status of an experiment. */
  public static String status(Path db, long experimentId) {
    return text(db, "SELECT status FROM experiments WHERE experiment_id = ?", experimentId);
  }

  /** The names of an experiment's events, in order. */
  public static List<String> events(Path db, long experimentId) {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> row :
        rows(
            db,
            "SELECT * FROM experiment_events WHERE experiment_id = ? ORDER BY event_id",
            experimentId)) {
      names.add(String.valueOf(row.get("event_type")));
    }
    return names;
  }
}
