package dev.runlab.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A scratch PostgreSQL database on the test server (127.0.0.1:5432, user postgres, trust auth):
 * created with a random name, emptied between tests, dropped at the end. Queries as {@link Sql}
 * does them for SQLite files.
 */
public final class PgDatabase implements AutoCloseable {
  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  static final String USER = "postgres";

  private final String name;

  private PgDatabase(String name) {
    this.name = name;
  }

  /** A new database named {@code prefix_<random>}. */
  public static PgDatabase create(String prefix) {
    String name =
        (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
            .toLowerCase(Locale.ROOT);
    admin("CREATE DATABASE " + name);
    return new PgDatabase(name);
  }

  /** runlab's {@code --db} URL of this database. */
  public String url() {
    return "postgresql://" + USER + "@127.0.0.1:5432/" + name;
  }

  /** Drops every table (runlab's included), for the next test. */
  public void empty() {
    update("DROP SCHEMA public CASCADE");
    update("CREATE SCHEMA public");
  }

  public void update(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError("update failed: " + sql, e);
    }
  }

  /** Every row of {@code sql} as column → value maps, in order; integers as Long. */
  public List<Map<String, Object>> rows(String sql, Object... args) {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= n; i++) {
            Object value = rs.getObject(i);
            row.put(rs.getMetaData().getColumnLabel(i), value);
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new AssertionError("query failed: " + sql, e);
    }
  }

  /** The single value of {@code sql} as a long (0 for no row or NULL). */
  public long number(String sql, Object... args) {
    List<Map<String, Object>> rows = rows(sql, args);
    Object value = rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    return value == null ? 0 : ((Number) value).longValue();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(SERVER + name, USER, "");
  }

  @Override
  public void close() {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void admin(String sql) {
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError(sql + " on the test server failed", e);
    }
  }
}
