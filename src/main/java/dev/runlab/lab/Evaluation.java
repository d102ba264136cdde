package dev.runlab.lab;

import dev.runlab.store.Database;
import dev.runlab.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Scores an experiment against its gold labels (DESIGN.md, Errors): an {@code ok} result is right
 * when its parsed label equals the gold label (ignoring case and surrounding space); model outcomes
 * ({@code truncated}, {@code refusal}, {@code parse_error}) count as wrong; transport errors left
 * after the last attempt are excluded from the denominator and reported.
 */
public final class Evaluation {
  private static final String ACCURACY =
      """
      SELECT
        coalesce(sum(r.status = 'ok' AND lower(trim(r.parsed_label)) = lower(trim(s.label))), 0),
        coalesce(sum(r.status = 'ok'
            OR (r.status = 'error' AND r.error_category IN ('truncated', 'refusal', 'parse_error'))), 0),
        coalesce(sum(r.status = 'error'
            AND r.error_category NOT IN ('truncated', 'refusal', 'parse_error')), 0)
        FROM narrative_results r
        JOIN experiments e ON e.experiment_id = r.experiment_id
        JOIN source_narratives s ON s.dataset_id = e.dataset_id AND s.narrative_id = r.narrative_id
       WHERE r.experiment_id = ? AND s.label IS NOT NULL AND s.label <> ''
      """;

  private Evaluation() {}

  /**
   * Accuracy of one experiment.
   *
   * @param correct results whose label matches the gold label
   * @param scored results that count: ok ones and model outcomes
   * @param excluded transport errors left after the last attempt, not scored
   */
  public record Accuracy(long experimentId, long correct, long scored, long excluded) {
    /** The share of scored results that are right, or NaN when none is scored. */
    public double value() {
      return scored == 0 ? Double.NaN : (double) correct / scored;
    }

    @Override
    public String toString() {
      if (scored == 0) {
        return "accuracy: no scored results with a gold label yet";
      }
      return String.format(
          Locale.ROOT,
          "accuracy %.1f%% (%d of %d scored results match the gold label; %d transport errors not"
              + " scored)",
          100 * value(),
          correct,
          scored,
          excluded);
    }
  }

  public static Accuracy accuracy(Database db, long experimentId) {
    try (PreparedStatement ps = db.connection().prepareStatement(ACCURACY)) {
      ps.setLong(1, experimentId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Accuracy(experimentId, rs.getLong(1), rs.getLong(2), rs.getLong(3));
      }
    } catch (SQLException e) {
      throw new StoreException("scoring experiment " + experimentId + ": " + e.getMessage(), e);
    }
  }
}
