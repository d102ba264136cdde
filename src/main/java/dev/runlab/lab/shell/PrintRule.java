package dev.runlab.lab.shell;

import jdk.jshell.ExpressionSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;

/**
 * The one rule for what shows its value, in the lab, runbooks, notebooks and the Jupyter kernel
 * alike: a bare expression or variable shows its value ({@code k}, {@code k + 1}, {@code
 * errors(3).byCategory()}, {@code k = 7}); a declaration does not ({@code long k = 5}, {@code var t
 * = experiments()}); a statement ended with {@code ;} never does ({@code k + 1;}, {@code
 * accuracy(3);}), as a Jupyter cell's last line ended with {@code ;} shows nothing. Stateless.
 */
final class PrintRule {
  private PrintRule() {}

  /** Whether the value of {@code snippet}, run from source {@code code}, is shown. */
  static boolean shows(Snippet snippet, String code) {
    boolean expression =
        snippet instanceof ExpressionSnippet
            || (snippet instanceof VarSnippet
                && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
    return expression && !JavaSource.endsWithSemicolon(code);
  }
}
