package dev.runlab.kernel;

import dev.runlab.RunlabException;
import dev.runlab.notebook.CellResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;

/**
 * The Jupyter kernel on the library's protocol handling: each request goes to the {@link
 * KernelSession}. Execute requests are answered here rather than by the library's default, which
 * would swap {@code System.out} for the whole JVM and render values its own way: the session routes
 * a cell's output by thread and renders values as {@code runlab notebook run} does. Kernel info and
 * history are answered here too, as the protocol has them (see {@link Replies}); after a failed
 * cell, the execute requests already waiting are aborted ({@code stop_on_error}). Requests of the
 * shell channel are handled one at a time, interrupt and shutdown on the control channel's thread.
 */
final class LabKernel extends BaseKernel {
  static final String VERSION = "0.1.0";

  private final KernelSession session;
  private final Runnable onShutdown;
  private final BooleanSupplier requestWaiting;
  private boolean aborting;

  /**
   * @param onShutdown what a {@code shutdown_request} does before it is answered: pause the runs
   * @param requestWaiting whether another shell request is queued (asked on the shell thread)
   */
  LabKernel(KernelSession session, Runnable onShutdown, BooleanSupplier requestWaiting) {
    super(
        "runlab",
        VERSION,
        language(),
        List.of(),
        new SessionHistory(session::history),
        new JupyterIO(StandardCharsets.UTF_8),
        new CommManager(),
        new Renderer(),
        null,
        null,
        false,
        new StringStyler.Builder().build());
    this.session = session;
    this.onShutdown = onShutdown;
    this.requestWaiting = requestWaiting;
  }

  /** The same language_info as the notebooks {@code runlab notebook run} writes. */
  private static LanguageInfo language() {
    return new LanguageInfo.Builder("java")
        .version(System.getProperty("java.specification.version"))
        .mimetype("text/x-java-source")
        .fileExtension(".jshell")
        .pygments("java")
        .codemirror("java")
        .build();
  }

  @Override
  public String getBanner() {
    return "runlab "
        + VERSION
        + " (Java "
        + System.getProperty("java.specification.version")
        + ") on "
        + session.lab().database()
        + "\nhelp() lists the session's functions; Tab completes; runs go on between cells.";
  }

  @Override
  protected synchronized void handleExecuteRequest(
      ShellReplyEnvironment env, Message<ExecuteRequest> message) {
    commManager.setMessageContext(message);
    ExecuteRequest request = message.getContent();
    env.setBusyDeferIdle();
    if (aborting) {
      // queued behind a failed cell (stop_on_error): not run, as Jupyter expects
      env.defer().reply(Replies.aborted(message));
      aborting = requestWaiting.getAsBoolean();
      return;
    }
    KernelSession.Execution execution =
        session.execute(
            request.getCode(),
            request.isSilent(),
            request.shouldStoreHistory(),
            new IopubOutput(env));
    CellResult.Failure failure = execution.failure();
    int count = execution.count();
    if (failure == null) {
      env.defer().reply(new ExecuteReply(count, Map.of()));
      return;
    }
    ErrorReply error = new ErrorReply(failure.name(), failure.message(), failure.traceback());
    error.setExecutionCount(count);
    env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
    aborting = request.shouldStopOnError() && requestWaiting.getAsBoolean();
  }

  @Override
  protected void handleKernelInfoRequest(
      ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
    env.setBusyDeferIdle();
    env.reply(new Replies.KernelInfo(name, version, getLanguageInfo(), getBanner()));
  }

  @Override
  protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
    env.setBusyDeferIdle();
    env.reply(Replies.history(historyManager, message.getContent()));
  }

  /**
   * Runs {@code source} as a silent cell and returns the live value of its last expression (the
   * library's entry point for extensions; execute requests do not come here).
   */
  @Override
  public Object evalRaw(String source) {
    KernelSession.Execution execution = session.execute(source, true, false, KernelOutput.NONE);
    if (execution.failure() != null) {
      throw RunlabException.failure(
          execution.failure().name() + ": " + execution.failure().message(), null);
    }
    return execution.value();
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    return session.inspect(code, at).map(DisplayData::new).orElse(null);
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    KernelSession.Completion completion = session.complete(code, at);
    return new ReplacementOptions(completion.matches(), completion.start(), completion.end());
  }

  @Override
  public String isComplete(String code) {
    KernelSession.Completeness completeness = session.isComplete(code);
    return "complete".equals(completeness.status()) ? IS_COMPLETE_YES : completeness.indent();
  }

  @Override
  public void interrupt() {
    session.interrupt();
  }

  @Override
  public void onShutdown(boolean isRestarting) {
    onShutdown.run();
    super.onShutdown(isRestarting);
  }
}
