package dev.runlab.notebook;

import dev.runlab.RunlabException;
import dev.runlab.lab.shell.LabEvaluator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.SourceVersion;

/**
 * Notebook parameters ({@code -p key=value}): parsed, checked to be Java names, and written as the
 * code of the cell tagged {@code injected-parameters}. A value that looks like a whole number
 * becomes a {@code long}, a decimal a {@code double}, {@code true}/{@code false} a boolean, the
 * rest a String.
 */
public final class Parameters {
  private Parameters() {}

  /** Parses {@code key=value} pairs; a malformed pair or a key that is no Java name: exit 2. */
  public static Map<String, String> parse(List<String> pairs) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw RunlabException.usage(
            "parameter \"" + pair + "\" is not key=value; write it like -p experiment_id=3");
      }
      String key = pair.substring(0, eq).strip();
      if (!SourceVersion.isIdentifier(key) || SourceVersion.isKeyword(key)) {
        throw RunlabException.usage(
            "parameter name \""
                + key
                + "\" is not a Java variable name; use letters, digits and _ (e.g."
                + " experiment_id)");
      }
      params.put(key, pair.substring(eq + 1));
    }
    return params;
  }

  /** The source of the injected cell: one {@code var key = literal;} line per parameter. */
  static String injectedSource(Map<String, String> params) {
    StringBuilder out = new StringBuilder("// Parameters injected by `runlab notebook run -p`\n");
    params.forEach(
        (key, value) ->
            out.append("var ").append(key).append(" = ").append(literal(value)).append(";\n"));
    return out.toString().stripTrailing();
  }

  /** The Java literal of a value typed as {@link LabEvaluator#typed} types it. */
  static String literal(String value) {
    return LabEvaluator.literal(LabEvaluator.typed(value));
  }
}
