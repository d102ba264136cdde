package dev.runlab.kernel;

import dev.runlab.ExitCode;
import dev.runlab.RunlabException;
import dev.runlab.lab.Lab;
import dev.runlab.lab.shell.RunEvents;
import dev.runlab.run.RunListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.zeromq.ZMQException;

/**
 * {@code runlab kernel --connection-file FILE}: a Jupyter kernel with the lab's session. It binds
 * the ports of the connection file, answers at once while the session opens in the background, and
 * serves until a {@code shutdown_request}, a {@link #stop} (SIGTERM) or the end of the process that
 * started it; each of those pauses the runs it drives first. Thread-safe.
 */
public final class KernelServer {
  private final ConnectionFile connectionFile;
  private final KernelConnection connection;
  private final PrintStream err;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile KernelSession session;
  private volatile ExitCode exitCode = ExitCode.OK;

  private KernelServer(
      ConnectionFile connectionFile, KernelConnection connection, PrintStream err) {
    this.connectionFile = connectionFile;
    this.connection = connection;
    this.err = err;
  }

  /**
   * Reads {@code file} and checks its ports; exit 2 naming the file or the port when one is wrong.
   *
   * @param err where the kernel says why it stopped by itself (Jupyter's log)
   */
  public static KernelServer prepare(Path file, PrintStream err) {
    ConnectionFile connectionFile = ConnectionFile.read(file);
    connectionFile.checkPortsFree();
    try {
      return new KernelServer(
          connectionFile, new KernelConnection(connectionFile.properties()), err);
    } catch (GeneralSecurityException e) {
      throw RunlabException.usage(
          "the key of the connection file " + file + " cannot sign messages: " + e.getMessage());
    }
  }

  /**
   * Opens the lab with {@code openLab} (given the listener its runs report to), serves until the
   * kernel is shut down, and returns the exit code: 0, or 130 after {@link #stop}.
   *
   * @param parent the process whose end stops the kernel, if any
   */
  public int serve(Function<RunListener, Lab> openLab, Optional<ProcessHandle> parent) {
    RunEvents events = new RunEvents();
    KernelSession opened = new KernelSession(openLab.apply(events), events);
    session = opened;
    LabKernel kernel = new LabKernel(opened, opened::close, connection::shellRequestWaiting);
    kernel.becomeHandlerForConnection(connection);
    try {
      connection.connect();
    } catch (ZMQException | IllegalStateException e) {
      opened.close();
      connection.close();
      if (stopping.get()) {
        return exitCode.code(); // SIGTERM while starting: the sockets were closed under it
      }
      throw RunlabException.usage(
          "cannot listen on the ports of "
              + connectionFile.file()
              + " ("
              + e.getMessage()
              + "); another process may hold one of them");
    }
    // after the sockets: on two cores, compiling the session's prelude would delay them
    opened.openInBackground();
    parent.ifPresent(
        p ->
            ParentWatch.onEnd(
                p, () -> stop("the process that started it (" + p.pid() + ") ended", ExitCode.OK)));
    connection.waitUntilClose();
    opened.close();
    return exitCode.code();
  }

  /**
   * The process whose end stops the kernel: the one {@code jpyParentPid} (Jupyter's {@code
   * JPY_PARENT_PID}) names, else this process's parent.
   */
  public static Optional<ProcessHandle> startedBy(String jpyParentPid) {
    return ParentWatch.parent(jpyParentPid);
  }

  /** Interrupts the running cell (SIGINT); runs go on. */
  public void interruptCell() {
    KernelSession current = session;
    if (current != null) {
      current.interrupt();
    }
  }

  /** Pauses the runs, closes the session and the sockets; {@link #serve} then returns 130. */
  public void stop(String why) {
    stop(why, ExitCode.INTERRUPTED);
  }

  private void stop(String why, ExitCode code) {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    exitCode = code;
    err.println("runlab kernel: " + why + "; pausing its runs and stopping");
    KernelSession current = session;
    if (current != null) {
      current.close();
    }
    connection.close();
  }
}
