package dev.runlab.store;

import java.util.List;

/**
 * The results of one experiment as {@link Scoring} judges them, read once: the scored ones (an
 * {@code ok} answer or a model outcome, with a gold label) and how many transport errors were left
 * out. Immutable.
 *
 * @param scored in data file order
 * @param excluded transport errors left after the last attempt, on narratives with a gold label
 */
public record ScoreSheet(long experimentId, List<Scored> scored, long excluded) {
  public ScoreSheet {
    scored = List.copyOf(scored);
  }

  /**
   * One scored narrative.
   *
   * @param gold the gold label's {@link Scoring#labelKey key}
   * @param predicted the answer's key, or a model outcome in parentheses, e.g. {@code
   *     (parse_error)}, which never equals a gold label
   */
  public record Scored(
      String narrativeId, String gold, String predicted, boolean correct, String text) {}

  public long correct() {
    return scored.stream().filter(Scored::correct).count();
  }
}
