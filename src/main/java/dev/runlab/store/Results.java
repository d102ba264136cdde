package dev.runlab.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code narrative_results} table: one row per narrative and experiment, upserted on every
 * attempt (never deleted and re-inserted), and the query that streams the narratives still without
 * a final result. Not thread-safe (one {@link Database} connection).
 */
public final class Results {
  private static final String INSERT_COLUMNS =
      """
      INSERT INTO narrative_results (experiment_id, narrative_id, status, response_text,
        parsed_label, attempt_count, failure_count, first_error_message, last_error_message,
        error_category, latency_ms, prompt_tokens, completion_tokens, finish_reason,
        system_fingerprint, created_at, updated_at, completed_at)
      VALUES
      """;

  /**
   * Parameters bound per row. The statement numbers its parameters: the experiment id is {@code ?1}
   * for every row of a statement, and a row's error message and time are bound once each although
   * two and three columns take them. The writer binds every row through JNI, so each bind saved is
   * time saved on the run's busiest thread.
   */
  private static final int ROW_PARAMS = 14;

  private static final String ON_CONFLICT =
      """
      ON CONFLICT (experiment_id, narrative_id) DO UPDATE SET
        status = excluded.status,
        response_text = excluded.response_text,
        parsed_label = excluded.parsed_label,
        attempt_count = excluded.attempt_count,
        failure_count = excluded.failure_count,
        first_error_message =
          COALESCE(narrative_results.first_error_message, excluded.first_error_message),
        last_error_message =
          COALESCE(excluded.last_error_message, narrative_results.last_error_message),
        error_category = COALESCE(excluded.error_category, narrative_results.error_category),
        latency_ms = excluded.latency_ms,
        prompt_tokens = excluded.prompt_tokens,
        completion_tokens = excluded.completion_tokens,
        finish_reason = excluded.finish_reason,
        system_fingerprint = excluded.system_fingerprint,
        updated_at = excluded.updated_at,
        completed_at = excluded.completed_at,
        batch_id = NULL,
        lease_until = CASE WHEN excluded.status = 'pending' THEN narrative_results.lease_until END
      """;

  /** Rows per multi-row upsert: one statement step per chunk instead of one per row. */
  static final int CHUNK = 50;

  private static final String PENDING_PAGE =
      """
      SELECT s.row_number, s.narrative_id, s.text, s.label, s.fields_json,
             r.attempt_count, r.failure_count
        FROM source_narratives s
        LEFT JOIN narrative_results r
          ON r.experiment_id = ? AND r.narrative_id = s.narrative_id
       WHERE s.dataset_id = ? AND s.row_number > ?
         AND (r.status IS NULL OR r.status = 'pending')
       ORDER BY s.row_number
       LIMIT ?
      """;

  /**
   * As PENDING_PAGE, leaving out the narratives that a provider batch not yet done with holds: what
   * batch mode may submit (never a narrative a batch may still answer).
   */
  private static final String UNHELD_PENDING_PAGE =
      """
      SELECT s.row_number, s.narrative_id, s.text, s.label, s.fields_json,
             COALESCE(r.attempt_count, 0), COALESCE(r.failure_count, 0)
        FROM source_narratives s
        LEFT JOIN narrative_results r
          ON r.experiment_id = ? AND r.narrative_id = s.narrative_id
       WHERE s.dataset_id = ? AND s.row_number > ?
         AND (r.status IS NULL OR r.status = 'pending')
         AND NOT EXISTS (
               SELECT 1 FROM provider_batch_requests q
                 JOIN provider_batches b ON b.submission_id = q.submission_id
                WHERE q.narrative_id = s.narrative_id AND b.experiment_id = ?
                  AND b.stage NOT IN ('ingested', 'failed', 'abandoned'))
       ORDER BY s.row_number
       LIMIT ?
      """;

  /** As PENDING_PAGE for an experiment without any result row yet: no join needed. */
  private static final String FIRST_RUN_PAGE =
      """
      SELECT s.row_number, s.narrative_id, s.text, s.label, s.fields_json, 0, 0
        FROM source_narratives s
       WHERE s.dataset_id = ? AND s.row_number > ?
       ORDER BY s.row_number
       LIMIT ?
      """;

  private static final String ERROR_PAGE =
      """
      SELECT s.row_number, s.narrative_id, s.text, s.label, s.fields_json,
             r.attempt_count, 0
        FROM source_narratives s
        JOIN narrative_results r
          ON r.experiment_id = ? AND r.narrative_id = s.narrative_id
       WHERE s.dataset_id = ? AND s.row_number > ?
         AND r.status = 'error' AND (CAST(? AS TEXT) IS NULL OR r.error_category = ?)
       ORDER BY s.row_number
       LIMIT ?
      """;

