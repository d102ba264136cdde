package dev.runlab.store;

import dev.runlab.RunlabException;
import dev.runlab.experiment.Status;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code experiments} table and its audit log {@code experiment_events}. Every status change
 * goes through {@link #changeStatus}, which writes the event in the same transaction. Not
 * thread-safe (uses one {@link Database} connection).
 */
public final class Experiments {
  private static final String COLUMNS =
      """
      experiment_id, name, status, model, provider, config_json, config_hash, config_path,
      data_path, data_checksum, dataset_id, n_narratives_total, n_narratives_completed, n_errors,
      started_at, completed_at, last_progress_update, estimated_completion_time, recent_rate,
      active_seconds, control_request, status_message, n_requests, n_rate_limited,
      prompt_tokens_total, completion_tokens_total, backoff_until, pacing_json
      """;
  private static final String INSERT =
      """
      INSERT INTO experiments (name, status, model, provider, config_json, config_hash,
        config_path, data_path, data_checksum, dataset_id, n_narratives_total, started_at,
        last_progress_update)
      VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """;
  private static final String INSERT_EVENT =
      """
      INSERT INTO experiment_events (experiment_id, event_time, event_type, from_status, to_status,
        message, pid, host)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      """;

  private static final String RECORD_PROGRESS =
      """
      UPDATE experiments
         SET n_narratives_completed = ?, n_errors = ?, last_progress_update = ?,
             estimated_completion_time = ?, recent_rate = ?, active_seconds = ?,
             n_requests = n_requests + ?, n_rate_limited = n_rate_limited + ?,
             prompt_tokens_total = prompt_tokens_total + ?,
             completion_tokens_total = completion_tokens_total + ?,
             backoff_until = ?, pacing_json = ?
       WHERE experiment_id = ?
      """;

  private final Database db;
  private final Clock clock;
  private PreparedStatement progressUpdate;
  private PreparedStatement controlQuery;

  public Experiments(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The fields of a new experiment; it starts as running. */
  public record NewExperiment(
      String name,
      String model,
      String provider,
      String configJson,
      String configHash,
      String configPath,
      String dataPath,
      String dataChecksum,
      long datasetId,
      long total) {}

  /** Inserts a new running experiment and its {@code started} event; returns its id. */
  public long create(NewExperiment e) {
    return db.inTransaction(
        () -> {
          long id;
          try (PreparedStatement ps = db.connection().prepareStatement(INSERT)) {
            String now = Timestamps.format(clock.instant());
            ps.setString(1, e.name());
            ps.setString(2, e.model());
            ps.setString(3, e.provider());
            ps.setString(4, e.configJson());
            ps.setString(5, e.configHash());
            ps.setString(6, e.configPath());
            ps.setString(7, e.dataPath());
            ps.setString(8, e.dataChecksum());
            ps.setLong(9, e.datasetId());
            ps.setLong(10, e.total());
            ps.setString(11, now);
            ps.setString(12, now);
            ps.executeUpdate();
            id = db.lastInsertRowid();
          }
          insertEvent(id, "started", null, Status.RUNNING, e.total() + " narratives, " + e.model());
          return id;
        });
  }

  public Optional<ExperimentRecord> find(long id) {
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement("SELECT " + COLUMNS + " FROM experiments WHERE experiment_id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("reading experiment " + id + ": " + e.getMessage(), e);
    }
  }

  /** The experiment, or a usage error (exit 2) that names the database and how to list ids. */
  public ExperimentRecord get(long id) {
    return find(id)
        .orElseThrow(
            () ->
                RunlabException.usage(
                    "experiment "
                        + id
                        + " does not exist in "
                        + db.location().display()
                        + "; list the experiments with `runlab list`"));
  }

  /** All experiments, newest first. */
  public List<ExperimentRecord> list() {
    List<ExperimentRecord> all = new ArrayList<>();
    try (PreparedStatement ps =
            db.connection()
                .prepareStatement(
                    "SELECT " + COLUMNS + " FROM experiments ORDER BY experiment_id DESC");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        all.add(read(rs));
      }
    } catch (SQLException e) {
      throw new StoreException("listing experiments: " + e.getMessage(), e);
    }
    return all;
  }

  /** The newest experiment that a resume could continue (running, paused or failed). */
  public Optional<ExperimentRecord> latestIncomplete() {
    return list().stream().filter(e -> e.status().isIncomplete()).findFirst();
  }

  /**
   * Moves the experiment from {@code from} to {@code to} and logs it, in one transaction; false
   * (and nothing written) when its status is no longer {@code from}.
   */
  public boolean changeStatus(long id, Status from, Status to, String message) {
    return db.inTransaction(() -> changeStatusInTransaction(id, from, to, message));
  }

  /** As {@link #changeStatus}, for a caller that already holds a transaction. */
  public boolean changeStatusInTransaction(long id, Status from, Status to, String message)
      throws SQLException {
    String now = Timestamps.format(clock.instant());
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                """
                UPDATE experiments
                   SET status = ?, status_message = ?, control_request = NULL,
                       completed_at = CASE WHEN ? = 'completed' THEN ? ELSE completed_at END
                 WHERE experiment_id = ? AND status = ?
                """)) {
      ps.setString(1, to.dbValue());
      ps.setString(2, message);
      ps.setString(3, to.dbValue());
      ps.setString(4, now);
      ps.setLong(5, id);
      ps.setString(6, from.dbValue());
      if (ps.executeUpdate() == 0) {
        return false;
      }
    }
    insertEvent(id, "status_change", from, to, message);
    return true;
  }

  /**
   * What a run's writer stores with each committed batch: progress counters, the ETA, and the
   * request accounting since the previous commit (added to the totals).
   */
  public record Progress(
      long completed,
      long errors,
      java.time.Instant eta,
      Double recentRate,
      double activeSeconds,
      long newRequests,
      long newRateLimited,
      long newPromptTokens,
      long newCompletionTokens,
      java.time.Instant backoffUntil,
      String pacingJson) {}

  /**
   * Stores {@code progress} inside the caller's transaction and returns the pending control request
   * written by another process, or null.
   */
  public ControlRequest recordProgressInTransaction(long id, Progress p) throws SQLException {
    if (progressUpdate == null) {
      // prepared once per connection: a run's writer calls this with every batch
      progressUpdate = db.connection().prepareStatement(RECORD_PROGRESS);
      controlQuery =
          db.connection()
              .prepareStatement("SELECT control_request FROM experiments WHERE experiment_id = ?");
    }
    PreparedStatement ps = progressUpdate;
    bindProgress(ps, p.completed(), p.errors(), p, clock, id);
    ps.executeUpdate();
    controlQuery.setLong(1, id);
    try (ResultSet rs = controlQuery.executeQuery()) {
      return rs.next() ? ControlRequest.fromDb(id, rs.getString(1)) : null;
    }
  }

  /**
   * Binds a progress update's 13 parameters: the two counters (set or added), now, the ETA, the
   * rate, the active time, the four request counts, the backoff, the pacing, the experiment.
   */
  static void bindProgress(
      PreparedStatement ps, long completed, long errors, Progress p, Clock clock, long id)
      throws SQLException {
    ps.setLong(1, completed);
    ps.setLong(2, errors);
    ps.setString(3, Timestamps.format(clock.instant()));
    ps.setString(4, Timestamps.format(p.eta()));
    if (p.recentRate() == null) {
      ps.setNull(5, Types.REAL);
    } else {
      ps.setDouble(5, p.recentRate());
    }
    ps.setDouble(6, p.activeSeconds());
    ps.setLong(7, p.newRequests());
    ps.setLong(8, p.newRateLimited());
    ps.setLong(9, p.newPromptTokens());
    ps.setLong(10, p.newCompletionTokens());
    ps.setString(11, Timestamps.format(p.backoffUntil()));
    ps.setString(12, p.pacingJson());
    ps.setLong(13, id);
  }

  /** Writes a pause or cancel request for the process that runs the experiment. */
  public boolean requestControl(long id, ControlRequest request) {
    return db.inTransaction(
        () -> {
          try (PreparedStatement ps =
              db.connection()
                  .prepareStatement(
                      "UPDATE experiments SET control_request = ?"
                          + " WHERE experiment_id = ? AND status = 'running'")) {
            ps.setString(1, request.dbValue());
            ps.setLong(2, id);
            if (ps.executeUpdate() == 0) {
              return false;
            }
          }
          insertEvent(
              id,
              request.dbValue() + "_requested",
              null,
              null,
              "by process " + ProcessHandle.current().pid());
          return true;
        });
  }

  /** Records an event in its own transaction. */
  public void event(Long experimentId, String type, String message) {
    db.inTransaction(
        () -> {
          insertEvent(experimentId, type, null, null, message);
          return null;
        });
  }

  /** Records an event inside the caller's transaction. */
  public void insertEvent(Long experimentId, String type, Status from, Status to, String message)
      throws SQLException {
    try (PreparedStatement ps = db.connection().prepareStatement(INSERT_EVENT)) {
      if (experimentId == null) {
        ps.setNull(1, Types.INTEGER);
      } else {
        ps.setLong(1, experimentId);
      }
      ps.setString(2, Timestamps.format(clock.instant()));
      ps.setString(3, type);
      ps.setString(4, from == null ? null : from.dbValue());
      ps.setString(5, to == null ? null : to.dbValue());
      ps.setString(6, message);
      ps.setLong(7, ProcessHandle.current().pid());
      ps.setString(8, Hostname.get());
      ps.executeUpdate();
    }
  }

  /** The audit log of one experiment, oldest first. */
  public List<Event> events(long id) {
    List<Event> events = new ArrayList<>();
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                """
                SELECT event_time, event_type, from_status, to_status, message, pid, host
                  FROM experiment_events WHERE experiment_id = ? ORDER BY event_id
                """)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          events.add(
              new Event(
                  Timestamps.parse(rs.getString(1)),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getLong(6),
                  rs.getString(7)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("reading events of experiment " + id + ": " + e.getMessage(), e);
    }
    return events;
  }

  /** One row of {@code experiment_events}. */
  public record Event(
      java.time.Instant time,
      String type,
      String fromStatus,
      String toStatus,
      String message,
      long pid,
      String host) {}

  /** Replaces the stored resolved config (operational settings changed on resume). */
  public void updateConfigInTransaction(long id, String configJson, String configHash)
      throws SQLException {
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                "UPDATE experiments SET config_json = ?, config_hash = ? WHERE experiment_id = ?")) {
      ps.setString(1, configJson);
      ps.setString(2, configHash);
      ps.setLong(3, id);
      ps.executeUpdate();
    }
  }

  private static ExperimentRecord read(ResultSet rs) throws SQLException {
    double rate = rs.getDouble(19);
    Double recentRate = rs.wasNull() ? null : rate;
    return new ExperimentRecord(
        rs.getLong(1),
        rs.getString(2),
        Status.fromDb(rs.getString(3)),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getLong(11),
        rs.getLong(12),
        rs.getLong(13),
        rs.getLong(14),
        Timestamps.parse(rs.getString(15)),
        Timestamps.parse(rs.getString(16)),
        Timestamps.parse(rs.getString(17)),
        Timestamps.parse(rs.getString(18)),
        recentRate,
        rs.getDouble(20),
        rs.getString(21),
        rs.getString(22),
        rs.getLong(23),
        rs.getLong(24),
        rs.getLong(25),
        rs.getLong(26),
        Timestamps.parse(rs.getString(27)),
        rs.getString(28));
  }
}
