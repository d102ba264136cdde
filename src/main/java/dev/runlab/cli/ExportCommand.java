package dev.runlab.cli;

import dev.runlab.lab.ExperimentId;
import dev.runlab.lab.Lab;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code runlab export ID --format csv|jsonl --out F}. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Write an experiment's results, with gold labels, to a CSV or JSONL file.")
final class ExportCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "the experiment id")
  long id;

  @Option(
      names = "--format",
      required = true,
      paramLabel = "csv|jsonl",
      description = "csv or jsonl")
  String format;

  @Option(names = "--out", required = true, paramLabel = "F", description = "the file to write")
  Path out;

  @Override
  public Integer call() {
    try (Lab lab = root.cli.lab(common.db)) {
      long rows = lab.export(ExperimentId.of(id), format, out);
      root.cli.out.println(
          "wrote " + dev.runlab.Plural.of(rows, "result") + " of experiment " + id + " to " + out);
      return 0;
    }
  }
}
