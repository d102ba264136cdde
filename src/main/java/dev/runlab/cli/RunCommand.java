package dev.runlab.cli;

import dev.runlab.RunlabException;
import dev.runlab.lab.Lab;
import dev.runlab.lab.shell.Runbook;
import dev.runlab.store.DbLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code runlab run SCRIPT.jsh [-p key=value ...]}: a runbook, without a prompt. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a .jsh runbook of lab snippets without a prompt.",
      "Parameters become typed variables before the first line (read them with"
          + " param(\"key\", default)); a parameter the runbook never reads gets a warning."
          + " Snippets run in order; the first compile error or exception stops it with its line"
          + " and exit 1 (a runlab error: its own code). Runs it started and did not await are"
          + " paused at the end."
    })
final class RunCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "SCRIPT.jsh", description = "the runbook")
  Path script;

  @Option(
      names = {"-p", "--param"},
      paramLabel = "key=value",
      description = "a parameter, e.g. -p yes=true (repeatable)")
  List<String> params = new ArrayList<>();

  @Override
  public Integer call() {
    Cli cli = root.cli;
    Map<String, String> parsed = dev.runlab.notebook.Parameters.parse(params);
    String source;
    try {
      source = Files.readString(script, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw RunlabException.usage(
          "cannot read the runbook " + script + " (" + e.getMessage() + "); check the path");
    }
    return runScript(cli, common.db, script.toString(), source, parsed);
  }

  /** Runs {@code source} as a runbook on the lab of {@code explicitDb}. */
  static int runScript(
      Cli cli, DbLocation explicitDb, String name, String source, Map<String, String> params) {
    try (Lab lab = cli.lab(explicitDb)) {
      lab.confirmWith(summary -> askOrRefuse(cli, summary));
      Runbook runbook = new Runbook(lab, cli.out, cli.err);
      Signals.onInterrupt(
          signal -> {
            cli.err.println("runlab: " + signal + ": stopping " + name + " and pausing its runs");
            runbook.interrupt();
          });
      return runbook.run(name, source, params);
    }
  }

  private static boolean askOrRefuse(Cli cli, String summary) {
    if (!cli.interactive) {
      throw RunlabException.usage(
          "resume() asks before resuming, but there is no terminal to ask on; call resume(true),"
              + " or pass -p yes=true to a runbook that reads param(\"yes\", false)");
    }
    cli.out.println(summary);
    return cli.ask("Resume this experiment?");
  }
}
