package dev.runlab.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code workers} table: the processes working on an experiment of a shared store, each with a
 * heartbeat by the database's clock. A worker whose heartbeat is older than {@link #LIVE_SECONDS}
 * no longer counts as live (its share of the rate limits goes to the others). Not thread-safe (one
 * connection).
 */
public final class Workers {
  /** How old a heartbeat may be for its worker to count as live. */
  public static final int LIVE_SECONDS = 10;

  private final Database db;

  public Workers(Database db) {
    this.db = db;
  }

  /** One row of {@code workers}. */
  public record Worker(
      String workerId,
      String host,
      long pid,
      Instant startedAt,
      Instant heartbeatAt,
      String status,
      long completed,
      String message,
      boolean live) {}

  /** Registers {@code workerId} of this process as running experiment {@code experimentId}. */
  public void register(String workerId, long experimentId) {
    String now = db.dialect().clock();
    update(
        "INSERT INTO workers (worker_id, experiment_id, host, pid, started_at, heartbeat_at,"
            + " status) VALUES (?, ?, ?, ?, "
            + now
            + ", "
            + now
            + ", 'running')",
        workerId,
        experimentId,
        Hostname.get(),
        ProcessHandle.current().pid());
  }

  /**
   * The heartbeat of {@code workerId} with what it has finished so far; returns the number of live
   * workers of the experiment (at least 1: this one).
   */
  public int heartbeat(String workerId, long experimentId, long completed) {
    update(
        "UPDATE workers SET heartbeat_at = "
            + db.dialect().clock()
            + ", n_completed = ? WHERE worker_id = ?",
        completed,
        workerId);
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                "SELECT count(*) FROM workers WHERE experiment_id = ? AND status = 'running'"
                    + " AND heartbeat_at >= "
                    + db.dialect().clockPlus("?"))) {
      ps.setLong(1, experimentId);
      ps.setInt(2, -LIVE_SECONDS);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Math.max(1, rs.getInt(1));
      }
    } catch (SQLException e) {
      throw new StoreException("reading the workers of experiment " + experimentId, e);
    }
  }

  /**
   * Whether a worker other than {@code workerId} runs experiment {@code experimentId} by its
   * heartbeat (one that registered moments ago counts).
   */
  public boolean othersLive(String workerId, long experimentId) {
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM workers WHERE experiment_id = ?"
                    + " AND status = 'running' AND worker_id <> ? AND heartbeat_at >= "
                    + db.dialect().clockPlus("?")
                    + ")")) {
      ps.setLong(1, experimentId);
      ps.setString(2, workerId);
      ps.setInt(3, -LIVE_SECONDS);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw new StoreException("reading the workers of experiment " + experimentId, e);
    }
  }

  /** Marks {@code workerId} stopped (or failed) with a message and its final count. */
  public void stop(String workerId, String status, long completed, String message) {
    update(
        "UPDATE workers SET status = ?, n_completed = ?, message = ?, heartbeat_at = "
            + db.dialect().clock()
            + " WHERE worker_id = ?",
        status,
        completed,
        message,
        workerId);
  }

  /** The workers of an experiment, the running ones first, newest first. */
  public List<Worker> of(long experimentId) {
    List<Worker> all = new ArrayList<>();
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                "SELECT worker_id, host, pid, started_at, heartbeat_at, status, n_completed,"
                    + " message, heartbeat_at >= "
                    + db.dialect().clockPlus("?")
                    + " FROM workers WHERE experiment_id = ?"
                    + " ORDER BY CASE WHEN status = 'running' THEN 0 ELSE 1 END,"
                    + " started_at DESC")) {
      ps.setInt(1, -LIVE_SECONDS);
      ps.setLong(2, experimentId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          all.add(
              new Worker(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getLong(3),
                  Timestamps.parse(rs.getString(4)),
                  Timestamps.parse(rs.getString(5)),
                  rs.getString(6),
                  rs.getLong(7),
                  rs.getString(8),
                  rs.getBoolean(9) && "running".equals(rs.getString(6))));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("reading the workers of experiment " + experimentId, e);
    }
    return all;
  }

  private void update(String sql, Object... args) {
    try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("updating workers: " + e.getMessage(), e);
    }
  }
}
