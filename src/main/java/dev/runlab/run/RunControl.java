package dev.runlab.run;

import dev.runlab.model.ErrorCategory;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a run stops early, set once from any thread (a signal handler, the lab, the writer seeing
 * another process's request, a worker that met a fatal error). The first reason wins, except that a
 * failure overrides a pause. Parts of the run that wait register a listener to be woken. Thread-
 * safe.
 */
final class RunControl {
  /** Why the run stops before every narrative has its result. */
  enum Reason {
    PAUSE,
    CANCEL,
    FAIL
  }

  private final List<Runnable> listeners = new ArrayList<>();
  private volatile Reason reason;
  private String message;
  private ErrorCategory failedOn;

  boolean stopping() {
    return reason != null;
  }

  synchronized Reason reason() {
    return reason;
  }

  synchronized String message() {
    return message;
  }

  /** The error category that failed the run, or null. */
  synchronized ErrorCategory failedOn() {
    return failedOn;
  }

  /** Runs {@code wake} when the run is asked to stop (at once if it already was). */
  void onStop(Runnable wake) {
    boolean already;
    synchronized (this) {
      listeners.add(wake);
      already = reason != null;
    }
    if (already) {
      wake.run();
    }
  }

  /** Asks the run to stop; returns false when it was stopping already for another reason. */
  boolean requestStop(Reason newReason, String why) {
    List<Runnable> toWake;
    synchronized (this) {
      if (reason != null && !(newReason == Reason.FAIL && reason == Reason.PAUSE)) {
        return false;
      }
      reason = newReason;
      message = why;
      toWake = List.copyOf(listeners);
    }
    toWake.forEach(Runnable::run);
    return true;
  }

  void fail(ErrorCategory category, String why) {
    if (requestStop(Reason.FAIL, "stopped on " + category.dbValue() + ": " + why)) {
      synchronized (this) {
        failedOn = category;
      }
    }
  }
}
