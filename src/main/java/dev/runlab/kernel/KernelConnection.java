package dev.runlab.kernel;

import java.security.GeneralSecurityException;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.zeromq.ZMQ;

/**
 * The library's connection, which can also tell whether more shell requests are waiting: after a
 * failed cell, the execute requests already queued behind it (JupyterLab's Run All) are aborted, as
 * the protocol's {@code stop_on_error} asks. Not thread-safe: ask on the shell channel's thread.
 */
final class KernelConnection extends JupyterConnection {
  KernelConnection(KernelConnectionProperties properties) throws GeneralSecurityException {
    super(properties);
  }

  /** Whether a request waits on the shell socket. */
  boolean shellRequestWaiting() {
    return (shell.getEvents() & ZMQ.Poller.POLLIN) != 0;
  }
}
