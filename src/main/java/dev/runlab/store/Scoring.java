package dev.runlab.store;

import dev.runlab.model.ErrorCategory;
import java.text.Normalizer;
import java.util.Locale;

/**
 * The one rule by which runlab scores an answer against its gold label. Every path that reports a
 * score applies it: accuracy, the confusion matrix, per-label scores, comparisons, the {@code
 * correct} column of results tables and exports, the HTML report and the notebooks.
 *
 * <ul>
 *   <li>Labels are compared by their {@link #labelKey}: white space stripped at both ends (Unicode
 *       white space, no-break spaces and zero-width spaces included), Unicode NFC, case folded.
 *   <li>A narrative without a gold label (none, or only white space) is not scored.
 *   <li>An {@code ok} answer is right when its key equals the gold label's.
 *   <li>A model outcome ({@code truncated}, {@code refusal}, {@code parse_error}) is wrong.
 *   <li>A transport error left after the last attempt is excluded from the score, and counted.
 *   <li>A narrative still waiting for a retry ({@code pending}) is not scored yet.
 * </ul>
 *
 * Stateless.
 */
public final class Scoring {
  private Scoring() {}

  /** What the rule says of one result. */
  public enum Verdict {
    RIGHT,
    WRONG,
    /** A transport error with a gold label: left out of the score and reported. */
    EXCLUDED,
    /** No gold label, or no final result yet. */
    NOT_SCORED;

    public boolean scored() {
      return this == RIGHT || this == WRONG;
    }

    /** The {@code correct} column: 1 right, 0 wrong, null where the result is not scored. */
    public Integer correctColumn() {
      return scored() ? (this == RIGHT ? 1 : 0) : null;
    }
  }

  /**
   * The verdict on a result row.
   *
   * @param status {@code narrative_results.status}: ok, error or pending
   * @param errorCategory {@code narrative_results.error_category}, or null
   * @param gold the narrative's gold label, or null
   * @param answer {@code narrative_results.parsed_label}, or null
   */
  public static Verdict verdict(String status, String errorCategory, String gold, String answer) {
    if (labelKey(gold).isEmpty()) {
      return Verdict.NOT_SCORED;
    }
    if ("ok".equals(status)) {
      return labelKey(answer).equals(labelKey(gold)) ? Verdict.RIGHT : Verdict.WRONG;
    }
    if ("error".equals(status)) {
      return isModelOutcome(errorCategory) ? Verdict.WRONG : Verdict.EXCLUDED;
    }
    return Verdict.NOT_SCORED;
  }

  /** Whether a stored error category is a model outcome (scored as a wrong answer). */
  public static boolean isModelOutcome(String errorCategory) {
    if (errorCategory == null) {
      return false;
    }
    try {
      return ErrorCategory.fromDb(errorCategory).modelOutcome();
    } catch (IllegalArgumentException unknown) {
      return false;
    }
  }

  /**
   * The form in which labels are compared: "&nbsp;Fall\t" and "FALL" both give "fall", "Straße" and
   * "STRASSE" both "strasse". Null gives "".
   */
  public static String labelKey(String label) {
    if (label == null) {
      return "";
    }
    int start = 0;
    int end = label.length();
    while (start < end && blank(label.codePointAt(start))) {
      start += Character.charCount(label.codePointAt(start));
    }
    while (end > start && blank(label.codePointBefore(end))) {
      end -= Character.charCount(label.codePointBefore(end));
    }
    String stripped = Normalizer.normalize(label.substring(start, end), Normalizer.Form.NFC);
    // upper then lower case: case folding without ICU ("ß" → "SS" → "ss", final sigma → sigma)
    return stripped.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  /** Unicode White_Space (Java's isWhitespace misses the no-break spaces) and zero-width spaces. */
  private static boolean blank(int codePoint) {
    return Character.isWhitespace(codePoint)
        || Character.isSpaceChar(codePoint)
        || codePoint == 0x85
        || codePoint == 0x200B
        || codePoint == 0xFEFF;
  }
}
