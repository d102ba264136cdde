package dev.runlab.lab;

import dev.runlab.store.Database;
import dev.runlab.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The scored results of one experiment, read once: one row per narrative with a gold label whose
 * result counts (an {@code ok} answer, or a model outcome: {@code truncated}, {@code refusal},
 * {@code parse_error}). Labels are compared lower-cased and trimmed, as in {@link Evaluation}; a
 * model outcome predicts {@code (category)}, which never equals a gold label.
 */
record Scoring(long experimentId, List<Scored> rows) {
  static final Set<String> MODEL_OUTCOMES = Set.of("truncated", "refusal", "parse_error");

  private static final String ROWS =
      """
      SELECT r.narrative_id, s.label, r.status, r.parsed_label, r.error_category, s.text
        FROM narrative_results r
        JOIN experiments e ON e.experiment_id = r.experiment_id
        JOIN source_narratives s ON s.dataset_id = e.dataset_id AND s.narrative_id = r.narrative_id
       WHERE r.experiment_id = ? AND s.label IS NOT NULL AND trim(s.label) <> ''
         AND (r.status = 'ok'
              OR (r.status = 'error' AND r.error_category IN ('truncated', 'refusal', 'parse_error')))
       ORDER BY s.row_number
      """;

  /** One scored narrative: its gold label and what the model predicted, both normalized. */
  record Scored(String narrativeId, String gold, String predicted, String text) {
    boolean correct() {
      return gold.equals(predicted);
    }
  }

  static Scoring read(Database db, long experimentId) {
    List<Scored> rows = new ArrayList<>();
    try (PreparedStatement ps = db.connection().prepareStatement(ROWS)) {
      ps.setLong(1, experimentId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String predicted =
              "ok".equals(rs.getString(3))
                  ? normalize(rs.getString(4))
                  : "(" + rs.getString(5) + ")";
          rows.add(
              new Scored(rs.getString(1), normalize(rs.getString(2)), predicted, rs.getString(6)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("scoring experiment " + experimentId + ": " + e.getMessage(), e);
    }
    return new Scoring(experimentId, List.copyOf(rows));
  }

  static String normalize(String label) {
    return label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
  }
}
