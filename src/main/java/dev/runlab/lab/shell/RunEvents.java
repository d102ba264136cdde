package dev.runlab.lab.shell;

import dev.runlab.run.RunListener;
import dev.runlab.run.RunOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the lab prints of the runs going on in the background: outcomes (completed, failed, paused),
 * warnings and notices, each as one message handed to the front end (the lab prints them above the
 * prompt). Progress is not here: the status line polls it. Messages that arrive before a front end
 * is attached wait for it. Next steps are written as the lab's calls ({@link LabSyntax}).
 * Thread-safe.
 */
public final class RunEvents implements RunListener {
  private final List<String> waiting = new ArrayList<>();
  private Consumer<String> printer;
  private boolean labSyntax = true;

  /** Sends messages to {@code printer} from now on, starting with those that waited. */
  public synchronized void attach(Consumer<String> newPrinter) {
    this.printer = newPrinter;
    waiting.forEach(newPrinter);
    waiting.clear();
  }

  /**
   * From now on messages keep the command line's syntax: the user is leaving the lab, and what they
   * are told to do next they do in the shell.
   */
  public synchronized void leavingTheLab() {
    labSyntax = false;
  }

  private synchronized void print(String text) {
    String message = labSyntax ? LabSyntax.of(text) : text;
    if (printer == null) {
      waiting.add(message);
    } else {
      printer.accept(message);
    }
  }

  @Override
  public void onInfo(long experimentId, String message) {
    print(message);
  }

  @Override
  public void onWarning(long experimentId, String message) {
    print("warning: " + message);
  }

  @Override
  public void onFinished(RunOutcome outcome) {
    print(
        "experiment "
            + outcome.experimentId()
            + " "
            + outcome.status().dbValue()
            + ": "
            + outcome.message());
  }
}
