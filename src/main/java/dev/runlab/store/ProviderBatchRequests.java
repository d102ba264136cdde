package dev.runlab.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The reads of {@code provider_batch_requests}: the narratives a submission holds, joined with
 * their data (to render a batch's input again) or with their result rows (to ingest its results).
 * Not thread-safe (one {@link Database} connection).
 */
public final class ProviderBatchRequests {
  private final Database db;

  public ProviderBatchRequests(Database db) {
    this.db = db;
  }

  /** A request of a submission with its narrative, for rendering the batch's input again. */
  public record RequestNarrative(int seq, String customId, Results.PendingNarrative narrative) {}

  /** The requests after {@code afterSeq} with their narratives of {@code datasetId}, in order. */
  public List<RequestNarrative> requestNarratives(
      String submissionId, long datasetId, int afterSeq, int limit) {
    List<RequestNarrative> page = new ArrayList<>();
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                """
                SELECT q.seq, q.custom_id, s.row_number, s.narrative_id, s.text, s.label,
                       s.fields_json
                  FROM provider_batch_requests q
                  JOIN source_narratives s
                    ON s.dataset_id = ? AND s.narrative_id = q.narrative_id
                 WHERE q.submission_id = ? AND q.seq > ?
                 ORDER BY q.seq
                 LIMIT ?
                """)) {
      ps.setLong(1, datasetId);
      ps.setString(2, submissionId);
      ps.setInt(3, afterSeq);
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          page.add(
              new RequestNarrative(
                  rs.getInt(1),
                  rs.getString(2),
                  new Results.PendingNarrative(
                      rs.getLong(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getString(7),
                      0,
                      0)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException(
          "reading the requests of submission " + submissionId + ": " + e.getMessage(), e);
    }
    return page;
  }

  /** A narrative of a submission, with its result row's counts and status (0 and null: none). */
  public record Held(
      String customId, String narrativeId, int attempts, int failures, String status) {}

  /** Every narrative a submission holds, with its result row as it is now. */
  public List<Held> held(String submissionId) {
    List<Held> all = new ArrayList<>();
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                """
                SELECT q.custom_id, q.narrative_id, COALESCE(r.attempt_count, 0),
                       COALESCE(r.failure_count, 0), r.status
                  FROM provider_batch_requests q
                  JOIN provider_batches b ON b.submission_id = q.submission_id
                  LEFT JOIN narrative_results r
                    ON r.experiment_id = b.experiment_id AND r.narrative_id = q.narrative_id
                 WHERE q.submission_id = ?
                 ORDER BY q.seq
                """)) {
      ps.setString(1, submissionId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          all.add(
              new Held(
                  rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getString(5)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException(
          "reading the narratives of submission " + submissionId + ": " + e.getMessage(), e);
    }
    return all;
  }
}
