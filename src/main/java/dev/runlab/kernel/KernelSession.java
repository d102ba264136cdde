package dev.runlab.kernel;

import dev.runlab.ExitCode;
import dev.runlab.RunlabException;
import dev.runlab.lab.Lab;
import dev.runlab.lab.shell.LabEvaluator;
import dev.runlab.lab.shell.RunEvents;
import dev.runlab.lab.shell.SessionHelp;
import dev.runlab.notebook.CellResult;
import dev.runlab.notebook.LabCellExecutor;
import dev.runlab.notebook.MimeRenderer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the Jupyter kernel does, without ZeroMQ: runs cells in the lab's own session (the notebook
 * runner's {@link LabCellExecutor}, so values show with the same MIME bundles as in {@code runlab
 * notebook run}), completes, tells whether code is complete, explains session functions, keeps the
 * history, interrupts the running cell, and on close pauses the runs it drives. The session opens
 * in the background so that the kernel answers at once; the first cell waits for it. Messages of
 * background runs (outcomes, warnings) show in the next cell's output, as {@code stderr}. One cell
 * at a time; {@link #interrupt()} and {@link #close()} may be called from any thread.
 */
final class KernelSession implements AutoCloseable {
  private final Lab lab;
  private final CompletableFuture<LabCellExecutor> cells = new CompletableFuture<>();
  private final MimeRenderer renderer;
  private final Queue<String> notices = new ConcurrentLinkedQueue<>();
  private final List<String> history = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private int executionCount;

  /** A session on {@code lab} whose evaluator opens on {@link #openInBackground()}. */
  KernelSession(Lab lab, RunEvents events) {
    this.lab = lab;
    this.renderer = new MimeRenderer(lab.display());
    events.attach(notices::add);
    lab.confirmWith(
        summary -> {
          throw RunlabException.usage(
              "resume() asks before resuming, but a Jupyter kernel has no terminal to ask on;"
                  + " call resume(true) for the newest incomplete experiment, or resume(ID)");
        });
  }

  /**
   * A session on {@code lab}, which reports its runs to {@code events}; the lab's evaluator opens
   * on a thread of its own.
   */
  static KernelSession open(Lab lab, RunEvents events) {
    KernelSession session = new KernelSession(lab, events);
    session.openInBackground();
    return session;
  }

  /** Opens the lab's evaluator on a thread of its own; cells wait for it. */
  void openInBackground() {
    Thread opener = new Thread(this::prepare, "runlab-kernel-open");
    opener.setDaemon(true);
    opener.start();
  }

  private void prepare() {
    try {
      LabCellExecutor executor = new LabCellExecutor(lab, Map.of());
      if (!cells.complete(executor)) {
        executor.close();
      }
    } catch (RuntimeException | Error e) {
      cells.completeExceptionally(e);
    }
  }

  Lab lab() {
    return lab;
  }

  /**
   * What one execution did.
   *
   * @param value the live value of the cell's last expression, or null
   * @param failure null when every snippet ran
   */
  record Execution(int count, Object value, CellResult.Failure failure) {}

  /**
   * Runs {@code code} as one cell. A silent execution shows nothing and leaves the count and the
   * history alone, as Jupyter's {@code silent} asks.
   */
  Execution execute(String code, boolean silent, boolean storeHistory, KernelOutput output) {
    KernelOutput out = silent ? KernelOutput.NONE : output;
    int count;
    synchronized (this) {
      if (!silent && storeHistory) {
        executionCount++;
        history.add(code);
      }
      count = executionCount;
    }
    out.input(code, count);
    printNotices(out);
    Execution execution;
    try {
      execution = run(code, count, out);
    } catch (RuntimeException e) {
      // the session could not be opened (every cell says why), or the kernel itself failed: the
      // front end gets an answer either way, or it would wait for ever
      String message =
          e instanceof RunlabException ? e.getMessage() : "the kernel could not run the cell: " + e;
      CellResult.Failure failure =
          new CellResult.Failure(
              e.getClass().getSimpleName(), message, List.of(message), ExitCode.FAILURE);
      out.error(failure.name(), failure.message(), failure.traceback());
      execution = new Execution(count, null, failure);
    }
    printNotices(out);
    return execution;
  }

  private Execution run(String code, int count, KernelOutput out) {
    LabCellExecutor executor = cells();
    PrintStream stdout = StreamText.printStream("stdout", out);
    PrintStream stderr = StreamText.printStream("stderr", out);
    CellResult result = executor.execute(code, stdout, stderr);
    stdout.flush();
    stderr.flush();
    for (Object shown : result.displayed()) {
      out.display(renderer.render(shown));
    }
    if (result.value() != null) {
      out.result(count, renderer.render(result.value()));
    }
    CellResult.Failure failure = result.failure();
    if (failure != null) {
      out.error(failure.name(), failure.message(), failure.traceback());
    }
    return new Execution(count, result.value(), failure);
  }

  private void printNotices(KernelOutput out) {
    StringBuilder text = new StringBuilder();
    for (String notice = notices.poll(); notice != null; notice = notices.poll()) {
      text.append(notice).append('\n');
    }
    if (!text.isEmpty()) {
      out.stream("stderr", text.toString());
    }
  }

  private LabCellExecutor cells() {
    try {
      return cells.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RunlabException r) {
        throw r;
      }
      throw RunlabException.failure(
          "the lab session could not be opened in the kernel: " + cause, cause);
    }
  }

  private LabEvaluator evaluator() {
    return cells().evaluator();
  }

  /**
   * Completions at {@code cursor}, which counts Unicode code points as Jupyter does.
   *
   * @param start where the matches replace the code from (code points)
   * @param end where they replace it to (code points)
   */
  record Completion(List<String> matches, int start, int end) {}

  Completion complete(String code, int cursor) {
    int at = CodeText.toIndex(code, cursor);
    LabEvaluator.Completions completions = evaluator().completions(code, at);
    return new Completion(
        completions.suggestions(),
        CodeText.fromIndex(code, completions.anchor()),
        CodeText.fromIndex(code, at));
  }

  /**
   * Whether {@code code} can run as it is (Jupyter's {@code is_complete_request}): {@code
   * "complete"}, or {@code "incomplete"} with the indent of the next line.
   */
  record Completeness(String status, String indent) {}

  Completeness isComplete(String code) {
    if (code.isBlank() || evaluator().isComplete(code)) {
      return new Completeness("complete", "");
    }
    return new Completeness("incomplete", CodeText.indentAfter(code));
  }

  /**
   * The help of the session function or object at {@code cursor} (code points), e.g. {@code
   * errors(3).samples("timeout", 5) five error rows of one category}; empty when the name there is
   * none of the session's.
   */
  Optional<String> inspect(String code, int cursor) {
    for (String name : CodeText.namesAt(code, CodeText.toIndex(code, cursor))) {
      List<String> lines = SessionHelp.about(name);
      if (!lines.isEmpty()) {
        return Optional.of(String.join("\n", lines));
      }
    }
    return Optional.empty();
  }

  /** The code of the executions stored in the history; entry {@code i} ran as count {@code i+1}. */
  synchronized List<String> history() {
    return List.copyOf(history);
  }

  /** Interrupts the running cell, if any; runs go on. */
  void interrupt() {
    LabCellExecutor executor = cells.getNow(null);
    if (executor != null) {
      executor.stop();
    }
  }

  /** Interrupts the running cell and pauses the runs this session drives (batch committed). */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    interrupt();
    lab.close();
    cells.thenAccept(LabCellExecutor::close);
  }
}
