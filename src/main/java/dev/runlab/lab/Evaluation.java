package dev.runlab.lab;

import dev.runlab.Plural;
import dev.runlab.store.ScoreSheet;
import java.util.Locale;

/**
 * Accuracy of an experiment against its gold labels, by the one rule of {@link
 * dev.runlab.store.Scoring} (docs/evaluation.md): an {@code ok} answer is right when its label
 * equals the gold label (ignoring case and surrounding white space); model outcomes ({@code
 * truncated}, {@code refusal}, {@code parse_error}) count as wrong; transport errors left after the
 * last attempt are excluded from the denominator and reported.
 */
public final class Evaluation {
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
          "accuracy %.1f%% (%d of %s %s the gold label; %s not scored)",
          100 * value(),
          correct,
          Plural.of(scored, "scored result"),
          correct == 1 ? "matches" : "match",
          Plural.of(excluded, "transport error"));
    }
  }

  static Accuracy accuracy(ScoreSheet sheet) {
    return new Accuracy(
        sheet.experimentId(), sheet.correct(), sheet.scored().size(), sheet.excluded());
  }
}
