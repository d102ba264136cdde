package dev.runlab.notebook;

import dev.runlab.ExitCode;
import dev.runlab.RunlabException;
import dev.runlab.lab.Lab;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs cells with jdk.jshell in this JVM (local execution), so that snippets share live objects
 * with the host: a cell's last expression comes back as the object itself, not its text, and an
 * exception as the real {@link Throwable}. The session is preloaded like the lab: {@code lab},
 * {@code chart}, {@code display}, the lab's functions, {@code show(value)} and {@code param(key,
 * default)}. Not thread-safe. Snippets print to {@code System.out}, which is captured while a cell
 * runs, so one executor runs at a time in a process.
 */
final class JShellExecutor implements CellExecutor {
  private final String session = "s" + UUID.randomUUID().toString().replace("-", "");
  private final Capture capture = new Capture();
  private final JShell shell;

  JShellExecutor(Lab lab, Map<String, String> params) {
    SessionBridge.open(session, Map.of("lab", lab), params);
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
    shell =
        JShell.builder()
            .executionEngine(new LocalProvider(capture), Map.of())
            .compilerOptions("--class-path", System.getProperty("java.class.path"))
            .out(discard)
            .err(discard)
            .build();
    CellResult preamble = execute(Preamble.source(session));
    if (preamble.failed()) {
      close();
      throw RunlabException.failure(
          "the notebook session could not be prepared: " + preamble.failure().message(), null);
    }
  }

  @Override
  public CellResult execute(String source) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    Object value = null;
    CellResult.Failure failure = null;
    try {
      List<String> snippets = split(source);
      for (int i = 0; i < snippets.size() && failure == null; i++) {
        capture.reset();
        failure = eval(snippets.get(i));
        boolean last = i == snippets.size() - 1;
        value = failure == null && last ? capture.valueOfExpression : null;
      }
    } finally {
      System.out.flush();
      System.err.flush();
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new CellResult(
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        SessionBridge.drainShown(session),
        value,
        failure);
  }

  private List<String> split(String source) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    List<String> snippets = new ArrayList<>();
    String remaining = source;
    while (!remaining.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
      if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
        break;
      }
      if (!info.completeness().isComplete() || info.source() == null) {
        snippets.add(remaining); // the compiler says what is missing
        break;
      }
      snippets.add(info.source());
      remaining = info.remaining();
    }
    return snippets;
  }

  private CellResult.Failure eval(String snippet) {
    for (SnippetEvent event : shell.eval(snippet)) {
      if (event.causeSnippet() != null) {
        continue; // an update of a dependent snippet, not this one
      }
      if (event.status() == Snippet.Status.REJECTED) {
        return compileError(event.snippet());
      }
      if (event.exception() != null) {
        return exception(event.exception());
      }
      if (isExpression(event.snippet()) && capture.invoked) {
        capture.valueOfExpression = capture.value;
      }
    }
    return null;
  }

  private static boolean isExpression(Snippet s) {
    return s.kind() == Snippet.Kind.EXPRESSION
        || (s instanceof VarSnippet v
            && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
            && !"void".equals(v.typeName()));
  }

  private CellResult.Failure compileError(Snippet snippet) {
    List<String> lines = new ArrayList<>();
    String first = null;
    for (Diag d : shell.diagnostics(snippet).toList()) {
      if (!d.isError()) {
        continue;
      }
      String message = d.getMessage(Locale.ROOT);
      first = first == null ? message : first;
      lines.add("error: " + message);
      lines.addAll(where(snippet.source(), (int) d.getStartPosition()));
    }
    String message = first == null ? "the code does not compile" : first;
    lines.add(0, "CompileError: " + message);
    return new CellResult.Failure("CompileError", message, lines, ExitCode.FAILURE);
  }

  /** The source line at {@code position} with a caret under it. */
  private static List<String> where(String source, int position) {
    if (position < 0 || position > source.length()) {
      return List.of();
    }
    int start = source.lastIndexOf('\n', Math.max(0, position - 1)) + 1;
    int end = source.indexOf('\n', position);
    String line = source.substring(start, end < 0 ? source.length() : end);
    return List.of("  " + line, "  " + " ".repeat(position - start) + "^");
  }

  private CellResult.Failure exception(JShellException reported) {
    Throwable thrown = capture.thrown;
    if (thrown != null) {
      return failure(thrown);
    }
    String name =
        reported instanceof EvalException e
            ? simpleName(e.getExceptionClassName())
            : reported.getClass().getSimpleName();
    String message = reported.getMessage() == null ? "" : reported.getMessage();
    return new CellResult.Failure(name, message, List.of(name + ": " + message), ExitCode.FAILURE);
  }

  static CellResult.Failure failure(Throwable thrown) {
    String name = thrown.getClass().getSimpleName();
    String message = thrown.getMessage() == null ? "" : thrown.getMessage();
    List<String> traceback = new ArrayList<>();
    traceback.add(name + ": " + message);
    for (StackTraceElement frame : thrown.getStackTrace()) {
      // the frames below the snippet are the evaluator's own
      if (frame.getClassName().startsWith("jdk.internal.reflect")
          || frame.getClassName().startsWith("java.lang.reflect")) {
        break;
      }
      traceback.add("\tat " + frame);
    }
    ExitCode code = thrown instanceof RunlabException r ? r.exitCode() : ExitCode.FAILURE;
    return new CellResult.Failure(name, message, traceback, code);
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  @Override
  public void close() {
    shell.close();
    SessionBridge.close(session);
  }

  /** The live result of the last invocation of a snippet. */
  static final class Capture {
    boolean invoked;
    Object value;
    Throwable thrown;
    Object valueOfExpression;

    void reset() {
      invoked = false;
      value = null;
      thrown = null;
      valueOfExpression = null;
    }
  }

  /** Local execution that keeps the value and the exception of each snippet it runs. */
  static final class LocalProvider implements ExecutionControlProvider {
    private final Capture capture;

    LocalProvider(Capture capture) {
      this.capture = capture;
    }

    @Override
    public String name() {
      return "runlab-local";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
      return new LocalExecutionControl() {
        @Override
        protected String invoke(Method doitMethod) throws Exception {
          try {
            Object result = doitMethod.invoke(null);
            capture.invoked = true;
            capture.value = result;
            return valueString(result);
          } catch (InvocationTargetException e) {
            capture.thrown = e.getCause();
            throw e;
          }
        }
      };
    }
  }
}