  private final Database db;
  private PreparedStatement upsertOne;
  private PreparedStatement upsertChunk;
  private PositionalUpsert positional;
  private PositionalUpsert insertOnly;
  private final Map<String, PreparedStatement> pageQueries = new HashMap<>();

  public Results(Database db) {
    this.db = db;
  }

  /**
   * Inserts rows for narratives that have none yet, inside the caller's transaction (PostgreSQL: a
   * plain insert costs the server a third less than an upsert). A narrative that has a row after
   * all fails the statement with a unique violation ({@link StoreException#isDuplicate}); the
   * caller then upserts instead.
   */
  public void insertNew(List<ResultUpdate> updates) throws SQLException {
    if (!db.isPostgres()) {
      upsert(updates);
      return;
    }
    if (insertOnly == null) {
      insertOnly = new PositionalUpsert(db, INSERT_COLUMNS + "%s");
    }
    insertOnly.upsert(updates);
  }

  /**
   * Upserts a batch inside the caller's transaction, in order (a narrative may appear twice: a
   * pending attempt, then its final result). Rows go in multi-row statements of {@link #CHUNK}.
   */
  public void upsert(List<ResultUpdate> updates) throws SQLException {
    if (db.isPostgres()) {
      if (positional == null) {
        positional = new PositionalUpsert(db, INSERT_COLUMNS + "%s\n" + ON_CONFLICT);
      }
      positional.upsert(updates);
      return;
    }
    if (upsertOne == null) {
      // prepared once: a run's writer upserts thousands of batches; closed with the connection
      upsertOne = db.connection().prepareStatement(upsertSql(1));
      upsertChunk = db.connection().prepareStatement(upsertSql(CHUNK));
    }
    int i = 0;
    for (; i + CHUNK <= updates.size() && sameExperiment(updates, i, CHUNK); i += CHUNK) {
      upsertChunk.setLong(1, updates.get(i).experimentId());
      for (int r = 0; r < CHUNK; r++) {
        bind(upsertChunk, 1 + r * ROW_PARAMS, updates.get(i + r));
      }
      upsertChunk.executeUpdate();
    }
    if (i == updates.size()) {
      return;
    }
    for (; i < updates.size(); i++) {
      ResultUpdate u = updates.get(i);
      upsertOne.setLong(1, u.experimentId());
      bind(upsertOne, 1, u);
      upsertOne.addBatch();
    }
    upsertOne.executeBatch();
  }

  /** The upsert of {@code rows} rows with numbered parameters: {@code ?1}, then 14 per row. */
  static String upsertSql(int rows) {
    StringBuilder sql = new StringBuilder(INSERT_COLUMNS);
    for (int r = 0; r < rows; r++) {
      int p = 2 + r * ROW_PARAMS; // the row's narrative_id; its status is p + 1, its time p + 13
      sql.append(r == 0 ? "(?1" : ",\n(?1");
      // narrative_id .. error message, the message again (first and last), category .. time twice
      for (int k : new int[] {0, 1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 11, 12, 13, 13}) {
        sql.append(", ?").append(p + k);
      }
      sql.append(", CASE WHEN ?")
          .append(p + 1)
          .append(" = 'pending' THEN NULL ELSE ?")
          .append(p + 13)
          .append(" END)");
    }
    return sql.append('\n').append(ON_CONFLICT).toString();
  }

  private static boolean sameExperiment(List<ResultUpdate> updates, int from, int count) {
    long id = updates.get(from).experimentId();
    for (int r = from + 1; r < from + count; r++) {
      if (updates.get(r).experimentId() != id) {
        return false;
      }
    }
    return true;
  }

  /** Binds one row's 14 parameters after {@code offset} (the statement's ?1 is bound apart). */
  private static void bind(PreparedStatement ps, int offset, ResultUpdate u) throws SQLException {
    ps.setString(offset + 1, u.narrativeId());
    ps.setString(offset + 2, u.status());
    ps.setString(offset + 3, u.responseText());
    ps.setString(offset + 4, u.parsedLabel());
    ps.setInt(offset + 5, u.attemptCount());
    ps.setInt(offset + 6, u.failureCount());
    ps.setString(offset + 7, u.errorMessage());
    ps.setString(offset + 8, u.errorCategory());
    setLong(ps, offset + 9, u.latencyMs());
    setInt(ps, offset + 10, u.promptTokens());
    setInt(ps, offset + 11, u.completionTokens());
    ps.setString(offset + 12, u.finishReason());
    ps.setString(offset + 13, u.systemFingerprint());
    ps.setString(offset + 14, Timestamps.format(u.at()));
  }

