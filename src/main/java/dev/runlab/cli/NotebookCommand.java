package dev.runlab.cli;

import dev.runlab.lab.Lab;
import dev.runlab.notebook.NotebookRunner;
import dev.runlab.notebook.Parameters;
import dev.runlab.store.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runlab notebook run NB.ipynb [-p key=value ...] [--out OUT.ipynb]}. */
@Command(
    name = "notebook",
    mixinStandardHelpOptions = true,
    description = "Run Jupyter notebooks headless with the lab's session.",
    subcommands = NotebookCommand.Run.class)
final class NotebookCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(root.cli.out);
    return 0;
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run a notebook's code cells in a fresh session and save it with their outputs.",
        "Parameters go into a cell tagged injected-parameters after the cell tagged parameters;"
            + " a parameter the notebook does not take is refused (exit 2). At the first failing"
            + " cell it stops, saves what ran with the error, and exits 1 (or the runlab error's"
            + " own code)."
      })
  static final class Run implements Callable<Integer> {
    @ParentCommand NotebookCommand parent;

    @Mixin CommonOptions common;

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "NB.ipynb")
    Path notebook;

    @Option(
        names = {"-p", "--param"},
        paramLabel = "key=value",
        description = "a parameter, e.g. -p experiment_id=3 (repeatable)")
    List<String> params = new ArrayList<>();

    @Option(
        names = "--out",
        paramLabel = "OUT.ipynb",
        description = "where to save the executed notebook (default: NB.out.ipynb beside NB)")
    Path out;

    @Override
    public Integer call() {
      Cli cli = parent.root.cli;
      Map<String, String> parsed = Parameters.parse(params);
      Path target = out == null ? NotebookRunner.defaultOutput(notebook) : out;
      try (Lab lab = cli.lab(common.db)) {
        // a notebook's text outputs are read elsewhere, later: the default width, not this
        // terminal's
        lab.display().terminalWidth(() -> 0);
        if (!Database.exists(lab.database())) {
          // an analysis of nothing: refuse before a cell runs or an output notebook is written
          throw Database.missing(lab.database());
        }
        NotebookRunner.Outcome outcome = NotebookRunner.on(lab).run(notebook, parsed, target);
        if (outcome.failure() != null) {
          cli.err.println(
              "runlab: error: cell "
                  + outcome.failedCell()
                  + " of "
                  + notebook
                  + " failed: "
                  + outcome.failure().name()
                  + ": "
                  + outcome.failure().message()
                  + "; the notebook with the outputs so far and the error is in "
                  + target);
          return outcome.exitCode().code();
        }
        cli.out.println(
            "ran " + outcome.executed() + " code cells of " + notebook + "; wrote " + target);
        return 0;
      }
    }
  }
}
