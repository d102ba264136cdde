package dev.runlab.cli;

import dev.runlab.run.RunOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of commands that run an experiment: start, resume, retry-errors, demo. */
final class RunFlags {
  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "send only the first N pending narratives (a smoke test before the full run)")
  long limit;

  @Option(names = "--dry-run", description = "check, count and estimate the cost; send nothing")
  boolean dryRun;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "requests in flight (run.concurrency)")
  Integer concurrency;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "results per commit (run.batch_size)")
  Integer batchSize;

  RunOptions options(Path config) {
    if (limit < 0) {
      throw dev.runlab.RunlabException.usage("--limit must be 0 or more, was " + limit);
    }
    if (concurrency != null && concurrency < 1) {
      throw dev.runlab.RunlabException.usage(
          "--concurrency must be at least 1, was " + concurrency);
    }
    if (batchSize != null && batchSize < 1) {
      throw dev.runlab.RunlabException.usage("--batch-size must be at least 1, was " + batchSize);
    }
    return new RunOptions(limit, dryRun, config, concurrency, batchSize);
  }
}
