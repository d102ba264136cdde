package dev.runlab.store;

import dev.runlab.experiment.Status;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The progress counters of an experiment that several workers run on a shared store: each commit
 * adds what it finished instead of setting the counts it knows, and reads back the experiment's
 * own. Not thread-safe (one connection).
 */
public final class SharedCounters {
  private final Database db;
  private final Clock clock;

  public SharedCounters(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The experiment's counts and state after a shared run's commit. */
  public record SharedProgress(
      long completed, long errors, Status status, ControlRequest control) {}

  /**
   * A shared run's commit (many workers): adds the narratives this batch finished and the change in
   * errors to the counters instead of setting them, stores the rest of {@code p} (the largest
   * active time of any worker), and returns the experiment's counts and state after it.
   */
  public SharedProgress addInTransaction(
      long id, long newlyFinished, long newErrors, Experiments.Progress p) throws SQLException {
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                """
                UPDATE experiments
                   SET n_narratives_completed = n_narratives_completed + ?,
                       n_errors = n_errors + ?, last_progress_update = ?,
                       estimated_completion_time = ?, recent_rate = ?,
                       active_seconds = GREATEST(active_seconds, ?),
                       n_requests = n_requests + ?, n_rate_limited = n_rate_limited + ?,
                       prompt_tokens_total = prompt_tokens_total + ?,
                       completion_tokens_total = completion_tokens_total + ?,
                       backoff_until = ?, pacing_json = ?
                 WHERE experiment_id = ?
                RETURNING n_narratives_completed, n_errors, status, control_request
                """)) {
      Experiments.bindProgress(ps, newlyFinished, newErrors, p, clock, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new SharedProgress(
            rs.getLong(1),
            rs.getLong(2),
            Status.fromDb(rs.getString(3)),
            ControlRequest.fromDb(id, rs.getString(4)));
      }
    }
  }

  /** Sets the counters to the counts of the result rows (a shared run's start). */
  public void setCounts(long id, long completed, long errors) {
    db.inTransaction(
        () -> {
          try (PreparedStatement ps =
              db.connection()
                  .prepareStatement(
                      "UPDATE experiments SET n_narratives_completed = ?, n_errors = ?"
                          + " WHERE experiment_id = ?")) {
            ps.setLong(1, completed);
            ps.setLong(2, errors);
            ps.setLong(3, id);
            ps.executeUpdate();
          }
          return null;
        });
  }
}
