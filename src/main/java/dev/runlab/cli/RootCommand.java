package dev.runlab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runlab}: without a command, the interactive lab. */
@Command(
    name = "runlab",
    mixinStandardHelpOptions = true,
    version = "runlab 0.1.0",
    description = "Resumable, safe LLM benchmark runs, and a lab to explore them.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      StartCommand.class,
      ResumeCommand.class,
      JoinCommand.class,
      RetryErrorsCommand.class,
      ListCommand.class,
      StatusCommand.class,
      ErrorsCommand.class,
      PauseCommand.class,
      CancelCommand.class,
      ExportCommand.class,
      DbCommand.class,
      BenchCommand.class,
      ReportCommand.class,
      NotebookCommand.class,
      KernelCommand.class,
      FakeLlmCommand.class,
    })
final class RootCommand implements Callable<Integer> {
  final Cli cli;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  RootCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    return LabCommand.run(cli, common.db);
  }
}
