package dev.runlab.store;

import dev.runlab.store.Results.PendingNarrative;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The leases of a run on a shared PostgreSQL store, where several workers (processes, machines)
 * answer the narratives of one experiment. A worker claims narratives in pages: pending rows whose
 * lease ran out or was never given (a failed attempt's retry, a dead worker's work), then
 * narratives without a row yet, for which the claim inserts a pending row. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}; a lease lasts {@code run.lease_seconds} by the database's clock
 * and is renewed while the worker lives. A result is accepted from the lease holder, or for a row
 * still pending; another worker's final result stands. Not thread-safe (one connection).
 */
public final class SharedResults {
  private final Database db;
  private final Dialect dialect;
  private long lastFreshRow;

  public SharedResults(Database db) {
    if (!db.isPostgres()) {
      throw new IllegalArgumentException("leases need a shared PostgreSQL store");
    }
    this.db = db;
    this.dialect = db.dialect();
  }

  /**
   * Claims up to {@code limit} narratives for {@code worker}, in file order: when {@code freed},
   * first rows whose lease is free (a dead worker's, given back, or never given), then narratives
   * after {@code afterRow} that have no row yet. One claiming worker at a time (a
   * transaction-scoped advisory lock), so two never race for the same new narratives. Looking for
   * free leases reads every pending row's index entry, those of rows answered since the last vacuum
   * too: callers look now and then, not at every claim.
   */
  public List<PendingNarrative> claim(
      long experimentId,
      long datasetId,
      String worker,
      int leaseSeconds,
      long afterRow,
      int limit,
      boolean freed) {
    return db.inTransaction(
        () -> {
          try (Statement s = db.connection().createStatement()) {
            // a claim lost in a crash only means its narratives are claimed again
            s.execute("SET LOCAL synchronous_commit = off");
            s.execute(
                "SELECT pg_advisory_xact_lock("
                    + (Database.LOCK_KEY + 1)
                    + ", "
                    + experimentId
                    + ")");
          }
          List<PendingNarrative> claimed =
              freed
                  ? new ArrayList<>(freed(experimentId, datasetId, worker, leaseSeconds, limit))
                  : new ArrayList<>();
          if (claimed.size() < limit) {
            claimed.addAll(
                fresh(
                    experimentId,
                    datasetId,
                    worker,
                    leaseSeconds,
                    afterRow,
                    limit - claimed.size()));
          }
          return claimed;
        });
  }

