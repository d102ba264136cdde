package dev.runlab.cli;

import dev.runlab.RunlabException;
import dev.runlab.lab.Experiment;
import dev.runlab.lab.Lab;
import dev.runlab.lab.TextTable;
import dev.runlab.run.RunOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code runlab demo}: the demo experiment on the simulated model, then a summary. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the demo experiment on the simulated model, then show its summary.",
      "The demo classifies 2,400 synthetic injury narratives with gold labels; the simulated"
          + " model needs no API key and adds a little latency and a few faults."
    })
final class DemoCommand implements Callable<Integer> {
  static final Path CONFIG = Path.of("data", "demo", "experiment.yaml");

  @ParentCommand RootCommand root;

  @Mixin CommonOptions common;

  @Mixin RunFlags flags;

  @Override
  public Integer call() {
    Cli base = root.cli;
    Cli cli =
        new Cli(
            base.out,
            base.err,
            base.in,
            base.interactive,
            base.env.withProgressInterval(Duration.ofSeconds(2)),
            base.home);
    Path config = cli.home.resolve(CONFIG);
    if (!Files.isRegularFile(config)) {
      throw RunlabException.usage(
          "the demo config " + config + " is missing; run the demo from a runlab checkout");
    }
    try (Lab lab = cli.lab(common.db)) {
      cli.out.println(
          "runlab demo: the narratives in data/demo/ classified by the simulated model (no API key"
              + " needed; a few faults are simulated to show retries). Press Ctrl-C to pause.");
      if (flags.dryRun) {
        cli.out.println(lab.dryRunStart(config, flags.options(null)).describe());
        return 0;
      }
      Experiment experiment = lab.start(config, flags.options(null));
      RunOutcome outcome = Foreground.await(cli, lab, experiment);
      printSummary(cli, lab, experiment);
      return outcome.exitCode().code();
    }
  }

  private static void printSummary(Cli cli, Lab lab, Experiment experiment) {
    long id = experiment.id();
    cli.out.println();
    cli.out.println(lab.experiment(experiment));
    cli.out.println("  " + lab.accuracy(experiment));
    var errors = lab.errors(experiment);
    if (errors.byCategory().rowCount() > 0) {
      cli.out.println("final errors by category:");
      cli.out.println(TextTable.render(errors.byCategory(), lab.display()));
    }
    String db = lab.database().toString();
    cli.out.println();
    // each line within 80 columns
    cli.out.println("Next:");
    cli.out.println(
        "  ./runlab status " + id + "                 progress and counts, also mid-run");
    cli.out.println("  ./runlab errors " + id + " --by category   what failed and why");
    cli.out.println("  ./runlab retry-errors " + id + "           run the error rows again");
    cli.out.println("  ./runlab export " + id + " --format csv --out results.csv");
    cli.out.println("  ./runlab                          the lab: experiments(), help()");
    String client = lab.database().isPostgres() ? "psql " + db + " -c" : "sqlite3 " + db;
    cli.out.println(
        "  "
            + client
            + " \"SELECT status, count(*) FROM narrative_results WHERE experiment_id = "
            + id
            + " GROUP BY status\"");
  }
}
