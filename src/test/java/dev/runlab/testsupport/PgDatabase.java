package dev.runlab.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh PostgreSQL database on the machine's server (127.0.0.1:5432, user postgres, trust
 * authentication), for one test class: created by {@link #create}, dropped by {@link #close}
 * (sessions still connected are ended). Queries run over a new connection each time, like psql.
 */
public final class PgDatabase implements AutoCloseable {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 5432;
  public static final String USER = "postgres";

  public final String name;

  private PgDatabase(String name) {
    this.name = name;
  }

  /** A new empty database named {@code rl_<prefix>_<random>}. */
  public static PgDatabase create(String prefix) {
    String name =
        "rl_"
            + prefix.toLowerCase(Locale.ROOT)
            + "_"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    admin("CREATE DATABASE " + name);
    return new PgDatabase(name);
  }

  /** The URL runlab takes: {@code postgresql://postgres@127.0.0.1:5432/NAME}. */
  public String url() {
    return "postgresql://" + USER + "@" + HOST + ":" + PORT + "/" + name;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
  }

  /** A new connection to the database. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, "");
  }

  /** Every row of {@code sql} as column → value maps, in order. */
  public List<Map<String, Object>> rows(String sql, Object... args) {
    try (Connection c = connect()) {
      return Sql.query(c, sql, args);
    } catch (SQLException e) {
      throw new AssertionError("query failed: " + sql, e);
    }
  }

  /** The number in the first column of the first row of {@code sql}. */
  public long number(String sql, Object... args) {
    List<Map<String, Object>> rows = rows(sql, args);
    return rows.isEmpty() ? 0 : ((Number) rows.get(0).values().iterator().next()).longValue();
  }

  /** Drops every table of the database (a test that wants a fresh store in the same one). */
  public void empty() {
    update("DROP SCHEMA public CASCADE");
    update("CREATE SCHEMA public");
  }

  /** Runs a statement that returns no rows. */
  public void update(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError("statement failed: " + sql, e);
    }
  }

  /** Whether a database of this name exists on the server. */
  public static boolean exists(String name) {
    try (Connection c = DriverManager.getConnection(adminUrl(), USER, "");
        PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    } catch (SQLException e) {
      throw new AssertionError("cannot reach PostgreSQL at " + HOST + ":" + PORT, e);
    }
  }

  @Override
  public void close() {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static String adminUrl() {
    return "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
  }

  private static void admin(String sql) {
    try (Connection c = DriverManager.getConnection(adminUrl(), USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError(
          "PostgreSQL at "
              + HOST
              + ":"
              + PORT
              + " (user "
              + USER
              + ") is needed for this test and failed: "
              + e.getMessage()
              + " — start it (.ci/run does)",
          e);
    }
  }
}
