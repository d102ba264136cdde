package dev.runlab.experiment;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name closest to a misspelt one, for "did you mean ...?" hints: the one helper
 * behind the hints of config keys and values, prompt placeholders, command-line commands and
 * options, and runbook and notebook parameters. Stateless.
 */
public final class DidYouMean {
  private static final int MAX_DISTANCE = 2;

  private DidYouMean() {}

  /**
   * The candidate nearest to {@code given} (case ignored) within an edit distance of 2, and of one
   * per three characters, so that short names don't match everything; the first on ties.
   */
  public static Optional<String> closest(String given, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String wanted = given.toLowerCase(Locale.ROOT);
    int allowed = Math.min(MAX_DISTANCE, Math.max(1, given.length() / 3));
    for (String candidate : candidates) {
      int d = distance(wanted, candidate.toLowerCase(Locale.ROOT));
      if (d <= allowed && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code " (did you mean X?)"} for the closest candidate, or an empty text. */
  public static String hint(String given, Collection<String> candidates) {
    return closest(given, candidates).map(c -> " (did you mean " + c + "?)").orElse("");
  }

  /**
   * The edit distance: insertions, deletions, substitutions, and swaps of two neighbours ({@code
   * strat} is one edit from {@code start}).
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
