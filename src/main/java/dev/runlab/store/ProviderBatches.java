package dev.runlab.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tables of provider batch mode: {@code provider_batches} (one row per submission, each step
 * recorded before it is taken) and {@code provider_batch_requests} (the narratives a submission
 * holds, by custom_id). Every write is its own transaction unless its name says it joins the
 * caller's. Not thread-safe (one {@link Database} connection).
 */
public final class ProviderBatches {
  private static final String COLUMNS =
      """
      submission_id, batch_id, experiment_id, provider, stage, status, input_file_id,
      output_file_id, error_file_id, results_url, n_requests, n_bytes, n_succeeded, n_errored,
      n_expired, n_cancelled, prompt_tokens, completion_tokens, recorded_at, creating_at,
      created_at, expires_at, completed_at, ingested_at, cancel_requested_at, message
      """;

  private static final String INSERT =
      """
      INSERT INTO provider_batches (submission_id, experiment_id, provider, stage, n_requests,
        n_bytes, recorded_at)
      VALUES (?, ?, ?, 'recorded', ?, ?, ?)
      """;

  private static final String INSERT_REQUEST =
      """
      INSERT INTO provider_batch_requests (submission_id, seq, custom_id, narrative_id)
      VALUES (?, ?, ?, ?)
      """;

  private static final String PROVIDER_STATE =
      """
      UPDATE provider_batches
         SET batch_id = ?, status = ?, stage = CASE WHEN stage = 'creating' THEN 'open' ELSE stage END,
             n_succeeded = ?, n_errored = ?, n_expired = ?, n_cancelled = ?,
             output_file_id = ?, error_file_id = ?, results_url = ?,
             created_at = COALESCE(?, created_at), expires_at = COALESCE(?, expires_at),
             completed_at = COALESCE(?, completed_at)
       WHERE submission_id = ?
      """;

  private final Database db;

  public ProviderBatches(Database db) {
    this.db = db;
  }

  /** A request of a submission: its custom_id and the narrative it asks about. */
  public record Request(int seq, String customId, String narrativeId) {}

  /** The provider's view of a batch, as stored after each reply. */
  public record ProviderState(
      String batchId,
      String status,
      int succeeded,
      int errored,
      int expired,
      int cancelled,
      String outputFileId,
      String errorFileId,
      String resultsUrl,
      Instant createdAt,
      Instant expiresAt,
      Instant completedAt) {}

