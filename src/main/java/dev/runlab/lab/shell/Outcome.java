package dev.runlab.lab.shell;

import dev.runlab.ExitCode;
import dev.runlab.RunlabException;
import java.util.List;
import java.util.Optional;

/**
 * The snippets of one {@link LabEvaluator#eval} in order; the last one is the failure if any (the
 * evaluation stops there).
 */
public record Outcome(List<SnippetResult> snippets) {
  public Outcome {
    snippets = List.copyOf(snippets);
  }

  public boolean ok() {
    return snippets.stream().allMatch(SnippetResult::ok);
  }

  /** The snippet that failed, if one did. */
  public Optional<SnippetResult> failure() {
    return snippets.stream().filter(s -> !s.ok()).findFirst();
  }

  /** The value of the last snippet when it has one. */
  public Optional<Object> lastValue() {
    if (snippets.isEmpty()) {
      return Optional.empty();
    }
    SnippetResult last = snippets.get(snippets.size() - 1);
    return last.kind() == SnippetResult.Kind.VALUE
        ? Optional.ofNullable(last.value())
        : Optional.empty();
  }

  /**
   * The exit code of a script that ended so: 0, a runlab error's own code (2–5, 130), else 1
   * (docs/lab.md, Runbooks).
   */
  public int exitCode() {
    return failure()
        .map(
            f ->
                f.exception() instanceof RunlabException r
                    ? r.exitCode().code()
                    : ExitCode.FAILURE.code())
        .orElse(ExitCode.OK.code());
  }
}
