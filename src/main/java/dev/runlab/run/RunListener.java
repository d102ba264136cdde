package dev.runlab.run;

/**
 * What front ends hear of a run going on in the background: progress every few seconds and once at
 * the end, warnings, and the outcome. Called from the run's threads; implementations must be
 * thread-safe and quick.
 */
public interface RunListener {
  default void onProgress(ProgressSnapshot progress) {}

  /** Something the user should know that is not a problem, e.g. where the backup went. */
  default void onInfo(long experimentId, String message) {}

  /** Something the user should look at, e.g. config drift or a lock taken over. */
  default void onWarning(long experimentId, String message) {}

  default void onFinished(RunOutcome outcome) {}
}
