package dev.runlab.cli;

import dev.runlab.lab.Experiment;
import dev.runlab.lab.ExperimentId;
import dev.runlab.lab.Lab;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code runlab join ID --db postgresql://...}. */
@Command(
    name = "join",
    mixinStandardHelpOptions = true,
    description = {
      "Add this process as a worker to a running experiment of a shared PostgreSQL store.",
      "Workers claim narratives in leases and split the configured rate limits; Ctrl-C makes this"
          + " worker leave, `runlab pause ID` stops them all."
    })
final class JoinCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Mixin CommonOptions common;

  @Mixin RunFlags flags;

  @Parameters(index = "0", paramLabel = "ID", description = "the experiment id")
  long id;

  @Override
  public Integer call() {
    Cli cli = root.cli;
    try (Lab lab = cli.lab(common.db)) {
      Experiment experiment = lab.join(ExperimentId.of(id), flags.options(null));
      return Foreground.await(cli, lab, experiment).exitCode().code();
    }
  }
}
