package dev.runlab.cli;

import dev.runlab.lab.ExperimentId;
import dev.runlab.lab.Lab;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code runlab pause ID}. */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = {
      "Pause a running experiment: its process finishes the requests in flight, commits and stops.",
      "Waits up to 30 s for the status to change."
    })
final class PauseCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "the experiment id")
  long id;

  @Override
  public Integer call() {
    try (Lab lab = root.cli.lab(common.db)) {
      root.cli.out.println(
          "experiment " + id + " is now " + lab.pause(ExperimentId.of(id)).status());
      return 0;
    }
  }
}
