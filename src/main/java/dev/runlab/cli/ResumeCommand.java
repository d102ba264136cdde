package dev.runlab.cli;

import dev.runlab.RunlabException;
import dev.runlab.lab.Experiment;
import dev.runlab.lab.ExperimentId;
import dev.runlab.lab.Lab;
import dev.runlab.store.ExperimentRecord;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code runlab resume [ID] [--config F] [--yes]}. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Resume an experiment after the safety checks (lock, state, data checksum, config, backup).",
      "Without ID: the newest incomplete experiment, after showing its summary and asking."
    })
final class ResumeCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Mixin CommonOptions common;

  @Mixin RunFlags flags;

  @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "the experiment id")
  Long id;

  @Option(
      names = "--config",
      paramLabel = "F",
      description =
          "a YAML whose run: settings apply; its other settings are compared with the stored"
              + " config, which wins")
  Path config;

  @Option(names = "--yes", description = "resume the newest incomplete experiment without asking")
  boolean yes;

  @Override
  public Integer call() {
    Cli cli = root.cli;
    try (Lab lab = cli.lab(common.db)) {
      long target = id != null ? id : chooseLatest(cli, lab);
      if (target < 0) {
        cli.out.println("not resumed");
        return 0;
      }
      if (flags.dryRun) {
        cli.out.println(
            lab.dryRunResume(ExperimentId.of(target), flags.options(config)).describe());
        return 0;
      }
      Experiment experiment = lab.resume(ExperimentId.of(target), flags.options(config));
      return Foreground.await(cli, lab, experiment).exitCode().code();
    }
  }

  /** The newest incomplete experiment, confirmed by the user; -1 when they say no. */
  private long chooseLatest(Cli cli, Lab lab) {
    ExperimentRecord latest = lab.latestIncomplete();
    if (yes) {
      return latest.id();
    }
    if (!cli.interactive) {
      throw RunlabException.usage(
          "`runlab resume` without an id asks before resuming, but there is no terminal to ask"
              + " on; pass the id (`runlab resume "
              + latest.id()
              + "`) or --yes");
    }
    cli.out.println(lab.experiment(ExperimentId.of(latest.id())));
    return cli.ask("Resume experiment " + latest.id() + "?") ? latest.id() : -1;
  }
}