  static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setLong(index, value);
    }
  }

  static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setInt(index, value);
    }
  }

  /** A narrative without a final result, with the counts of its earlier attempts (0 if none). */
  public record PendingNarrative(
      long rowNumber,
      String narrativeId,
      String text,
      String label,
      String fieldsJson,
      int attemptCount,
      int failureCount) {

    /** The row of a page query whose first seven columns are these fields, in this order. */
    static PendingNarrative read(ResultSet rs) throws SQLException {
      return new PendingNarrative(
          rs.getLong(1),
          rs.getString(2),
          rs.getString(3),
          rs.getString(4),
          rs.getString(5),
          rs.getInt(6),
          rs.getInt(7));
    }
  }

  /**
   * The next {@code limit} narratives after {@code afterRow} (in file order) that have no final
   * result. Callers page with the last row number they saw, so no cursor stays open.
   */
  public List<PendingNarrative> pendingPage(
      long experimentId, long datasetId, long afterRow, int limit) {
    return page(PENDING_PAGE, experimentId, datasetId, afterRow, limit);
  }

  /**
   * As {@link #pendingPage} for an experiment that has no result row at all (its first run): every
   * narrative of the dataset, read without looking up result rows.
   */
  public List<PendingNarrative> firstRunPage(long datasetId, long afterRow, int limit) {
    return page(FIRST_RUN_PAGE, datasetId, afterRow, limit);
  }

  /**
   * As {@link #pendingPage}, without the narratives held by a provider batch that is not done with
   * (batch mode submits these).
   */
  public List<PendingNarrative> unheldPendingPage(
      long experimentId, long datasetId, long afterRow, int limit) {
    return page(UNHELD_PENDING_PAGE, experimentId, datasetId, afterRow, experimentId, limit);
  }

  /** Whether the experiment has any result row (final or pending). */
  public boolean hasRows(long experimentId) {
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM narrative_results WHERE experiment_id = ?)")) {
      ps.setLong(1, experimentId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw new StoreException(
          "reading results of experiment " + experimentId + ": " + e.getMessage(), e);
    }
  }

  /**
   * As {@link #pendingPage}, for the final error rows (all, or of {@code category}) that a {@code
   * retry-errors} would re-open.
   */
  public List<PendingNarrative> errorPage(
      long experimentId, long datasetId, String category, long afterRow, int limit) {
    return page(ERROR_PAGE, experimentId, datasetId, afterRow, category, category, limit);
  }

  private List<PendingNarrative> page(String sql, Object... args) {
    int limit = (Integer) args[args.length - 1];
    List<PendingNarrative> page = new ArrayList<>(limit);
    try {
      // prepared once per query: a run reads a page of 500 narratives at a time, thousands of them
      PreparedStatement ps = pageQueries.get(sql);
      if (ps == null) {
        ps = db.connection().prepareStatement(sql);
        pageQueries.put(sql, ps);
      }
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          page.add(PendingNarrative.read(rs));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("reading pending narratives: " + e.getMessage(), e);
    }
    return page;
  }

  /** Counts of an experiment's rows by outcome. */
  public record Counts(long ok, long errors, long pending) {
    public long completed() {
      return ok + errors;
    }
  }

  public Counts counts(long experimentId) {
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                """
                SELECT count(CASE WHEN status = 'ok' THEN 1 END),
                       count(CASE WHEN status = 'error' THEN 1 END),
                       count(CASE WHEN status = 'pending' AND attempt_count > 0 THEN 1 END)
                  FROM narrative_results WHERE experiment_id = ?
                """)) {
      ps.setLong(1, experimentId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3));
      }
    } catch (SQLException e) {
      throw new StoreException(
          "counting results of experiment " + experimentId + ": " + e.getMessage(), e);
    }
  }

  /**
   * Re-opens the final error rows of an experiment (all, or of one category) as pending, with a
   * fresh budget of failed attempts; their attempt counts and first errors stay. Runs inside the
   * caller's transaction and returns the number of rows re-opened.
   */
  public int reopenErrors(long experimentId, String category) throws SQLException {
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                """
                UPDATE narrative_results
                   SET status = 'pending', failure_count = 0, completed_at = NULL
                 WHERE experiment_id = ? AND status = 'error'
                   AND (CAST(? AS TEXT) IS NULL OR error_category = ?)
                """)) {
      ps.setLong(1, experimentId);
      ps.setString(2, category);
      ps.setString(3, category);
      return ps.executeUpdate();
    }
  }
}
