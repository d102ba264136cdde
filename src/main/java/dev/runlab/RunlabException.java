package dev.runlab;

/**
 * The root of every error a user can act on. Its message is one sentence that names the file, key,
 * row or experiment at fault and the next step; {@link #exitCode()} is the process exit code the
 * command line uses for it.
 */
public class RunlabException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public RunlabException(ExitCode exitCode, String message) {
    this(exitCode, message, null);
  }

  public RunlabException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** A failure of the run itself (exit code 1). */
  public static RunlabException failure(String message, Throwable cause) {
    return new RunlabException(ExitCode.FAILURE, message, cause);
  }

  /** A wrong argument, id or option (exit code 2). */
  public static RunlabException usage(String message) {
    return new RunlabException(ExitCode.USAGE, message);
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