  private List<PendingNarrative> freed(
      long experimentId, long datasetId, String worker, int leaseSeconds, int limit)
      throws SQLException {
    String sql =
        "WITH claimed AS ("
            + " UPDATE narrative_results r SET lease_owner = ?, lease_until = "
            + dialect.clockPlus("?")
            + " WHERE r.result_id IN ("
            + "  SELECT result_id FROM narrative_results"
            + "   WHERE experiment_id = ? AND status = 'pending'"
            + "     AND (lease_until IS NULL OR lease_until < "
            + dialect.clock()
            + ")"
            + "   ORDER BY result_id LIMIT ? FOR UPDATE SKIP LOCKED)"
            + " RETURNING r.narrative_id, r.attempt_count, r.failure_count)"
            + " SELECT s.row_number, s.narrative_id, s.text, s.label, s.fields_json,"
            + "        c.attempt_count, c.failure_count"
            + "   FROM claimed c JOIN source_narratives s"
            + "     ON s.dataset_id = ? AND s.narrative_id = c.narrative_id"
            + "  ORDER BY s.row_number";
    try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
      ps.setString(1, worker);
      ps.setInt(2, leaseSeconds);
      ps.setLong(3, experimentId);
      ps.setInt(4, limit);
      ps.setLong(5, datasetId);
      return read(ps);
    }
  }

  /**
   * The next narratives after {@code afterRow} in file order that no one has claimed yet: the next
   * {@code limit} narratives of the file are given rows, and those that had one already (another
   * worker's, or an earlier run's) are stepped over. Each step reads a range of the file by its
   * index, whatever the planner thinks of the result table's size; the cursor moves past every
   * narrative looked at.
   */
  private List<PendingNarrative> fresh(
      long experimentId, long datasetId, String worker, int leaseSeconds, long afterRow, int limit)
      throws SQLException {
    String now = dialect.clock();
    String sql =
        "WITH pick AS ("
            + " SELECT s.row_number, s.narrative_id, s.text, s.label, s.fields_json"
            + "   FROM source_narratives s WHERE s.dataset_id = ? AND s.row_number > ?"
            + "  ORDER BY s.row_number LIMIT ?),"
            + " claimed AS ("
            + " INSERT INTO narrative_results (experiment_id, narrative_id, status, attempt_count,"
            + "   failure_count, created_at, updated_at, lease_owner, lease_until)"
            + " SELECT ?, narrative_id, 'pending', 0, 0, "
            + now
            + ", "
            + now
            + ", ?, "
            + dialect.clockPlus("?")
            + "   FROM pick"
            + " ON CONFLICT (experiment_id, narrative_id) DO NOTHING"
            + " RETURNING narrative_id)"
            + " SELECT p.row_number, p.narrative_id, p.text, p.label, p.fields_json,"
            + "        c.narrative_id IS NOT NULL"
            + "   FROM pick p LEFT JOIN claimed c ON c.narrative_id = p.narrative_id"
            + "  ORDER BY p.row_number";
    List<PendingNarrative> mine = new ArrayList<>();
    long after = afterRow;
    try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
      while (mine.isEmpty()) {
        ps.setLong(1, datasetId);
        ps.setLong(2, after);
        ps.setInt(3, limit);
        ps.setLong(4, experimentId);
        ps.setString(5, worker);
        ps.setInt(6, leaseSeconds);
        int looked = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            looked++;
            after = rs.getLong(1);
            if (rs.getBoolean(6)) {
              mine.add(
                  new PendingNarrative(
                      after,
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      0,
                      0));
            }
          }
        }
        if (looked < limit) {
          break; // the end of the file
        }
      }
    }
    lastFreshRow = Math.max(lastFreshRow, after);
    return mine;
  }

  /**
   * The row number of the last narrative this connection's claims looked at: where the next claim
   * of new narratives starts (every narrative up to it has a row).
   */
  public long lastFreshRow() {
    return lastFreshRow;
  }

  private static List<PendingNarrative> read(PreparedStatement ps) throws SQLException {
    List<PendingNarrative> page = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        page.add(PendingNarrative.read(rs));
      }
    }
    return page;
  }

  /**
   * Plans each of this connection's claims with its values (PostgreSQL's plan_cache_mode): a claim
   * prepared while the result table was small would keep a plan that scans it whole as it grows.
   * For the connection that claims; the writer's statements look rows up by key in any plan, and
   * planning them again for every batch would cost more than it saves.
   */
  public void planEachClaim() {
    try {
      db.execute("SET plan_cache_mode = force_custom_plan");
    } catch (SQLException e) {
      throw new StoreException("preparing the claims' connection: " + e.getMessage(), e);
    }
  }

  /**
   * Makes this connection's plans look rows up by key (no sequential scans): for the writer, whose
   * every statement, and every foreign key check of the rows it inserts, finds rows by key. The
   * check against the experiment's row is planned once per connection; planned while that table
   * held a row or two, it would scan the table, which grows by a row version at every commit.
   */
  public void lookUpByKey() {
    try {
      db.execute("SET enable_seqscan = off");
    } catch (SQLException e) {
      throw new StoreException("preparing the writer's connection: " + e.getMessage(), e);
    }
  }

  /** Refreshes the planner's statistics of the result table (PostgreSQL's ANALYZE). */
  public void analyze() {
    try {
      db.execute("ANALYZE narrative_results");
    } catch (SQLException e) {
      throw new StoreException("analyzing narrative_results: " + e.getMessage(), e);
    }
  }

  /** Extends every lease {@code worker} holds by {@code leaseSeconds}; returns how many. */
  public int renew(long experimentId, String worker, int leaseSeconds) {
    // rows the worker's writer has locked are being finished: skipped, never waited for (a wait
    // in both directions would be a deadlock)
    return update(
        "UPDATE narrative_results SET lease_until = "
            + dialect.clockPlus("?")
            + " WHERE result_id IN (SELECT result_id FROM narrative_results"
            + "  WHERE experiment_id = ? AND lease_owner = ? AND status = 'pending'"
            + "  FOR UPDATE SKIP LOCKED)",
        leaseSeconds,
        experimentId,
        worker);
  }

  /** Gives back the leases of {@code worker} (a clean stop): others may take them at once. */
  public int release(long experimentId, String worker) {
    return update(
        "UPDATE narrative_results SET lease_owner = NULL, lease_until = NULL"
            + " WHERE experiment_id = ? AND lease_owner = ? AND status = 'pending'",
        experimentId,
        worker);
  }

  /**
   * Ends every lease of the experiment: on resume, when the run's exclusive lock shows that no
   * worker is alive to hold one.
   */
  public int clearLeases(long experimentId) {
    return update(
        "UPDATE narrative_results SET lease_owner = NULL, lease_until = NULL"
            + " WHERE experiment_id = ? AND status = 'pending' AND lease_until IS NOT NULL",
        experimentId);
  }

  /**
   * Whether a claim may find something: a pending row without a live lease, or narratives after
   * {@code afterRow} not looked at yet (a claim steps over those other workers took and moves the
   * cursor past them, so this is true at most once more for them). No anti-join against the result
   * table: planned as if that table were empty, it would scan it whole.
   */
  public boolean claimable(long experimentId, long datasetId, long afterRow) {
    String sql =
        "SELECT EXISTS (SELECT 1 FROM narrative_results WHERE experiment_id = ?"
            + "   AND status = 'pending' AND (lease_until IS NULL OR lease_until < "
            + dialect.clock()
            + "))"
            + " OR EXISTS (SELECT 1 FROM source_narratives WHERE dataset_id = ?"
            + "   AND row_number > ?)";
    try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
      ps.setLong(1, experimentId);
      ps.setLong(2, datasetId);
      ps.setLong(3, afterRow);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw new StoreException("looking for work in experiment " + experimentId, e);
    }
  }

  /** Narratives of the experiment with a final result (ok or error), by the store's rows. */
  public long finished(long experimentId) {
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                "SELECT count(*) FROM narrative_results"
                    + " WHERE experiment_id = ? AND status <> 'pending'")) {
      ps.setLong(1, experimentId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("counting results of experiment " + experimentId, e);
    }
  }

  /** The updates of a batch that the store accepts, and how many narratives they finish. */
  public record Accepted(List<ResultUpdate> updates, long newlyFinished, long newErrors) {
    /**
     * Every update of {@code batch} accepted, each final one finishing a narrative: a writer that
     * no other writer races (SQLite, or a worker alone), which reads only narratives without a
     * final result.
     */
    public static Accepted all(List<ResultUpdate> batch) {
      long finished = 0;
      long errors = 0;
      for (ResultUpdate u : batch) {
        if (u.finalResult()) {
          finished++;
          if (ResultUpdate.ERROR.equals(u.status())) {
            errors++;
          }
        }
      }
      return new Accepted(batch, finished, errors);
    }
  }

  /**
   * Inside the writer's transaction: locks the batch's rows and keeps the updates that may be
   * written (from the lease holder, or for a row still pending), counting the narratives they
   * finish and the change in final errors. The rows stay locked until the commit, so the counts are
   * exact however many workers write.
   */
  public Accepted accept(long experimentId, String worker, List<ResultUpdate> batch)
      throws SQLException {
    Map<String, String[]> rows = new HashMap<>();
    if (!batch.isEmpty()) {
      Array ids =
          db.connection()
              .createArrayOf("text", batch.stream().map(ResultUpdate::narrativeId).toArray());
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement(
                  "SELECT narrative_id, status, lease_owner FROM narrative_results"
                      + " WHERE experiment_id = ? AND narrative_id = ANY(?)"
                      + " ORDER BY narrative_id FOR UPDATE")) {
        ps.setLong(1, experimentId);
        ps.setArray(2, ids);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
          }
        }
      }
    }
    List<ResultUpdate> accepted = new ArrayList<>(batch.size());
    long finished = 0;
    long errors = 0;
    for (ResultUpdate u : batch) {
      String[] row = rows.get(u.narrativeId());
      String was = row == null ? ResultUpdate.PENDING : row[0];
      boolean wasFinal = !ResultUpdate.PENDING.equals(was);
      if (wasFinal && !worker.equals(row[1])) {
        continue; // another worker's final result stands
      }
      accepted.add(u);
      if (u.finalResult() && !wasFinal) {
        finished++;
      }
      errors +=
          (ResultUpdate.ERROR.equals(u.status()) ? 1 : 0)
              - (ResultUpdate.ERROR.equals(was) ? 1 : 0);
      rows.put(u.narrativeId(), new String[] {u.status(), row == null ? worker : row[1]});
    }
    return new Accepted(accepted, finished, errors);
  }

  private int update(String sql, Object... args) {
    try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("updating leases: " + e.getMessage(), e);
    }
  }
}
