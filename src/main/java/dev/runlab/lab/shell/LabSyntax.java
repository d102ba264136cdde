package dev.runlab.lab.shell;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what to do in the place the user is. Messages from the engine name the next step as a
 * command line, {@code `runlab resume 3`}, right for the shell, the logs and the database; inside
 * the lab, runbooks, notebooks and the kernel the same step is a call of the session, {@code
 * `resume(3)`}. This rewrites each backquoted runlab command that has such a call; the others (a
 * {@code runlab kernel install}, say) stay as they are, since they are typed in a shell anyway. The
 * interactive lab, notebooks and the kernel apply it to what they show; a runbook, run from the
 * command line, reports in shell syntax. Stateless.
 */
public final class LabSyntax {
  private static final Pattern COMMAND = Pattern.compile("`runlab ([^`]*)`");
  private static final Pattern ID = Pattern.compile("\\d+|ID");

  private LabSyntax() {}

  /** {@code message} with its runlab commands written as the lab's calls. */
  public static String of(String message) {
    if (message == null || !message.contains("`runlab ")) {
      return message;
    }
    Matcher m = COMMAND.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String call = call(m.group(1).strip().split("\\s+"));
      m.appendReplacement(
          out, Matcher.quoteReplacement(call == null ? m.group() : "`" + call + "`"));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The lab's call for the command's words, or null when the lab has none. */
  static String call(String[] words) {
    String id = words.length > 1 && ID.matcher(words[1]).matches() ? words[1] : null;
    String option = words.length > 3 ? words[3] : null;
    switch (words[0]) {
      case "list":
        return words.length == 1 ? "experiments()" : null;
      case "demo":
        return words.length == 1 ? "start(\"data/demo/experiment.yaml\")" : null;
      case "start":
        return words.length == 2 ? "start(\"" + words[1] + "\")" : null;
      case "resume":
        return words.length == 1 ? "resume()" : id == null ? null : "resume(" + id + ")";
      case "status":
        return id == null ? null : "experiment(" + id + ")";
      case "pause":
      case "cancel":
        return id == null ? null : words[0] + "(" + id + ")";
      case "retry-errors":
        if (id == null) {
          return null;
        }
        if (words.length == 4 && words[2].equals("--category")) {
          return "retryErrors(" + id + ", \"" + option + "\")";
        }
        return words.length == 2 ? "retryErrors(" + id + ", null)" : null;
      case "errors":
        if (id == null) {
          return null;
        }
        if (words.length == 4 && words[2].equals("--by") && "category".equals(option)) {
          return "errors(" + id + ").byCategory()";
        }
        return words.length == 2 ? "errors(" + id + ")" : null;
      default:
        return null;
    }
  }
}
