package dev.runlab;

/** A data file that cannot be read as narratives: the message names the file and the row. */
public class DataFormatException extends RunlabException {
  private static final long serialVersionUID = 1L;

  public DataFormatException(String message) {
    super(ExitCode.USAGE, message);
  }

  public DataFormatException(String message, Throwable cause) {
    super(ExitCode.USAGE, message, cause);
  }
}
