package dev.runlab.notebook;

import dev.runlab.RunlabException;
import dev.runlab.experiment.DidYouMean;
import dev.runlab.lab.shell.JavaSource;
import dev.runlab.lab.shell.LabEvaluator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Notebook parameters ({@code -p key=value}): parsed, checked to be Java names, and written as the
 * code of the cell tagged {@code injected-parameters}. A value that looks like a whole number
 * becomes a {@code long}, a decimal a {@code double}, {@code true}/{@code false} a boolean, the
 * rest a String. A notebook takes only the parameters it has: the variables its cell tagged {@code
 * parameters} declares, and the keys it reads with {@code param("key", ...)}.
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

  /**
   * The parameters {@code notebook} takes: the variables declared in its cell tagged {@code
   * parameters}, then the keys any code cell reads with {@code param("key", ...)}.
   */
  static Set<String> known(Notebook notebook) {
    Set<String> known = new LinkedHashSet<>();
    for (Cell cell : notebook.cells()) {
      if (cell.isCode() && cell.tags().contains(NotebookRunner.PARAMETERS)) {
        known.addAll(JavaSource.declaredVariables(cell.source()));
      }
    }
    for (Cell cell : notebook.cells()) {
      if (cell.isCode() && !cell.tags().contains(NotebookRunner.INJECTED)) {
        known.addAll(JavaSource.paramKeys(cell.source()));
      }
    }
    return known;
  }

  /**
   * Refuses (exit 2) a parameter {@code notebook} does not take, naming the closest one it does: a
   * misspelt {@code -p} must not leave a default silently in force.
   */
  static void refuseUnknown(Map<String, String> params, Notebook notebook, Path file) {
    Set<String> known = known(notebook);
    for (String key : params.keySet()) {
      if (known.contains(key)) {
        continue;
      }
      if (known.isEmpty()) {
        throw RunlabException.usage(
            "notebook "
                + file
                + " takes no parameters (no cell tagged parameters declares any, no cell reads"
                + " one with param(...)); leave out -p "
                + key
                + "="
                + params.get(key));
      }
      throw RunlabException.usage(
          "notebook "
              + file
              + " has no parameter "
              + key
              + DidYouMean.hint(key, known)
              + "; it takes "
              + String.join(", ", known));
    }
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
