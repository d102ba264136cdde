package dev.runlab.cli;

import dev.runlab.lab.Lab;
import dev.runlab.lab.TextTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import tech.tablesaw.api.Table;

/** {@code runlab list}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the experiments of the database.")
final class ListCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Cli cli = root.cli;
    try (Lab lab = cli.lab(common.db)) {
      Table table = lab.experiments();
      if (table.rowCount() == 0) {
        cli.out.println("no experiments in " + lab.database() + " yet; try `runlab demo`");
      } else {
        cli.out.println(TextTable.render(table, lab.display().maxRows(1000)));
      }
      return 0;
    }
  }
}
