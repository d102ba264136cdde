package dev.runlab.cli;

import dev.runlab.lab.Experiment;
import dev.runlab.lab.ExperimentId;
import dev.runlab.lab.Lab;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code runlab retry-errors ID [--category C]}. */
@Command(
    name = "retry-errors",
    mixinStandardHelpOptions = true,
    description =
        "Re-open the final error rows of an experiment (a completed one too) and run them again.")
final class RetryErrorsCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Mixin CommonOptions common;

  @Mixin RunFlags flags;

  @Parameters(index = "0", paramLabel = "ID", description = "the experiment id")
  long id;

  @Option(
      names = "--category",
      paramLabel = "C",
      description = "only errors of this category, e.g. server_error")
  String category;

  @Override
  public Integer call() {
    Cli cli = root.cli;
    if (category != null) {
      ErrorsCommand.checkCategory(category);
    }
    try (Lab lab = cli.lab(common.db)) {
      if (flags.dryRun) {
        cli.out.println(
            lab.dryRunRetryErrors(ExperimentId.of(id), category, flags.options(null)).describe());
        return 0;
      }
      Experiment experiment = lab.retryErrors(ExperimentId.of(id), category, flags.options(null));
      return Foreground.await(cli, lab, experiment).exitCode().code();
    }
  }
}
