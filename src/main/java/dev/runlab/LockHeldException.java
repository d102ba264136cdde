package dev.runlab;

/** Another live process (or run in this process) holds the resume lock of an experiment. */
public class LockHeldException extends RunlabException {
  private static final long serialVersionUID = 1L;

  public LockHeldException(String message) {
    super(ExitCode.LOCKED, message);
  }

  public LockHeldException(String message, Throwable cause) {
    super(ExitCode.LOCKED, message, cause);
  }
}
