package dev.runlab.run;

import dev.runlab.LockHeldException;
import dev.runlab.store.Database;
import dev.runlab.store.DbLocation;
import dev.runlab.store.Postgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock of an experiment on a PostgreSQL store: the advisory lock ({@code runl}, id) held on a
 * connection of its own for the run's life, so that the server releases it when the holder's
 * connection ends (a crash, kill -9, a lost machine). The run takes it exclusively for the resume
 * checks, then shares it ({@link #admitWorkers}) so that {@code runlab join} workers can take it
 * too; a second run needs it exclusively and is refused (exit 4) while anyone holds it. The
 * holder's host and PID travel in the connection's {@code application_name}, which is what a
 * refusal names. Thread-safe; {@link #close()} is idempotent.
 */
public final class AdvisoryLock implements RunLock {
  private static final Set<String> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

  private final DbLocation.Postgres db;
  private final long id;
  private final Connection connection;
  private final String previousHolder;
  private final boolean run; // the run's lock (tracked in HELD_IN_THIS_JVM), not a worker's
  private boolean exclusive;
  private boolean released;
  private boolean alone;

  /** The key of the "alone" lock (with the experiment's id): see {@link #holdsAloneLock}. */
  private static final int ALONE_KEY = Database.LOCK_KEY + 2;

  private AdvisoryLock(
      DbLocation.Postgres db, long id, Connection c, boolean exclusive, String previous) {
    this.db = db;
    this.id = id;
    this.connection = c;
    this.exclusive = exclusive;
    this.run = exclusive;
    this.previousHolder = previous;
  }

  private static String key(DbLocation.Postgres db, long id) {
    return db.display() + "#" + id;
  }

  static boolean heldInThisJvm(DbLocation.Postgres db, long id) {
    return HELD_IN_THIS_JVM.contains(key(db, id));
  }

  /** The run's lock: exclusive until {@link #admitWorkers}; exit 4 naming holders when taken. */
  static AdvisoryLock acquire(DbLocation.Postgres db, long id) {
    checkId(id);
    if (!HELD_IN_THIS_JVM.add(key(db, id))) {
      throw held(id, List.of("this process (" + ProcessHandle.current().pid() + ")"), false);
    }
    Connection c = null;
    try {
      c = Postgres.connect(db, "run " + id);
      if (!tryLock(c, "pg_try_advisory_lock", id)) {
        List<String> holders = holders(c, id);
        c.close();
        HELD_IN_THIS_JVM.remove(key(db, id));
        throw held(id, holders, false);
      }
      return new AdvisoryLock(db, id, c, true, deadWorkers(c, id));
    } catch (SQLException e) {
      closeQuietly(c);
      HELD_IN_THIS_JVM.remove(key(db, id));
      throw new dev.runlab.store.StoreException(
          "taking the lock of experiment " + id + " at " + db.display() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (!(e instanceof LockHeldException)) {
        closeQuietly(c);
        HELD_IN_THIS_JVM.remove(key(db, id));
      }
      throw e;
    }
  }

  /**
   * A worker's share of the lock of a running experiment ({@code runlab join}); exit 4 when a
   * process holds it exclusively (a run doing its resume checks, or a stop in progress).
   */
  public static AdvisoryLock join(DbLocation.Postgres db, long id) {
    checkId(id);
    Connection c = null;
    try {
      c = Postgres.connect(db, "worker " + id);
      if (!tryLock(c, "pg_try_advisory_lock_shared", id)) {
        List<String> holders = holders(c, id);
        c.close();
        throw held(id, holders, true);
      }
      return new AdvisoryLock(db, id, c, false, null);
    } catch (SQLException e) {
      closeQuietly(c);
      throw new dev.runlab.store.StoreException(
          "taking the lock of experiment " + id + " at " + db.display() + ": " + e.getMessage(), e);
    }
  }

  /** Whether any live process holds the lock of experiment {@code id} (exclusively or shared). */
  static boolean held(DbLocation.Postgres db, long id) {
    if (heldInThisJvm(db, id)) {
      return true;
    }
    try (Connection c = Postgres.connect(db, "check " + id)) {
      return !holders(c, id).isEmpty();
    } catch (SQLException e) {
      return true; // cannot tell: not a crash to report
    }
  }

  private static void checkId(long id) {
    if (id < 1 || id > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("experiment ids on PostgreSQL lock as 32-bit keys: " + id);
    }
  }

  private static boolean tryLock(Connection c, String function, long id) throws SQLException {
    return tryLock(c, function, Database.LOCK_KEY, id);
  }

  private static boolean tryLock(Connection c, String function, int key, long id)
      throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + function + "(" + key + ", " + id + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** "process PID on HOST" for each session that holds the lock, as its application_name says. */
  private static List<String> holders(Connection c, long id) throws SQLException {
    List<String> holders = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT a.application_name, a.client_addr, l.mode FROM pg_locks l"
                + " JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2"
                + " AND l.classid = "
                + Database.LOCK_KEY
                + " AND l.objid = "
                + id
                + " AND l.database = (SELECT oid FROM pg_database"
                + " WHERE datname = current_database())"
                + " ORDER BY l.mode DESC, a.backend_start")) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          holders.add(describe(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return holders;
  }

  /** "runlab run 5 1234@host" → "process 1234 on host" (a worker: "worker process ..."). */
  static String describe(String applicationName, String clientAddress) {
    String[] parts = applicationName == null ? new String[0] : applicationName.split(" ");
    if (parts.length == 4 && parts[0].equals("runlab") && parts[3].contains("@")) {
      String pid = parts[3].substring(0, parts[3].indexOf('@'));
      String host = parts[3].substring(parts[3].indexOf('@') + 1);
      return (parts[1].equals("worker") ? "worker process " : "process ") + pid + " on " + host;
    }
    return "a session from " + (clientAddress == null ? "a local socket" : clientAddress);
  }

  private static LockHeldException held(long id, List<String> holders, boolean joining) {
    String who = holders.isEmpty() ? "another process" : String.join(", ", holders);
    String message =
        joining
            ? "experiment "
                + id
                + " is held exclusively by "
                + who
                + " (a run doing its resume checks, or a stop); join again in a moment"
            : "experiment "
                + id
                + " is already being run by "
                + who
                + " (PostgreSQL advisory lock); wait for it to finish, or stop it with `runlab pause "
                + id
                + "`";
    return new LockHeldException(message);
  }

  /**
   * The workers of the experiment still registered as running although the lock was free: they died
   * without stopping. Marked failed; the newest is named as the lock's previous holder.
   */
  private static String deadWorkers(Connection c, long id) throws SQLException {
    String previous = null;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT pid, host FROM workers WHERE experiment_id = ? AND status = 'running'"
                + " ORDER BY heartbeat_at DESC")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          previous = rs.getLong(1) + " on " + rs.getString(2);
        }
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return null; // no workers table yet (a store being created)
      }
      throw e;
    }
    if (previous != null) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE workers SET status = 'failed', message = 'gone without stopping'"
                  + " WHERE experiment_id = ? AND status = 'running'")) {
        ps.setLong(1, id);
        ps.executeUpdate();
      }
    }
    return previous;
  }

  @Override
  public String previousHolder() {
    return previousHolder;
  }

  @Override
  public synchronized void admitWorkers() {
    if (!exclusive || released) {
      return;
    }
    try (Statement s = connection.createStatement()) {
      // before any worker can join: the run's worker reads alone until it releases this one
      alone = tryLock(connection, "pg_try_advisory_lock", ALONE_KEY, id);
      s.execute("SELECT pg_advisory_lock_shared(" + Database.LOCK_KEY + ", " + id + ")");
      s.execute("SELECT pg_advisory_unlock(" + Database.LOCK_KEY + ", " + id + ")");
      exclusive = false;
    } catch (SQLException e) {
      throw new dev.runlab.store.StoreException(
          "sharing the lock of experiment " + id + " with workers: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized boolean holdsAloneLock() {
    return alone && !released;
  }

  @Override
  public synchronized void releaseAlone() {
    if (!alone || released) {
      return;
    }
    try (Statement s = connection.createStatement()) {
      s.execute("SELECT pg_advisory_unlock(" + ALONE_KEY + ", " + id + ")");
      alone = false;
    } catch (SQLException e) {
      throw new dev.runlab.store.StoreException(
          "letting workers of experiment " + id + " claim: " + e.getMessage(), e);
    }
  }

  /**
   * A joining worker's turn: true when no run's worker reads alone any longer (the "alone" lock is
   * free), asked on the worker's own connection {@code c}.
   */
  static boolean aloneLockFree(Connection c, long id) throws SQLException {
    if (!tryLock(c, "pg_try_advisory_lock_shared", ALONE_KEY, id)) {
      return false;
    }
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_unlock_shared(" + ALONE_KEY + ", " + id + ")");
    }
    return true;
  }

  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    closeQuietly(connection); // the server releases every lock of the session
    if (run) {
      HELD_IN_THIS_JVM.remove(key(db, id));
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // the session is gone, and its locks with it
      }
    }
  }
}
