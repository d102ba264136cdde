package dev.runlab.cli;

import dev.runlab.lab.ExperimentId;
import dev.runlab.lab.Lab;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code runlab cancel ID}. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Cancel an experiment for good (running, paused or failed); it cannot be resumed after.",
      "Waits up to 30 s for a running experiment's process to stop."
    })
final class CancelCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "the experiment id")
  long id;

  @Override
  public Integer call() {
    try (Lab lab = root.cli.lab(common.db)) {
      root.cli.out.println(
          "experiment " + id + " is now " + lab.cancel(ExperimentId.of(id)).status());
      return 0;
    }
  }
}
