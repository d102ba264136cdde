package dev.runlab.experiment;

/**
 * The {@code run:} section: operational settings, which may change on resume.
 *
 * @param concurrency requests in flight at once
 * @param batchSize final results committed per transaction (also committed every 2 s)
 * @param maxAttempts failed attempts (429s excluded) before an item's error is final
 * @param requestsPerMinute request rate limit, 0 for none
 * @param tokensPerMinute token rate limit, 0 for none
 * @param timeoutSeconds per-request timeout
 * @param retryParseErrors whether an answer that does not parse is retried
 * @param backoffBaseMs first retry delay before jitter
 * @param backoffMaxMs largest retry delay
 */
public record RunConfig(
    int concurrency,
    int batchSize,
    int maxAttempts,
    int requestsPerMinute,
    int tokensPerMinute,
    int timeoutSeconds,
    boolean retryParseErrors,
    long backoffBaseMs,
    long backoffMaxMs) {

  public static final RunConfig DEFAULTS = new RunConfig(8, 100, 3, 0, 0, 60, false, 1000, 60_000);

  public RunConfig {
    positive("run.concurrency", concurrency);
    positive("run.batch_size", batchSize);
    positive("run.max_attempts", maxAttempts);
    positive("run.timeout_seconds", timeoutSeconds);
    notNegative("run.requests_per_minute", requestsPerMinute);
    notNegative("run.tokens_per_minute", tokensPerMinute);
    notNegative("run.backoff_base_ms", backoffBaseMs);
    if (backoffMaxMs < backoffBaseMs) {
      throw new IllegalArgumentException(
          "run.backoff_max_ms ("
              + backoffMaxMs
              + ") must be at least run.backoff_base_ms ("
              + backoffBaseMs
              + ")");
    }
  }

  private static void positive(String key, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, was " + value);
    }
  }

  private static void notNegative(String key, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(key + " must not be negative, was " + value);
    }
  }

  public RunConfig withConcurrency(int value) {
    return new RunConfig(
        value,
        batchSize,
        maxAttempts,
        requestsPerMinute,
        tokensPerMinute,
        timeoutSeconds,
        retryParseErrors,
        backoffBaseMs,
        backoffMaxMs);
  }

  public RunConfig withBatchSize(int value) {
    return new RunConfig(
        concurrency,
        value,
        maxAttempts,
        requestsPerMinute,
        tokensPerMinute,
        timeoutSeconds,
        retryParseErrors,
        backoffBaseMs,
        backoffMaxMs);
  }
}
