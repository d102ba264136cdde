package dev.runlab.notebook;

import dev.runlab.ExitCode;
import dev.runlab.RunlabException;
import dev.runlab.lab.Lab;
import dev.runlab.lab.shell.LabEvaluator;
import dev.runlab.lab.shell.LabSyntax;
import dev.runlab.lab.shell.Outcome;
import dev.runlab.lab.shell.SnippetResult;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs notebook cells with the lab's own evaluator ({@link LabEvaluator}), so a notebook has the
 * same session as the interactive lab, plus {@code show(value)} for more than one output per cell.
 * The parameters are defined as typed variables before the first cell, so {@code param(key,
 * default)} sees them too. The Jupyter kernel runs its cells with it too, printing as they run. Not
 * thread-safe: one cell at a time; {@link #stop()} may be called from any thread.
 */
public final class LabCellExecutor implements CellExecutor {
  private final String session = "nb" + UUID.randomUUID().toString().replace("-", "");
  private final LabEvaluator evaluator;

  /** A session on {@code lab} with {@code params} defined as typed variables. */
  public LabCellExecutor(Lab lab, Map<String, String> params) {
    SessionBridge.open(session);
    evaluator = LabEvaluator.open(lab);
    try {
      params.forEach((key, value) -> evaluator.define(key, LabEvaluator.typed(value)));
      Outcome show =
          evaluator.eval(
              "void show(Object value) { dev.runlab.notebook.SessionBridge.show(\""
                  + session
                  + "\", value); }",
              new PrintStream(OutputStream.nullOutputStream()));
      if (!show.ok()) {
        throw RunlabException.failure(
            "the notebook session could not define show(value): "
                + show.failure().orElseThrow().error(),
            null);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public CellResult execute(String source) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
    CellResult result = execute(source, stream, stream);
    return new CellResult(
        printed.toString(StandardCharsets.UTF_8),
        "",
        result.displayed(),
        result.value(),
        result.failure());
  }

  /**
   * Runs {@code source} with what it prints to {@code System.out} and {@code System.err} going to
   * {@code out} and {@code err} while it runs; the result's {@code stdout} and {@code stderr} are
   * then empty.
   */
  public CellResult execute(String source, PrintStream out, PrintStream err) {
    Outcome outcome = evaluator.eval(source, out, err, r -> {});
    List<Object> shown = SessionBridge.drainShown(session);
    CellResult.Failure failure = outcome.failure().map(LabCellExecutor::failure).orElse(null);
    Object value = failure == null ? shownValue(outcome) : null;
    return new CellResult("", "", shown, value, failure);
  }

  /** Interrupts the running cell, if any; runs it started go on. */
  public void stop() {
    evaluator.stop();
  }

  /** The session's evaluator: completion, completeness and history. */
  public LabEvaluator evaluator() {
    return evaluator;
  }

  /**
   * The cell's result: the value of its last snippet when the lab's rule shows it (a bare
   * expression or variable, not a declaration nor a statement ended with {@code ;}).
   */
  private static Object shownValue(Outcome outcome) {
    return outcome.lastValue().orElse(null);
  }

  static CellResult.Failure failure(SnippetResult failed) {
    Throwable thrown = failed.exception();
    List<String> traceback = new ArrayList<>(LabSyntax.of(failed.error()).lines().toList());
    if (failed.kind() == SnippetResult.Kind.COMPILE_ERROR || thrown == null) {
      String name = failed.kind() == SnippetResult.Kind.COMPILE_ERROR ? "CompileError" : "Error";
      return new CellResult.Failure(
          name, message(LabSyntax.of(failed.error())), traceback, ExitCode.FAILURE);
    }
    // a runlab error's message says what to do; its frames are noise (no stack traces without
    // --debug)
    StackTraceElement[] frames =
        thrown instanceof RunlabException ? new StackTraceElement[0] : thrown.getStackTrace();
    for (StackTraceElement frame : frames) {
      // below the snippet's frames are the evaluator's own
      if (frame.getClassName().startsWith("jdk.internal.reflect")
          || frame.getClassName().startsWith("java.lang.reflect")) {
        break;
      }
      traceback.add("    at " + frame);
    }
    String message = thrown.getMessage() == null ? "" : LabSyntax.of(thrown.getMessage());
    ExitCode code = thrown instanceof RunlabException r ? r.exitCode() : ExitCode.FAILURE;
    return new CellResult.Failure(thrown.getClass().getSimpleName(), message, traceback, code);
  }

  /** "line 3: incompatible types ..." without the "line N: " and the quoted source line. */
  private static String message(String error) {
    String first = error.lines().findFirst().orElse(error);
    return first.replaceFirst("^line \\d+: ", "");
  }

  @Override
  public void close() {
    if (evaluator != null) {
      evaluator.close();
    }
    SessionBridge.close(session);
  }
}
