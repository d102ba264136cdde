package dev.runlab.cli;

import dev.runlab.experiment.Status;
import dev.runlab.run.ProgressSnapshot;
import dev.runlab.run.RunListener;
import dev.runlab.run.RunOutcome;
import java.io.PrintStream;
import java.time.ZoneId;

/**
 * Prints a run's reports for the command line: progress lines and information to stdout, warnings
 * and the message of a failed run to stderr. Thread-safe (PrintStream is).
 */
final class ConsoleListener implements RunListener {
  private final PrintStream out;
  private final PrintStream err;
  private final ZoneId zone;

  ConsoleListener(PrintStream out, PrintStream err, ZoneId zone) {
    this.out = out;
    this.err = err;
    this.zone = zone;
  }

  @Override
  public void onProgress(ProgressSnapshot progress) {
    out.println(progress.line(zone));
  }

  @Override
  public void onInfo(long experimentId, String message) {
    out.println(message);
  }

  @Override
  public void onWarning(long experimentId, String message) {
    err.println("runlab: warning: " + message);
  }

  @Override
  public void onFinished(RunOutcome outcome) {
    String line =
        "experiment " + outcome.experimentId() + " " + outcome.status() + ": " + outcome.message();
    if (outcome.status() == Status.FAILED) {
      err.println("runlab: " + line);
    } else {
      out.println(line);
    }
  }
}
