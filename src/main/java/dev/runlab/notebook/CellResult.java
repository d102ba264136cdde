package dev.runlab.notebook;

import dev.runlab.ExitCode;
import java.util.List;

/**
 * What running one cell gave: the text it printed (the lab's evaluator sends a cell's {@code
 * System.err} to {@code stdout} too, so {@code stderr} is then empty), the values it showed with
 * {@code show(...)}, the value of its last expression (when it has one), and its failure, if any.
 *
 * @param value the live value of the cell's last expression, or null when it has none
 * @param failure null when every snippet ran
 */
public record CellResult(
    String stdout, String stderr, List<Object> displayed, Object value, Failure failure) {
  public CellResult {
    displayed = List.copyOf(displayed);
  }

  public boolean failed() {
    return failure != null;
  }

  /**
   * Why a cell stopped: a compile error or an exception.
   *
   * @param name the exception's simple class name, or {@code CompileError}
   * @param message the exception's message or the compiler's
   * @param traceback the lines Jupyter shows
   * @param exitCode the process exit code this failure means (a runlab error's own, else 1)
   */
  public record Failure(String name, String message, List<String> traceback, ExitCode exitCode) {
    public Failure {
      traceback = List.copyOf(traceback);
    }
  }
}
