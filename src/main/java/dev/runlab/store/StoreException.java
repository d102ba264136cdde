package dev.runlab.store;

import dev.runlab.ExitCode;
import dev.runlab.RunlabException;

/** A database operation that failed for a reason outside the user's input (I/O, corruption). */
public final class StoreException extends RunlabException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(ExitCode.FAILURE, message, cause);
  }

  /** Whether {@code e} (or what caused it) is a unique violation: a row that exists already. */
  public static boolean isDuplicate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
