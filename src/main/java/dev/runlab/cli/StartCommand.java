package dev.runlab.cli;

import dev.runlab.lab.Experiment;
import dev.runlab.lab.Lab;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code runlab start CONFIG.yaml}. */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = "Create an experiment from a config file and run it in the foreground.")
final class StartCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Mixin CommonOptions common;

  @Mixin RunFlags flags;

  @Parameters(index = "0", paramLabel = "CONFIG.yaml", description = "the experiment's config")
  Path config;

  @Override
  public Integer call() {
    Cli cli = root.cli;
    try (Lab lab = cli.lab(common.db)) {
      if (flags.dryRun) {
        cli.out.println(lab.dryRunStart(config, flags.options(null)).describe());
        return 0;
      }
      Experiment experiment = lab.start(config, flags.options(null));
      return Foreground.await(cli, lab, experiment).exitCode().code();
    }
  }
}
