package dev.runlab.store;

import dev.runlab.ExitCode;
import dev.runlab.RunlabException;

/** A database operation that failed for a reason outside the user's input (I/O, corruption). */
public final class StoreException extends RunlabException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(ExitCode.FAILURE, message, cause);
  }
}
