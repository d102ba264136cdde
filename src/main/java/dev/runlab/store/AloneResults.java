package dev.runlab.store;

import dev.runlab.store.Results.PendingNarrative;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the run's own worker on a shared PostgreSQL store reads while it is the only worker, and the
 * leases it writes when a second one comes (see SharedResults for the claims of workers among
 * others). Not thread-safe (one connection).
 */
public final class AloneResults {
  private final Database db;
  private final Dialect dialect;
  private final Results file; // the file's narratives in order, as a first run reads them
  private long lastRow;

  public AloneResults(Database db) {
    if (!db.isPostgres()) {
      throw new IllegalArgumentException("a worker reads alone only on a shared PostgreSQL store");
    }
    this.db = db;
    this.dialect = db.dialect();
    this.file = new Results(db);
  }

  /** The row number of the last narrative these pages looked at. */
  public long lastRow() {
    return lastRow;
  }

  /**
   * The next narratives after {@code afterRow} in file order, read without claiming them: for a
   * worker that runs alone (no other worker can take a narrative, so none needs a row or a lease
   * before its answer). With {@code lookUp} (the experiment had result rows when the run began),
   * the page's rows are looked up by key and narratives with a final result are stepped over; the
   * others keep their counts, so a page may hold fewer than {@code limit} narratives (it looks at
   * the next {@code limit}, and at more only when all of those had one). Without it, no narrative
   * after the cursor can have a row yet. Moves {@link #lastRow} past every narrative looked at; an
   * empty page is the end of the file.
   */
  public List<PendingNarrative> alonePage(
      long experimentId, long datasetId, long afterRow, int limit, boolean lookUp) {
    List<PendingNarrative> page = new ArrayList<>();
    long after = afterRow;
    try {
      while (page.isEmpty()) {
        List<PendingNarrative> read = file.firstRunPage(datasetId, after, limit);
        if (read.isEmpty()) {
          break; // the end of the file
        }
        after = read.get(read.size() - 1).rowNumber();
        page.addAll(lookUp ? withoutFinal(experimentId, read) : read);
        if (read.size() < limit) {
          break;
        }
      }
    } catch (SQLException e) {
      throw new StoreException(
          "reading the narratives of experiment " + experimentId + ": " + e.getMessage(), e);
    }
    lastRow = Math.max(lastRow, after);
    return page;
  }

  /** {@code read} without the narratives that have a final result, the rest with their counts. */
  private List<PendingNarrative> withoutFinal(long experimentId, List<PendingNarrative> read)
      throws SQLException {
    Map<String, int[]> pending = new HashMap<>();
    Set<String> done = new HashSet<>();
    Array ids =
        db.connection()
            .createArrayOf("text", read.stream().map(PendingNarrative::narrativeId).toArray());
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                "SELECT narrative_id, status, attempt_count, failure_count"
                    + " FROM narrative_results WHERE experiment_id = ? AND narrative_id = ANY(?)")) {
      ps.setLong(1, experimentId);
      ps.setArray(2, ids);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (ResultUpdate.PENDING.equals(rs.getString(2))) {
            pending.put(rs.getString(1), new int[] {rs.getInt(3), rs.getInt(4)});
          } else {
            done.add(rs.getString(1));
          }
        }
      }
    }
    List<PendingNarrative> left = new ArrayList<>(read.size());
    for (PendingNarrative n : read) {
      int[] counts = pending.get(n.narrativeId());
      if (counts != null) {
        left.add(
            new PendingNarrative(
                n.rowNumber(),
                n.narrativeId(),
                n.text(),
                n.label(),
                n.fieldsJson(),
                counts[0],
                counts[1]));
      } else if (!done.contains(n.narrativeId())) {
        left.add(n);
      }
    }
    return left;
  }

  /**
   * Gives {@code worker} a lease on each of {@code narrativeIds} that has no final result: a
   * pending row is written for those without a row. What a worker that ran alone holds, written
   * when a second worker comes (the other worker waits for it before it claims anything).
   */
  public int leaseHeld(
      long experimentId, String worker, int leaseSeconds, Collection<String> narrativeIds)
      throws SQLException {
    if (narrativeIds.isEmpty()) {
      return 0;
    }
    String now = dialect.clock();
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                "INSERT INTO narrative_results (experiment_id, narrative_id, status,"
                    + "   attempt_count, failure_count, created_at, updated_at, lease_owner,"
                    + "   lease_until)"
                    + " SELECT ?, id, 'pending', 0, 0, "
                    + now
                    + ", "
                    + now
                    + ", ?, "
                    + dialect.clockPlus("?")
                    + "   FROM unnest(?) AS held (id) ORDER BY id"
                    + " ON CONFLICT (experiment_id, narrative_id) DO UPDATE"
                    + "   SET lease_owner = excluded.lease_owner,"
                    + "       lease_until = excluded.lease_until"
                    + "   WHERE narrative_results.status = 'pending'")) {
      ps.setLong(1, experimentId);
      ps.setString(2, worker);
      ps.setInt(3, leaseSeconds);
      ps.setArray(4, db.connection().createArrayOf("text", narrativeIds.toArray()));
      return ps.executeUpdate();
    }
  }
}
