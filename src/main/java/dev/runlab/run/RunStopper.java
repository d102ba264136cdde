package dev.runlab.run;

import dev.runlab.InvalidStateException;
import dev.runlab.LockHeldException;
import dev.runlab.RunlabException;
import dev.runlab.experiment.Status;
import dev.runlab.model.Sleeper;
import dev.runlab.store.ControlRequest;
import dev.runlab.store.Database;
import dev.runlab.store.DbLocation;
import dev.runlab.store.ExperimentRecord;
import dev.runlab.store.Experiments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code pause ID} and {@code cancel ID} for an experiment run by another process: a request in the
 * database that the run's writer sees at its next commit, then a wait (bounded) for the new status.
 * When no live process holds the experiment's lock, the command marks the status itself.
 */
public final class RunStopper {
  private final DbLocation db;
  private final RunEnvironment env;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration wait;

  public RunStopper(DbLocation db, RunEnvironment env, Duration wait) {
    this.db = db;
    this.env = env;
    this.clock = env.clock();
    this.sleeper = env.sleeper();
    this.wait = wait;
  }

  /**
   * Pauses ({@code cancel} false) or cancels experiment {@code id} and returns its record
   * afterwards.
   */
  public ExperimentRecord stop(long id, boolean cancel) throws InterruptedException {
    Status target = cancel ? Status.CANCELLED : Status.PAUSED;
    ControlRequest request = cancel ? ControlRequest.CANCEL : ControlRequest.PAUSE;
    String verb = request.dbValue();
    try (Database opened = Database.openExisting(db, clock)) {
      Experiments experiments = new Experiments(opened, clock);
      ExperimentRecord record = experiments.get(id);
      if (!record.status().canMoveTo(target) || record.status() == Status.COMPLETED) {
        throw new InvalidStateException(
            "experiment "
                + id
                + " is "
                + record.status()
                + "; only a "
                + (cancel ? "running, paused or failed" : "running")
                + " experiment can be "
                + (cancel ? "cancelled" : "paused"));
      }
      try (RunLock lock = RunLock.acquire(db, id)) {
        record = experiments.get(id); // the status may have moved while we took the lock
        if (!record.status().canMoveTo(target)) {
          return record;
        }
        // batches of a batch-mode run go on at the provider: cancel them, keep what they answered
        String batches = cancel ? BatchRun.cancelOutsideRun(db, record, lock, env) : "";
        String why =
            record.status() == Status.RUNNING
                ? verb
                    + " by process "
                    + ProcessHandle.current().pid()
                    + "; the process that ran it is gone"
                    + (lock.previousHolder() == null ? "" : " (was " + lock.previousHolder() + ")")
                : verb + " by process " + ProcessHandle.current().pid();
        experiments.changeStatus(id, record.status(), target, why + batches);
        return experiments.get(id);
      } catch (LockHeldException running) {
        return requestAndWait(experiments, id, request);
      }
    }
  }

  private ExperimentRecord requestAndWait(Experiments experiments, long id, ControlRequest request)
      throws InterruptedException {
    if (!experiments.requestControl(id, request)) {
      return experiments.get(id);
    }
    Instant deadline = clock.instant().plus(wait);
    while (clock.instant().isBefore(deadline)) {
      ExperimentRecord now = experiments.get(id);
      if (now.status() != Status.RUNNING) {
        return now;
      }
      sleeper.sleep(Duration.ofMillis(200));
    }
    throw RunlabException.failure(
        "experiment "
            + id
            + " did not stop within "
            + wait.toSeconds()
            + " s after the "
            + request.dbValue()
            + " request; its process may be busy — check `runlab status "
            + id
            + "` again",
        null);
  }
}
