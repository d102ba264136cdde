package dev.runlab.lab;

import dev.runlab.ExitCode;
import dev.runlab.LockHeldException;
import dev.runlab.RunlabException;
import dev.runlab.run.Launcher;
import dev.runlab.run.Run;
import dev.runlab.run.RunEnvironment;
import dev.runlab.run.RunLock;
import dev.runlab.run.RunStopper;
import dev.runlab.store.DbLocation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs a lab drives: launched through its {@link Launcher}, kept by experiment id until the lab
 * closes, stopped here or, for another process's run, through the database. Thread-safe.
 */
final class LabRuns {
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  private final Launcher launcher;
  private final DbLocation dbFile;
  private final RunEnvironment env;
  private final Map<Long, Run> runs = new ConcurrentHashMap<>();

  LabRuns(Launcher launcher, DbLocation dbFile, RunEnvironment env) {
    this.launcher = launcher;
    this.dbFile = dbFile;
    this.env = env;
  }

  Launcher launcher() {
    return launcher;
  }

  /** Keeps the run of a start or resume; returns its experiment id. */
  long launched(Launcher.Launch launch) {
    Run run = launch.run();
    runs.put(run.experimentId(), run);
    return run.experimentId();
  }

  Optional<Run> run(long id) {
    return Optional.ofNullable(runs.get(id));
  }

  /** The run of {@code id} when it goes on in this lab. */
  Optional<Run> active(long id) {
    return run(id).filter(Run::isActive);
  }

  List<Run> active() {
    return runs.values().stream().filter(Run::isActive).toList();
  }

  /**
   * Whether experiment {@code id}, stored as running, is run by no live process: neither here nor
   * by the holder of its lock. Its last run crashed or was killed.
   */
  boolean crashed(long id) {
    return active(id).isEmpty() && !RunLock.heldByALiveProcess(dbFile, id);
  }

  /** A second resume of a run this lab drives is refused like one from outside (exit 4). */
  void refuseIfRunningHere(long id) {
    if (active(id).isPresent()) {
      throw new LockHeldException(
          "experiment "
              + id
              + " is already running in this lab (process "
              + ProcessHandle.current().pid()
              + "); pause("
              + id
              + ") it first");
    }
  }

  /** Pauses or cancels a run of this lab, or asks the process that runs it; waits for the stop. */
  void stop(long id, boolean cancel) {
    try {
      Optional<Run> here = active(id);
      if (here.isEmpty()) {
        new RunStopper(dbFile, env, Duration.ofSeconds(30)).stop(id, cancel);
        return;
      }
      if (cancel) {
        here.get().requestCancel("cancelled from the lab");
      } else {
        here.get().requestPause("paused from the lab");
      }
      if (here.get().await(STOP_WAIT).isEmpty()) {
        throw RunlabException.failure(
            "experiment " + id + " did not stop within 60 s; its requests may be slow", null);
      }
    } catch (InterruptedException e) {
      throw interrupted(e, "interrupted while waiting for experiment " + id + " to stop");
    }
  }

  /** Waits for this lab's run of {@code id} to end; returns at once when none runs here. */
  void await(long id) {
    Optional<Run> here = active(id);
    if (here.isPresent()) {
      try {
        here.get().await();
      } catch (InterruptedException e) {
        throw interrupted(e, "interrupted while waiting for experiment " + id);
      }
    }
  }

  /** Pauses every run of this lab and waits for them to stop (batch committed). */
  void pauseAll(String why) {
    List<Run> going = active();
    going.forEach(run -> run.requestPause(why));
    for (Run run : going) {
      try {
        run.await(STOP_WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static RunlabException interrupted(InterruptedException e, String message) {
    Thread.currentThread().interrupt();
    return new RunlabException(ExitCode.INTERRUPTED, message, e);
  }
}
