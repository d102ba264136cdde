package dev.runlab.lab.shell;

import dev.runlab.RunlabException;
import dev.runlab.lab.Lab;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.lang.model.SourceVersion;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.VarSnippet;

/**
 * A JShell session in this JVM, preloaded with the lab: imports ({@code java.util.*}, Tablesaw's
 * {@code Table}, {@code dev.runlab.lab.*}), the session's functions callable unqualified ({@code
 * experiments()}, {@code resume(3)}, {@code errors().byCategory()}, {@code help()} ...) and the
 * variables {@code lab}, {@code display} and {@code chart}. Values come back as live objects; which
 * snippets show theirs is decided here, once, by the {@link PrintRule} (a snippet whose value is
 * not shown comes back as {@link SnippetResult.Kind#NO_VALUE}). Snippets run on threads of the
 * evaluator's own thread group; runs they start run on the lab's host threads, so {@link #stop()}
 * (Ctrl-C) interrupts a snippet and never a run. The front ends (the interactive lab, runbooks,
 * notebooks) share it. One evaluation at a time; {@link #stop()} may be called from any thread.
 */
public final class LabEvaluator implements AutoCloseable {
  private static final AtomicInteger SESSIONS = new AtomicInteger();

  static final String PRELUDE =
      """
      import java.util.*;
      import java.util.function.*;
      import java.util.stream.*;
      import java.io.*;
      import java.nio.file.*;
      import java.time.*;
      import tech.tablesaw.api.*;
      import dev.runlab.lab.*;
      import dev.runlab.run.RunOptions;
      import static dev.runlab.lab.shell.LabFunctions.*;
      import static dev.runlab.lab.shell.ParamFunctions.*;
      Lab lab = lab();
      Display display = lab.display();
      Charts chart = lab.chart();
      """;

  private final Lab lab;
  private final ThreadGroup group;
  private final LiveExecution execution;
  private final JShell shell;
  private final Map<String, String> params = new ConcurrentHashMap<>();
  private long preludeSnippets;

  private LabEvaluator(Lab lab) {
    this.lab = lab;
    this.group = new ThreadGroup("runlab-lab-" + SESSIONS.incrementAndGet());
    this.execution = new LiveExecution(group);
    OutputRouter.install();
    LabFunctions.register(group, lab, params);
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
    this.shell =
        JShell.builder()
            .executionEngine(new LiveExecution.Provider(execution), Map.of())
            .compilerOptions("--class-path", System.getProperty("java.class.path"))
            .in(new ByteArrayInputStream(new byte[0]))
            .out(discard)
            .err(discard)
            .build();
  }

  /** Opens a session on {@code lab}, with the prelude evaluated. */
  public static LabEvaluator open(Lab lab) {
    LabEvaluator evaluator = new LabEvaluator(lab);
    Outcome prelude = evaluator.eval(PRELUDE, new PrintStream(OutputStream.nullOutputStream()));
    if (!prelude.ok()) {
      evaluator.close();
      throw RunlabException.failure(
          "the lab session could not be prepared: " + prelude.failure().orElseThrow().error(),
          null);
    }
    evaluator.preludeSnippets = evaluator.shell.snippets().count();
    return evaluator;
  }

  public Lab lab() {
    return lab;
  }

