package dev.runlab.lab.shell;

import dev.runlab.RunlabException;
import java.util.Locale;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;

/**
 * The results of snippets that failed — incomplete, not compiling, or throwing — with the line of
 * the whole source where it happened and that line's text; and the line arithmetic they need.
 */
final class SnippetFailures {
  private SnippetFailures() {}

  static int leadingBlank(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static int lineAt(String source, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < source.length(); i++) {
      if (source.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  static SnippetResult incomplete(String snippet, int line) {
    String first = snippet.lines().findFirst().orElse("");
    return new SnippetResult(
        SnippetResult.Kind.COMPILE_ERROR,
        snippet,
        line,
        null,
        "",
        "line " + line + ": the snippet is incomplete (a missing ; ) or }?)\n    " + first,
        null,
        null);
  }

  static SnippetResult compileError(JShell shell, Snippet snippet, String code, int line) {
    StringBuilder error = new StringBuilder();
    int errorLine = line;
    for (Diag d : shell.diagnostics(snippet).toList()) {
      if (!d.isError()) {
        continue;
      }
      int pos = (int) d.getStartPosition();
      int at = pos < 0 ? line : line + lineAt(code, pos) - 1;
      if (error.length() == 0) {
        errorLine = at;
        error.append("line ").append(at).append(": ").append(d.getMessage(Locale.ROOT));
        error.append("\n    ").append(lineOf(code, pos));
      }
    }
    if (error.length() == 0) {
      error.append("line ").append(line).append(": does not compile\n    ").append(firstLine(code));
    }
    return new SnippetResult(
        SnippetResult.Kind.COMPILE_ERROR, code, errorLine, null, "", error.toString(), null, null);
  }

  static SnippetResult exception(
      JShellException reported, Throwable thrown, Snippet snippet, String code, int line) {
    int at = line;
    for (StackTraceElement frame : reported.getStackTrace()) {
      if (("#" + snippet.id()).equals(frame.getFileName()) && frame.getLineNumber() > 0) {
        at = line + frame.getLineNumber() - 1;
        break;
      }
    }
    String what;
    if (thrown instanceof RunlabException r) {
      what = r.getMessage();
    } else if (thrown != null) {
      what =
          thrown.getClass().getName()
              + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage());
    } else if (reported instanceof EvalException e) {
      what = e.getExceptionClassName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    } else {
      what = reported.getClass().getSimpleName() + ": " + reported.getMessage();
    }
    int inSnippet = at - line;
    String sourceLine = code.lines().skip(inSnippet).findFirst().orElse(firstLine(code));
    return new SnippetResult(
        SnippetResult.Kind.EXCEPTION,
        code,
        at,
        null,
        "",
        "line " + at + ": " + what + "\n    " + sourceLine.strip(),
        thrown != null ? thrown : reported,
        null);
  }

  static String firstLine(String code) {
    return code.lines().findFirst().orElse("").strip();
  }

  static String lineOf(String code, int pos) {
    if (pos < 0 || pos > code.length()) {
      return firstLine(code);
    }
    int start = code.lastIndexOf('\n', Math.max(0, pos - 1)) + 1;
    if (pos == 0) {
      start = 0;
    }
    int end = code.indexOf('\n', pos);
    return code.substring(start, end < 0 ? code.length() : end).strip();
  }
}
