package dev.runlab.cli;

import dev.runlab.ExitCode;
import dev.runlab.lab.Experiment;
import dev.runlab.lab.Lab;
import dev.runlab.run.Run;
import dev.runlab.run.RunOutcome;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an experiment in the foreground of the command line: SIGINT or SIGTERM pauses it (requests
 * in flight finish, the batch is committed, status paused) and the command exits 130.
 */
final class Foreground {
  private Foreground() {}

  static RunOutcome await(Cli cli, Lab lab, Experiment experiment) {
    Run run = lab.run(experiment).orElseThrow();
    AtomicInteger signals = new AtomicInteger();
    Signals.onInterrupt(
        signal -> {
          // asked first, said after: when the line shows, no new request goes out
          run.requestPause("paused by " + signal);
          if (signals.incrementAndGet() == 1) {
            cli.err.println(
                "runlab: "
                    + signal
                    + ": pausing experiment "
                    + run.experimentId()
                    + " after the requests in flight; resume it with `runlab resume "
                    + run.experimentId()
                    + "`");
          } else {
            cli.err.println(
                "runlab: " + signal + ": still pausing; waiting for requests in flight");
          }
        });
    try {
      return run.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.requestPause("paused: interrupted");
      return new RunOutcome(
          run.experimentId(),
          dev.runlab.experiment.Status.PAUSED,
          "interrupted",
          ExitCode.INTERRUPTED);
    }
  }
}
