package dev.runlab.experiment;

import java.util.Locale;

/**
 * The lifecycle of an experiment, stored as lower-case text in {@code experiments.status}.
 *
 * <p>start → running; all narratives final → completed; resume: from running (only after a crash,
 * when no live process holds the lock), paused or failed → running; completed and cancelled are
 * final for resume.
 */
public enum Status {
  RUNNING,
  PAUSED,
  COMPLETED,
  FAILED,
  CANCELLED;

  /** Whether {@code resume} may take the experiment back to running. */
  public boolean canResume() {
    return this == RUNNING || this == PAUSED || this == FAILED;
  }

  /** Whether {@code pause} or {@code cancel} applies: only a running experiment can be stopped. */
  public boolean isActive() {
    return this == RUNNING;
  }

  /** Whether work remains that a resume could do. */
  public boolean isIncomplete() {
    return canResume();
  }

  /** Whether the run may move from this status to {@code next}. */
  public boolean canMoveTo(Status next) {
    return switch (this) {
      case RUNNING -> next != RUNNING;
      case PAUSED, FAILED -> next == RUNNING || next == CANCELLED;
      case COMPLETED -> next == RUNNING; // only through retry-errors, which re-opens error rows
      case CANCELLED -> false;
    };
  }

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Status fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return dbValue();
  }
}
