package dev.runlab.cli;

import dev.runlab.RunlabException;
import dev.runlab.TempFolders;
import dev.runlab.bench.EngineBenchmark;
import dev.runlab.bench.HttpBenchmark;
import dev.runlab.bench.WorkersBenchmark;
import dev.runlab.kernel.KernelBenchmark;
import dev.runlab.store.DbLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code runlab bench engine|http|kernel|workers}: measured against ideal; not part of the tests.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Run a benchmark and print what it measured against the ideal.",
      "engine: narratives through the simulated model at zero latency vs plain batched inserts"
          + " (into SQLite, or into the PostgreSQL database of --db).",
      "http: runs over HTTP against runlab fake-llm: (a) 200 ms latency at concurrency 32,"
          + " (b) an unannounced 600/min server limit, (c) the same limit configured, (d) sporadic"
          + " 429s, 500s, 503s and timeouts, (e) 600 requests/min announced in OpenAI's headers,"
          + " (f) 40,000 input tokens/min announced in Anthropic's headers, (g) 5%% overloaded.",
      "kernel: the Jupyter kernel's start-up, from start_kernel to ready (target 5 s) and to the"
          + " first cell's value, measured with jupyter_client.",
      "workers: one experiment answered by 1, 2 and 4 workers on the PostgreSQL store of --db,"
          + " against runlab fake-llm at 200 ms latency (targets 1.8x and 3.4x)."
    })
final class BenchCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(
      index = "0",
      paramLabel = "engine|http|kernel|workers",
      description = "which benchmark: engine, http, kernel or workers")
  String which;

  @Mixin CommonOptions common;

  @Option(
      names = "--items",
      paramLabel = "N",
      description = "narratives to process (default 100000; workers: 3000)")
  Integer items;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      description =
          "engine: measured rounds, each plain inserts then the engine; the median ratio counts;"
              + " kernel: kernels started (default 5)")
  int rounds = 5;

  @Option(
      names = "--window-seconds",
      paramLabel = "S",
      description =
          "http: how long the rate-limited scenarios (b), (c), (e) and (f) run (default 120)")
  long windowSeconds = 120;

  @Option(
      names = "--scenarios",
      paramLabel = "a,b,...",
      split = ",",
      description = "http: which scenarios to run, of a to g (default all)")
  List<String> scenarios = HttpBenchmark.SCENARIOS;

  @Override
  public Integer call() throws Exception {
    for (String s : scenarios) {
      if (!HttpBenchmark.SCENARIOS.contains(s)) {
        throw RunlabException.usage(
            "--scenarios: '" + s + "' is not a scenario of bench http; choose from a to g");
      }
    }
    int n = items != null ? items : which.equals("workers") ? 3_000 : 100_000;
    if (n < 1 || rounds < 1 || windowSeconds < 1) {
      throw RunlabException.usage(
          "--items, --rounds and --window-seconds must be at least 1 (given: --items "
              + n
              + ", --rounds "
              + rounds
              + ", --window-seconds "
              + windowSeconds
              + ")");
    }
    Path work = Files.createTempDirectory("runlab-bench-");
    try {
      switch (which) {
        case "engine" -> new EngineBenchmark(root.cli.out, work, n, rounds, postgres(false)).run();
        case "workers" -> new WorkersBenchmark(root.cli.out, work, n, postgres(true)).run();
        case "http" ->
            new HttpBenchmark(
                    root.cli.out, work, Duration.ofSeconds(windowSeconds), Set.copyOf(scenarios))
                .run();
        case "kernel" ->
            new KernelBenchmark(
                    root.cli.out, work, root.cli.home, rounds, root.cli.env.environment())
                .run();
        default ->
            throw RunlabException.usage(
                "unknown benchmark '" + which + "'; choose engine, http, kernel or workers");
      }
    } finally {
      // the databases and data of a bench run take hundreds of MB; nothing in them is kept
      TempFolders.deleteTree(work);
    }
    return 0;
  }

  /** The PostgreSQL store of {@code --db}; null without one, unless {@code required}. */
  private DbLocation.Postgres postgres(boolean required) {
    if (common.db instanceof DbLocation.Postgres pg) {
      return pg;
    }
    if (common.db != null || required) {
      throw RunlabException.usage(
          "bench "
              + which
              + (required ? " needs" : " takes")
              + " --db postgresql://[USER@]HOST[:PORT]/DATABASE (a scratch database: its bench"
              + " experiments are deleted after each round)"
              + (required ? "" : "; on SQLite it measures in a temporary folder"));
    }
    return null;
  }
}