  /** Records a new submission and the narratives it holds, before anything is sent. */
  public void record(
      String submissionId,
      long experimentId,
      String provider,
      List<Request> requests,
      long bytes,
      Instant now) {
    db.inTransaction(
        () -> {
          try (PreparedStatement ps = db.connection().prepareStatement(INSERT)) {
            ps.setString(1, submissionId);
            ps.setLong(2, experimentId);
            ps.setString(3, provider);
            ps.setInt(4, requests.size());
            ps.setLong(5, bytes);
            ps.setString(6, Timestamps.format(now));
            ps.executeUpdate();
          }
          try (PreparedStatement ps = db.connection().prepareStatement(INSERT_REQUEST)) {
            for (Request r : requests) {
              ps.setString(1, submissionId);
              ps.setInt(2, r.seq());
              ps.setString(3, r.customId());
              ps.setString(4, r.narrativeId());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  /** Moves a submission to {@code stage}, with the time it entered {@code creating}. */
  public void stage(String submissionId, ProviderBatch.Stage stage, Instant now) {
    update(
        "UPDATE provider_batches SET stage = ?,"
            + " creating_at = CASE WHEN ? = 'creating' THEN ? ELSE creating_at END"
            + " WHERE submission_id = ?",
        stage.dbValue(),
        stage.dbValue(),
        Timestamps.format(now),
        submissionId);
  }

  /** The input file is uploaded: its id, and the stage {@code uploaded}. */
  public void uploaded(String submissionId, String fileId) {
    update(
        "UPDATE provider_batches SET stage = 'uploaded', input_file_id = ? WHERE submission_id = ?",
        fileId,
        submissionId);
  }

  /**
   * Stores what the provider says of the submission's batch; a submission in {@code creating}
   * becomes {@code open}: its batch is known to exist.
   */
  public void providerState(String submissionId, ProviderState s) {
    update(
        PROVIDER_STATE,
        s.batchId(),
        s.status(),
        s.succeeded(),
        s.errored(),
        s.expired(),
        s.cancelled(),
        s.outputFileId(),
        s.errorFileId(),
        s.resultsUrl(),
        Timestamps.format(s.createdAt()),
        Timestamps.format(s.expiresAt()),
        Timestamps.format(s.completedAt()),
        submissionId);
  }

  /** The run asked the provider to cancel the batch. */
  public void cancelRequested(String submissionId, Instant now) {
    update(
        "UPDATE provider_batches SET cancel_requested_at = COALESCE(cancel_requested_at, ?)"
            + " WHERE submission_id = ?",
        Timestamps.format(now),
        submissionId);
  }

  /** Ends a submission without results: {@code failed} (rejected) or {@code abandoned}. */
  public void close(String submissionId, ProviderBatch.Stage stage, String message, Instant now) {
    update(
        "UPDATE provider_batches SET stage = ?, message = ?,"
            + " completed_at = COALESCE(completed_at, ?) WHERE submission_id = ?",
        stage.dbValue(),
        message,
        Timestamps.format(now),
        submissionId);
  }

  /** What ingesting a batch's results counted, stored with its results. */
  public record Ingested(
      int succeeded,
      int errored,
      int expired,
      int cancelled,
      long promptTokens,
      long completionTokens,
      String message) {}

  /**
   * Marks the submission ingested with its counts, and names its batch in each of its narratives'
   * result rows; inside the caller's transaction, the one that writes those results.
   */
  public void ingestedInTransaction(String submissionId, String batchId, Ingested i, Instant now)
      throws SQLException {
    execute(
        """
        UPDATE provider_batches
           SET stage = 'ingested', n_succeeded = ?, n_errored = ?, n_expired = ?, n_cancelled = ?,
               prompt_tokens = ?, completion_tokens = ?, message = ?, ingested_at = ?
         WHERE submission_id = ?
        """,
        i.succeeded(),
        i.errored(),
        i.expired(),
        i.cancelled(),
        i.promptTokens(),
        i.completionTokens(),
        i.message(),
        Timestamps.format(now),
        submissionId);
    execute(
        """
        UPDATE narrative_results SET batch_id = ?
         WHERE experiment_id = (SELECT experiment_id FROM provider_batches WHERE submission_id = ?)
           AND narrative_id IN
               (SELECT narrative_id FROM provider_batch_requests WHERE submission_id = ?)
        """,
        batchId,
        submissionId,
        submissionId);
  }

  /** The experiment's submissions not done with (see {@link ProviderBatch.Stage#terminal}). */
  public List<ProviderBatch> unfinished(long experimentId) {
    return select(
        "WHERE experiment_id = ? AND stage NOT IN ('ingested', 'failed', 'abandoned')"
            + " ORDER BY recorded_at, submission_id",
        experimentId);
  }

  /** Every submission of the experiment, oldest first. */
  public List<ProviderBatch> all(long experimentId) {
    return select("WHERE experiment_id = ? ORDER BY recorded_at, submission_id", experimentId);
  }

  public ProviderBatch get(String submissionId) {
    List<ProviderBatch> found = select("WHERE submission_id = ?", submissionId);
    if (found.isEmpty()) {
      throw new StoreException("no provider batch submission " + submissionId, null);
    }
    return found.get(0);
  }

  /** Every provider batch id this database knows, of any experiment. */
  public Set<String> knownBatchIds() {
    Set<String> ids = new HashSet<>();
    try (PreparedStatement ps =
            db.connection()
                .prepareStatement(
                    "SELECT batch_id FROM provider_batches WHERE batch_id IS NOT NULL");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new StoreException("reading provider batches: " + e.getMessage(), e);
    }
    return ids;
  }

  private List<ProviderBatch> select(String where, Object... args) {
    List<ProviderBatch> rows = new ArrayList<>();
    try (PreparedStatement ps =
        db.connection().prepareStatement("SELECT " + COLUMNS + " FROM provider_batches " + where)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(read(rs));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("reading provider batches: " + e.getMessage(), e);
    }
    return rows;
  }

  private static ProviderBatch read(ResultSet rs) throws SQLException {
    return new ProviderBatch(
        rs.getString(1),
        rs.getString(2),
        rs.getLong(3),
        rs.getString(4),
        ProviderBatch.Stage.fromDb(rs.getString(5)),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getInt(11),
        rs.getLong(12),
        rs.getInt(13),
        rs.getInt(14),
        rs.getInt(15),
        rs.getInt(16),
        rs.getLong(17),
        rs.getLong(18),
        Timestamps.parse(rs.getString(19)),
        Timestamps.parse(rs.getString(20)),
        Timestamps.parse(rs.getString(21)),
        Timestamps.parse(rs.getString(22)),
        Timestamps.parse(rs.getString(23)),
        Timestamps.parse(rs.getString(24)),
        Timestamps.parse(rs.getString(25)),
        rs.getString(26));
  }

  private void update(String sql, Object... args) {
    db.inTransaction(
        () -> {
          execute(sql, args);
          return null;
        });
  }

  private void execute(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
      bind(ps, args);
      ps.executeUpdate();
    }
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      if (args[i] == null) {
        ps.setNull(i + 1, Types.VARCHAR);
      } else {
        ps.setObject(i + 1, args[i]);
      }
    }
  }
}
