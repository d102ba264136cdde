package dev.runlab.run;

import dev.runlab.ExitCode;
import dev.runlab.Plural;
import dev.runlab.experiment.Status;
import dev.runlab.store.Database;
import dev.runlab.store.Experiments;

/**
 * How a run ends and what it says: completed, failed, cancelled or paused with what is left and how
 * to go on; for a worker that joined a shared run and leaves on its own, an ending that leaves the
 * experiment to the others. Thread-safe (reads the run's control).
 */
final class RunEndings {
  private final RunSpec spec;
  private final RunControl control;
  private final RunEnvironment env;

  RunEndings(RunSpec spec, RunControl control, RunEnvironment env) {
    this.spec = spec;
    this.control = control;
    this.env = env;
  }

  /** The final status for {@code completed} narratives with a final result. */
  ResultWriter.Ending ending(long completed, boolean stoppedByStore) {
    RunControl.Reason reason = control.reason();
    if (completed >= spec.total()) {
      return new ResultWriter.Ending(
          Status.COMPLETED, "all " + spec.total() + " narratives have a final result");
    }
    if (spec.joined() && !stoppedByStore) {
      // a worker that leaves (its own failure, Ctrl-C) leaves the experiment to the others
      return new ResultWriter.Ending(
          reason == RunControl.Reason.FAIL ? Status.FAILED : Status.PAUSED,
          "worker left experiment "
              + spec.experimentId()
              + ": "
              + (reason == null ? "stopped after --limit " + spec.limit() : control.message())
              + "; the other workers go on",
          false);
    }
    if (reason == RunControl.Reason.FAIL) {
      return new ResultWriter.Ending(
          Status.FAILED, control.message() + StopAdvice.whatToDo(spec, control.failedOn()));
    }
    if (reason == RunControl.Reason.CANCEL) {
      return new ResultWriter.Ending(Status.CANCELLED, control.message());
    }
    long left = spec.total() - completed;
    String why =
        reason == RunControl.Reason.PAUSE
            ? control.message()
            : "stopped after --limit " + spec.limit();
    return new ResultWriter.Ending(
        Status.PAUSED,
        why
            + "; "
            + Plural.of(left, "narrative")
            + " left — resume with `runlab resume "
            + spec.experimentId()
            + "`");
  }

  /**
   * The outcome of a run stopped by an internal error: the experiment marked failed (a joined
   * worker leaves it to the others), with what to do.
   */
  RunOutcome crashed(Exception e, String lost) {
    if (spec.joined()) {
      String message =
          "worker of experiment "
              + spec.experimentId()
              + " stopped on an internal error: "
              + e.getMessage()
              + lost
              + "; the experiment goes on with its other workers";
      return new RunOutcome(spec.experimentId(), Status.FAILED, message, ExitCode.FAILURE);
    }
    String message =
        "experiment "
            + spec.experimentId()
            + " stopped on an internal error: "
            + e.getMessage()
            + lost
            + "; its committed results are safe — resume it with `runlab resume "
            + spec.experimentId()
            + "`";
    try (Database db = Database.openExisting(spec.db(), env.clock())) {
      new Experiments(db, env.clock())
          .changeStatus(spec.experimentId(), Status.RUNNING, Status.FAILED, message);
    } catch (RuntimeException ignored) {
      // the database is what failed: the next resume finds the run's lock free and takes over
    }
    return new RunOutcome(spec.experimentId(), Status.FAILED, message, ExitCode.FAILURE);
  }
}
