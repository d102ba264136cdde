package dev.runlab.run;

import dev.runlab.model.ErrorCategory;

/**
 * Why a run stops early, set once from any thread (a signal handler, the lab, the writer seeing
 * another process's request, a worker that met a fatal error). The first reason wins, except that a
 * failure overrides a pause. Thread-safe.
 */
final class RunControl {
  /** Why the run stops before every narrative has its result. */
  enum Reason {
    PAUSE,
    CANCEL,
    FAIL
  }

  private Reason reason;
  private String message;
  private Thread coordinator;

  synchronized void coordinator(Thread thread) {
    coordinator = thread;
  }

  synchronized boolean stopping() {
    return reason != null;
  }

  synchronized Reason reason() {
    return reason;
  }

  synchronized String message() {
    return message;
  }

  /** Asks the run to stop; returns false when it was stopping already for another reason. */
  synchronized boolean requestStop(Reason newReason, String why) {
    if (reason != null && !(newReason == Reason.FAIL && reason == Reason.PAUSE)) {
      return false;
    }
    reason = newReason;
    message = why;
    if (coordinator != null) {
      // wakes the coordinator if it waits for a free slot or the pacer
      coordinator.interrupt();
    }
    return true;
  }

  void fail(ErrorCategory category, String why) {
    requestStop(Reason.FAIL, "stopped on " + category.dbValue() + ": " + why);
  }
}
