package dev.runlab;

/** The experiment's status does not allow the command, e.g. resuming a completed experiment. */
public class InvalidStateException extends RunlabException {
  private static final long serialVersionUID = 1L;

  public InvalidStateException(String message) {
    super(ExitCode.INVALID_STATE, message);
  }

  public InvalidStateException(String message, Throwable cause) {
    super(ExitCode.INVALID_STATE, message, cause);
  }
}
