package dev.runlab.store;

import dev.runlab.RunlabException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connections to a PostgreSQL store: the password from {@code PGPASSWORD} or {@code ~/.pgpass}
 * (never from runlab's own files), parameters sent untyped (so text binds reach integer columns as
 * they do with SQLite), the process named in {@code application_name} (host and PID: what a refused
 * lock names), and one clear usage error (exit 2) for each way connecting fails.
 */
public final class Postgres {
  private Postgres() {}

  /** The {@code application_name} of this process's connections: "runlab ROLE PID@HOST". */
  public static String applicationName(String role) {
    String name = "runlab " + role + " " + ProcessHandle.current().pid() + "@" + Hostname.get();
    return name.length() > 63 ? name.substring(0, 63) : name; // the server's limit
  }

  /** A new connection for {@code role} (shown in {@code application_name}). */
  public static Connection connect(DbLocation.Postgres db, String role) {
    Properties props = new Properties();
    props.setProperty("user", db.user());
    PgPass.Password password = PgPass.find(db, System.getenv());
    if (password.value() != null) {
      props.setProperty("password", password.value());
    }
    props.setProperty("ApplicationName", applicationName(role));
    props.setProperty("stringtype", "unspecified");
    props.setProperty("connectTimeout", "10");
    props.setProperty("tcpKeepAlive", "true");
    try {
      return DriverManager.getConnection(db.jdbcUrl(), props);
    } catch (SQLException e) {
      throw connectionError(db, e, password.ignoredFile());
    }
  }

  /**
   * The usage error for a connection that failed: what failed, with which parts, what to do; {@code
   * ignoredPassFile}, when not null, is a password file left unread because others may access it,
   * which a refused login names.
   */
  static RunlabException connectionError(
      DbLocation.Postgres db, SQLException e, java.nio.file.Path ignoredPassFile) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String what;
    if (state.equals("3D000")) {
      what =
          "database "
              + db.database()
              + " does not exist on that server; create it (`createdb -h "
              + db.host()
              + " -p "
              + db.port()
              + " -U "
              + db.user()
              + " "
              + db.database()
              + "`) or check the URL";
    } else if (state.equals("28P01") || state.equals("28000")) {
      what =
          "the server refused the login ("
              + firstLine(e)
              + "); check the user, and give the password in PGPASSWORD or a ~/.pgpass line"
              + " (host:port:database:user:password)"
              + (ignoredPassFile == null
                  ? ""
                  : "; "
                      + ignoredPassFile
                      + " was not read: its group or others may access it (`chmod 600 "
                      + ignoredPassFile
                      + "`), and PostgreSQL's own tools ignore it too");
    } else if (state.startsWith("08")) {
      what =
          "the server cannot be reached ("
              + firstLine(e)
              + "); check that PostgreSQL is running there and that host and port are right";
    } else {
      what = firstLine(e) + "; check the server and the URL";
    }
    return RunlabException.usage(
        "cannot connect to PostgreSQL at " + db.display() + " (" + db.parts() + "): " + what);
  }

  private static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /**
   * Runs {@code work} in one transaction, committed when it returns, rolled back when it throws.
   */
  static <T> T inTransaction(Connection connection, Database.Work<T> work, DbLocation where) {
    try {
      connection.setAutoCommit(false);
      boolean done = false;
      try {
        T result = work.run();
        connection.commit();
        done = true;
        return result;
      } finally {
        if (!done) {
          try {
            connection.rollback();
          } catch (SQLException ignored) {
            // the connection is gone: the server rolled the transaction back
          }
        }
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("database " + where.display() + ": " + e.getMessage(), e);
    }
  }
}
