package dev.runlab.run;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One narrative on its way to a final result in this run: its rendered prompts and the counts of
 * its attempts so far (starting from those stored by earlier runs). Touched by one thread at a
 * time: the coordinator hands it to a worker, the worker back to a retry timer.
 */
final class Item {
  final String narrativeId;
  final String text;
  final String system;
  final String prompt;
  int attempts;
  int failures;
  int rateLimitedInARow;
  private final AtomicBoolean settled = new AtomicBoolean();

  Item(String narrativeId, String text, String system, String prompt, int attempts, int failures) {
    this.narrativeId = narrativeId;
    this.text = text;
    this.system = system;
    this.prompt = prompt;
    this.attempts = attempts;
    this.failures = failures;
  }

  /** Claims the right to write this item's last update of the run; true for the first caller. */
  boolean settle() {
    return settled.compareAndSet(false, true);
  }

  int estimatedTokens() {
    return (prompt.length() + (system == null ? 0 : system.length())) / 4;
  }
}
