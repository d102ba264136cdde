package dev.runlab;

/** The data file of an experiment changed since it started; resuming would mix two versions. */
public class ChecksumMismatchException extends RunlabException {
  private static final long serialVersionUID = 1L;

  public ChecksumMismatchException(String message) {
    super(ExitCode.INTEGRITY, message);
  }

  public ChecksumMismatchException(String message, Throwable cause) {
    super(ExitCode.INTEGRITY, message, cause);
  }
}