  /**
   * Defines a typed variable, e.g. a runbook parameter: a {@link String}, {@link Long}, {@link
   * Integer}, {@link Double} or {@link Boolean} value becomes a variable of that type; {@code
   * param(name, default)} returns it too.
   */
  public void define(String name, Object value) {
    if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
      throw RunlabException.usage(
          "parameter name \"" + name + "\" is not a Java variable name; use letters, digits and _");
    }
    if (value == null) {
      throw new IllegalArgumentException("parameter " + name + " has no value");
    }
    String declaration = TypedValues.declaration(name, value);
    params.put(name, String.valueOf(value));
    Outcome outcome = eval(declaration, new PrintStream(OutputStream.nullOutputStream()));
    if (!outcome.ok()) {
      throw RunlabException.usage(
          "parameter "
              + name
              + " could not be defined: "
              + outcome.failure().orElseThrow().error());
    }
  }

  /**
   * The typed value of a {@code -p key=value} text: a whole number (up to 18 digits) is a {@link
   * Long}, a decimal a {@link Double}, {@code true}/{@code false} a {@link Boolean}, anything else
   * the {@link String} itself.
   */
  public static Object typed(String text) {
    return TypedValues.typed(text);
  }

  /** The Java literal of a {@link #typed} value (a String, Long, Double or Boolean). */
  public static String literal(Object value) {
    return TypedValues.literal(value);
  }

  /**
   * Runs {@code source}, which may hold several snippets, in order; stops at the first compile
   * error or exception. What the snippets print goes to {@code out}.
   */
  public Outcome eval(String source, PrintStream out) {
    return eval(source, out, r -> {});
  }

  /**
   * Like {@link #eval(String, PrintStream)}, handing each snippet's result to {@code each} as soon
   * as it is known, so that values show in order with what the snippets print.
   */
  public Outcome eval(String source, PrintStream out, Consumer<SnippetResult> each) {
    return eval(source, out, out, each);
  }

  /**
   * Like {@link #eval(String, PrintStream, Consumer)}, with what the snippets print to {@code
   * System.err} going to {@code err} (e.g. the Jupyter kernel's {@code stderr} stream).
   */
  public Outcome eval(
      String source, PrintStream out, PrintStream err, Consumer<SnippetResult> each) {
    List<SnippetResult> results = new ArrayList<>();
    execution.beginEvaluation();
    OutputRouter.route(group, out, err);
    try {
      // Like jshell reading a script: a line that completes the snippets so far ends them, so
      // "e" on its own line is an expression even when the next line could continue it.
      int from = 0;
      int scan = 0;
      while (scan < source.length()) {
        int newline = source.indexOf('\n', scan);
        int lineEnd = newline < 0 ? source.length() : newline + 1;
        scan = lineEnd;
        if (lineEnd < source.length() && !isComplete(source.substring(from, lineEnd))) {
          continue;
        }
        if (!evalSegment(source, from, lineEnd, results, each)) {
          break;
        }
        from = lineEnd;
      }
    } finally {
      out.flush();
      err.flush();
      OutputRouter.unroute(group);
    }
    return new Outcome(results);
  }

  /** Evaluates the snippets of {@code source[from, to)}; false when one failed. */
  private boolean evalSegment(
      String source, int from, int to, List<SnippetResult> results, Consumer<SnippetResult> each) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    int consumed = from;
    while (consumed < to) {
      String remaining = source.substring(consumed, to);
      CompletionInfo info = analysis.analyzeCompletion(remaining);
      if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
        return true;
      }
      int line = SnippetFailures.lineAt(source, consumed + SnippetFailures.leadingBlank(remaining));
      if (!info.completeness().isComplete()) {
        SnippetResult result = SnippetFailures.incomplete(remaining.strip(), line);
        results.add(result);
        each.accept(result);
        return false;
      }
      SnippetResult result = evalOne(info.source(), line);
      results.add(result);
      each.accept(result);
      if (!result.ok()) {
        return false;
      }
      consumed = to - info.remaining().length();
    }
    return true;
  }

  private SnippetResult evalOne(String snippetSource, int line) {
    String code = snippetSource.strip();
    execution.reset();
    List<SnippetEvent> events = shell.eval(code);
    SnippetResult last = null;
    for (SnippetEvent event : events) {
      if (event.causeSnippet() != null) {
        continue; // a dependent snippet updated, not this one
      }
      SnippetResult r = result(event, code, line);
      if (!r.ok()) {
        return r;
      }
      last = r;
    }
    if (last == null) {
      return new SnippetResult(SnippetResult.Kind.NO_VALUE, code, line, null, "", null, null, null);
    }
    return last;
  }

  private SnippetResult result(SnippetEvent event, String code, int line) {
    Snippet snippet = event.snippet();
    if (event.status() == Snippet.Status.REJECTED) {
      return SnippetFailures.compileError(shell, snippet, code, line);
    }
    if (event.exception() != null) {
      return SnippetFailures.exception(event.exception(), execution.thrown(), snippet, code, line);
    }
    if (execution.wasStopped()) {
      // the snippet's own frames are gone; the evaluator's would only confuse a traceback
      InterruptedException interrupted = new InterruptedException("interrupted");
      interrupted.setStackTrace(new StackTraceElement[0]);
      return new SnippetResult(
          SnippetResult.Kind.EXCEPTION,
          code,
          line,
          null,
          "",
          "line " + line + ": interrupted\n    " + code.lines().findFirst().orElse(""),
          interrupted,
          null);
    }
    if (event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
      String missing =
          String.join(
              ", ", shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) snippet).toList());
      return new SnippetResult(
          SnippetResult.Kind.COMPILE_ERROR,
          code,
          line,
          null,
          "",
          "line " + line + ": cannot find " + missing + "\n    " + SnippetFailures.firstLine(code),
          null,
          null);
    }
    String name = valueName(snippet);
    if (name != null && execution.invoked() && PrintRule.shows(snippet, code)) {
      Object value = execution.value();
      return new SnippetResult(
          SnippetResult.Kind.VALUE,
          code,
          line,
          value,
          ValueRenderer.render(name, value, lab.display()),
          null,
          null,
          name);
    }
    return new SnippetResult(SnippetResult.Kind.NO_VALUE, code, line, null, "", null, null, null);
  }

  /** The name a value shows under, or null when the snippet has no value. */
  private static String valueName(Snippet snippet) {
    if (snippet instanceof VarSnippet v) {
      return "void".equals(v.typeName()) ? null : v.name();
    }
    if (snippet instanceof ExpressionSnippet e) {
      return "void".equals(e.typeName()) ? null : e.name();
    }
    return null;
  }

  /** Whether {@code source} is a complete snippet (or several); false while more must be typed. */
  public boolean isComplete(String source) {
    String remaining = source;
    while (!remaining.isBlank()) {
      CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(remaining);
      switch (info.completeness()) {
        case EMPTY:
          return true;
        case DEFINITELY_INCOMPLETE:
        case CONSIDERED_INCOMPLETE:
          return false;
        case UNKNOWN:
          return true; // let the compiler say what is wrong
        default:
          remaining = info.remaining();
      }
    }
    return true;
  }

  /**
   * Completions at {@code cursor}: each replaces {@code buffer} from {@link Completions#anchor}.
   */
  public Completions completions(String buffer, int cursor) {
    int[] anchor = new int[1];
    List<String> suggestions =
        shell.sourceCodeAnalysis().completionSuggestions(buffer, cursor, anchor).stream()
            .map(SourceCodeAnalysis.Suggestion::continuation)
            .distinct()
            .toList();
    return new Completions(anchor[0], suggestions);
  }

  /** The texts that may replace {@code buffer} from the start of the word at {@code cursor}. */
  public List<String> complete(String buffer, int cursor) {
    return completions(buffer, cursor).suggestions();
  }

  /** Completions and where in the buffer they start. */
  public record Completions(int anchor, List<String> suggestions) {}

  /** The user's snippets as jshell's /list shows them: the active ones, in order. */
  public List<String> history() {
    return shell
        .snippets()
        .skip(preludeSnippets)
        .filter(s -> shell.status(s).isActive())
        .map(Snippet::source)
        .toList();
  }

  /** Active variables as {@code type name = value}. */
  public List<String> variables() {
    return shell
        .variables()
        .filter(v -> shell.status(v).isActive())
        .map(v -> v.typeName() + " " + v.name() + " = " + shell.varValue(v))
        .toList();
  }

  public List<String> imports() {
    return shell.imports().map(i -> i.source().strip()).toList();
  }

  /** Interrupts the running snippet, if any (Ctrl-C); runs are not touched. */
  public void stop() {
    execution.stop();
  }

  @Override
  public void close() {
    shell.close();
    LabFunctions.unregister(group);
  }
}
