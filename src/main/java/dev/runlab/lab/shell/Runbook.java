package dev.runlab.lab.shell;

import dev.runlab.ExitCode;
import dev.runlab.RunlabException;
import dev.runlab.experiment.DidYouMean;
import dev.runlab.lab.ExperimentId;
import dev.runlab.lab.Lab;
import dev.runlab.run.Run;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@code .jsh} runbook without a prompt: parameters become typed variables before the first
 * line, snippets run in order, and the first compile error or exception stops the script with its
 * line; a parameter the script never reads gets a warning first. Values print as in the lab (the
 * {@link PrintRule}: bare expressions and variables, tables boxed). Top-level {@code /exit [code]},
 * {@code /vars}, {@code /imports} and {@code /list} lines work as in jshell. Runs a script started
 * and did not {@code await} are paused when it ends. Not thread-safe.
 */
public final class Runbook {
  private final Lab lab;
  private final PrintStream out;
  private final PrintStream err;
  private volatile LabEvaluator session;
  private volatile boolean interrupted;

  public Runbook(Lab lab, PrintStream out, PrintStream err) {
    this.lab = lab;
    this.out = out;
    this.err = err;
  }

  /**
   * Runs {@code source} (named {@code name} in messages) and returns the exit code: 0, a runlab
   * error's own code (2–5, 130), 1 for any other exception or a compile error, or the code of
   * {@code /exit}.
   */
  public int run(String name, String source, Map<String, String> params) {
    warnUnread(name, source, params);
    try (LabEvaluator evaluator = LabEvaluator.open(lab)) {
      session = evaluator;
      params.forEach((key, value) -> evaluator.define(key, LabEvaluator.typed(value)));
      int code;
      try {
        code = interrupted ? ExitCode.INTERRUPTED.code() : runChunks(evaluator, name, source);
      } catch (Interrupted e) {
        code = ExitCode.INTERRUPTED.code();
      }
      pauseLeftovers();
      return interrupted ? ExitCode.INTERRUPTED.code() : code;
    } finally {
      session = null;
    }
  }

  /**
   * Warns on stderr about each parameter the script never reads: neither with {@code param("key",
   * ...)} nor as the variable itself. A misspelt {@code -p} would otherwise leave the script's
   * default silently in force; the script still runs (a parameter may be meant for the next version
   * of it).
   */
  private void warnUnread(String name, String source, Map<String, String> params) {
    Set<String> keys = JavaSource.paramKeys(source);
    Set<String> names = JavaSource.names(source);
    for (Map.Entry<String, String> p : params.entrySet()) {
      String key = p.getKey();
      if (keys.contains(key) || names.contains(key)) {
        continue;
      }
      err.println(
          "runlab: warning: "
              + name
              + " never reads parameter "
              + key
              + DidYouMean.hint(key, keys)
              + ", so -p "
              + key
              + "="
              + p.getValue()
              + " changes nothing"
              + (keys.isEmpty() ? "" : "; it reads " + String.join(", ", keys)));
    }
    err.flush();
  }

  /**
   * Stops the script (SIGINT or SIGTERM): the runs of this lab are asked to pause and the running
   * snippet is interrupted; {@link #run} then returns 130 once the runs have paused. Any thread.
   */
  public void interrupt() {
    interrupted = true;
    for (Run run : lab.activeRuns()) {
      run.requestPause("paused: the runbook was interrupted");
    }
    LabEvaluator evaluator = session;
    if (evaluator != null) {
      evaluator.stop();
    }
  }

  private int runChunks(LabEvaluator evaluator, String name, String source) {
    List<String> lines = source.lines().toList();
    StringBuilder chunk = new StringBuilder();
    int chunkStart = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (LabRepl.isCommand(line) && evaluator.isComplete(chunk.toString())) {
        Integer code = evalChunk(evaluator, name, chunk.toString(), chunkStart);
        if (code != null) {
          return code;
        }
        Integer exit = command(evaluator, name, line.strip(), i + 1);
        if (exit != null) {
          return exit;
        }
        chunk.setLength(0);
        chunkStart = i + 1;
        continue;
      }
      chunk.append(line).append('\n');
    }
    Integer code = evalChunk(evaluator, name, chunk.toString(), chunkStart);
    return code == null ? 0 : code;
  }

  /** Evaluates lines from {@code firstLine} (0-based); the exit code when it failed, else null. */
  private Integer evalChunk(LabEvaluator evaluator, String name, String chunk, int firstLine) {
    if (chunk.isBlank()) {
      return null;
    }
    Outcome outcome =
        evaluator.eval(
            "\n".repeat(firstLine) + chunk,
            out,
            r -> {
              if (interrupted) {
                throw new Interrupted();
              }
              if (r.kind() == SnippetResult.Kind.VALUE) {
                out.println(r.rendering());
                out.flush();
              }
            });
    if (outcome.ok()) {
      return null;
    }
    SnippetResult failure = outcome.failure().orElseThrow();
    String what =
        failure.kind() == SnippetResult.Kind.COMPILE_ERROR ? "does not compile" : "failed";
    err.println("runlab: error: " + name + " " + what + " at " + failure.error());
    err.flush();
    return outcome.exitCode();
  }

  /** Runs a jshell command line; an exit code to stop with, else null. */
  private Integer command(LabEvaluator evaluator, String name, String line, int lineNumber) {
    String[] parts = line.split("\\s+");
    switch (parts[0]) {
      case "/exit" -> {
        if (parts.length == 1) {
          return 0;
        }
        try {
          return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
          return usage(name, lineNumber, "/exit takes a whole number, not " + parts[1]);
        }
      }
      case "/vars" -> evaluator.variables().forEach(out::println);
      case "/imports" -> evaluator.imports().forEach(out::println);
      case "/list" -> evaluator.history().forEach(out::println);
      default -> {
        return usage(
            name,
            lineNumber,
            "unknown command " + parts[0] + "; a runbook knows /exit /vars /imports /list");
      }
    }
    return null;
  }

  private int usage(String name, int line, String message) {
    err.println("runlab: error: " + name + " line " + line + ": " + message);
    return ExitCode.USAGE.code();
  }

  private void pauseLeftovers() {
    List<Long> paused = new ArrayList<>();
    for (Run run : lab.activeRuns()) {
      try {
        lab.pause(ExperimentId.of(run.experimentId()));
        paused.add(run.experimentId());
      } catch (RunlabException e) {
        err.println("runlab: warning: " + e.getMessage());
      }
    }
    for (long id : paused) {
      out.println(
          "experiment "
              + id
              + " paused: the runbook ended without await("
              + id
              + "); resume it with `runlab resume "
              + id
              + "`");
    }
  }

  /** Ends an evaluation between two snippets after {@link #interrupt()}. */
  private static final class Interrupted extends RuntimeException {
    Interrupted() {
      super("interrupted", null, false, false);
    }
  }
}
