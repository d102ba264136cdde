package dev.runlab.run;

import java.nio.file.Path;

/**
 * Options of {@code start}, {@code resume} and {@code retry-errors}.
 *
 * @param limit only the first N pending narratives (a smoke test), 0 for all
 * @param dryRun run every check and count, send nothing, change nothing
 * @param config for resume: a YAML whose operational settings apply and whose experimental settings
 *     are compared with the stored ones (the database wins), or null
 * @param concurrency overrides {@code run.concurrency}, or null
 * @param batchSize overrides {@code run.batch_size}, or null
 */
public record RunOptions(
    long limit, boolean dryRun, Path config, Integer concurrency, Integer batchSize) {
  public static final RunOptions DEFAULT = new RunOptions(0, false, null, null, null);

  public RunOptions {
    if (limit < 0) {
      throw new IllegalArgumentException("--limit must not be negative, was " + limit);
    }
  }

  public RunOptions withLimit(long newLimit) {
    return new RunOptions(newLimit, dryRun, config, concurrency, batchSize);
  }

  public RunOptions withDryRun(boolean newDryRun) {
    return new RunOptions(limit, newDryRun, config, concurrency, batchSize);
  }

  public RunOptions withConfig(Path newConfig) {
    return new RunOptions(limit, dryRun, newConfig, concurrency, batchSize);
  }
}
