package dev.runlab.cli;

import dev.runlab.RunlabException;
import dev.runlab.run.EngineBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code runlab bench engine|http}: measured against ideal; not part of the tests. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks that print measured figures against their ideal.",
      "engine: narratives through the simulated model at zero latency vs plain batched inserts."
    })
final class BenchCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(index = "0", paramLabel = "engine", description = "which benchmark: engine")
  String which;

  @Option(
      names = "--items",
      paramLabel = "N",
      description = "narratives to process (default 100000)")
  int items = 100_000;

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("runlab-bench-");
    switch (which) {
      case "engine" -> new EngineBenchmark(root.cli.out, work, items).run();
      default -> throw RunlabException.usage("unknown benchmark '" + which + "'; choose engine");
    }
    return 0;
  }
}
