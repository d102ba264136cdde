package dev.runlab.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Compares the stored config of an experiment with a YAML given on resume, key by key. Stateless
 * and thread-safe.
 */
public final class ConfigDrift {
  static final int MAX_SHOWN_CHARS = 80;
  static final String NONE = "(none)";
  private static final int CONTEXT_CHARS = 20;

  private ConfigDrift() {}

  /**
   * Every differing leaf key, in a stable order: experimental keys first, then operational ones,
   * each in config order. Lists compare as whole values. Empty when the configs are equal.
   */
  public static List<ConfigDifference> compare(ExperimentConfig stored, ExperimentConfig given) {
    List<ConfigDifference> differences = new ArrayList<>();
    for (SchemaKey key : Schema.KEYS) {
      if (key.isSection()) {
        continue;
      }
      Object before = key.valueIn(stored);
      Object after = key.valueIn(given);
      if (!Objects.equals(before, after)) {
        int from = sharedPrefixToSkip(before, after);
        differences.add(
            new ConfigDifference(
                key.path(), render(before, from), render(after, from), key.operational()));
      }
    }
    differences.sort(Comparator.comparing(ConfigDifference::operational));
    return List.copyOf(differences);
  }

  /**
   * For two long strings that differ late (a prompt edited near its end), how many leading
   * characters to leave out so that the shortened texts still show where they differ.
   */
  private static int sharedPrefixToSkip(Object before, Object after) {
    if (!(before instanceof String a) || !(after instanceof String b)) {
      return 0;
    }
    int same = 0;
    while (same < a.length() && same < b.length() && a.charAt(same) == b.charAt(same)) {
      same++;
    }
    return same > MAX_SHOWN_CHARS / 2 ? same - CONTEXT_CHARS : 0;
  }

  /** A value as short text: numbers and booleans as written, strings quoted and shortened. */
  static String render(Object value) {
    return render(value, 0);
  }

  private static String render(Object value, int skip) {
    if (value == null) {
      return NONE;
    }
    if (value instanceof String text) {
      return skip > 0 ? quote("..." + text.substring(skip)) : quote(text);
    }
    if (value instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      list.forEach(item -> items.add(quote(String.valueOf(item))));
      return shorten("[" + String.join(", ", items) + "]", "]");
    }
    return String.valueOf(value);
  }

  private static String quote(String text) {
    String escaped =
        text.replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t");
    return shorten("\"" + escaped + "\"", "\"");
  }

  private static String shorten(String text, String closing) {
    if (text.length() <= MAX_SHOWN_CHARS) {
      return text;
    }
    return text.substring(0, MAX_SHOWN_CHARS - 3 - closing.length()) + "..." + closing;
  }
}
