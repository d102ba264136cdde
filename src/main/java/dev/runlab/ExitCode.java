package dev.runlab;

/** The process exit codes of the command line, part of runlab's contract (README, Exit codes). */
public enum ExitCode {
  OK(0),
  FAILURE(1),
  USAGE(2),
  INTEGRITY(3),
  LOCKED(4),
  INVALID_STATE(5),
  INTERRUPTED(130);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
