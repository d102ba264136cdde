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
 * @param mode {@code online} (one request per narrative) or {@code batch} (the provider's batch
 *     API)
 * @param batchMaxRequests batch mode: requests per batch, 0 for the provider's limit
 * @param batchPollSeconds batch mode: how often open batches are polled
 * @param leaseSeconds shared store: how long a worker's claim on a narrative lasts unrenewed
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
    long backoffMaxMs,
    String mode,
    int batchMaxRequests,
    double batchPollSeconds,
    int leaseSeconds) {

  public static final String ONLINE = "online";
  public static final String BATCH = "batch";

  /** The defaults of the {@code run:} keys (README, All keys). */
  public static final RunConfig DEFAULTS = new Builder().build();

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
    if (!ONLINE.equals(mode) && !BATCH.equals(mode)) {
      throw new IllegalArgumentException("run.mode must be online or batch, was " + mode);
    }
    notNegative("run.batch_max_requests", batchMaxRequests);
    if (!(batchPollSeconds > 0) || Double.isInfinite(batchPollSeconds)) {
      throw new IllegalArgumentException(
          "run.batch_poll_seconds must be a positive number, was " + batchPollSeconds);
    }
    if (leaseSeconds < 5) {
      throw new IllegalArgumentException(
          "run.lease_seconds must be 5 or more, was " + leaseSeconds);
    }
  }

  /** Whether pending narratives go to the provider's batch API instead of one request each. */
  public boolean batchMode() {
    return BATCH.equals(mode);
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

  /** Settings built by name, starting from {@link #DEFAULTS}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to change some by name. */
  public Builder toBuilder() {
    return new Builder()
        .concurrency(concurrency)
        .batchSize(batchSize)
        .maxAttempts(maxAttempts)
        .requestsPerMinute(requestsPerMinute)
        .tokensPerMinute(tokensPerMinute)
        .timeoutSeconds(timeoutSeconds)
        .retryParseErrors(retryParseErrors)
        .backoffBaseMs(backoffBaseMs)
        .backoffMaxMs(backoffMaxMs)
        .mode(mode)
        .batchMaxRequests(batchMaxRequests)
        .batchPollSeconds(batchPollSeconds)
        .leaseSeconds(leaseSeconds);
  }

  public RunConfig withConcurrency(int value) {
    return toBuilder().concurrency(value).build();
  }

  public RunConfig withBatchSize(int value) {
    return toBuilder().batchSize(value).build();
  }

  /** Builds a {@link RunConfig} by name; what is not set keeps its default. Not thread-safe. */
  public static final class Builder {
    private int concurrency = 8;
    private int batchSize = 100;
    private int maxAttempts = 3;
    private int requestsPerMinute;
    private int tokensPerMinute;
    private int timeoutSeconds = 60;
    private boolean retryParseErrors;
    private long backoffBaseMs = 1000;
    private long backoffMaxMs = 60_000;
    private String mode = ONLINE;
    private int batchMaxRequests;
    private double batchPollSeconds = 60;
    private int leaseSeconds = 60;

    private Builder() {}

    public Builder concurrency(int value) {
      concurrency = value;
      return this;
    }

    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    public Builder maxAttempts(int value) {
      maxAttempts = value;
      return this;
    }

    public Builder requestsPerMinute(int value) {
      requestsPerMinute = value;
      return this;
    }

    public Builder tokensPerMinute(int value) {
      tokensPerMinute = value;
      return this;
    }

    public Builder timeoutSeconds(int value) {
      timeoutSeconds = value;
      return this;
    }

    public Builder retryParseErrors(boolean value) {
      retryParseErrors = value;
      return this;
    }

    public Builder backoffBaseMs(long value) {
      backoffBaseMs = value;
      return this;
    }

    public Builder backoffMaxMs(long value) {
      backoffMaxMs = value;
      return this;
    }

    public Builder mode(String value) {
      mode = value;
      return this;
    }

    public Builder batchMaxRequests(int value) {
      batchMaxRequests = value;
      return this;
    }

    public Builder batchPollSeconds(double value) {
      batchPollSeconds = value;
      return this;
    }

    public Builder leaseSeconds(int value) {
      leaseSeconds = value;
      return this;
    }

    /** The settings; an IllegalArgumentException naming the key when one is out of range. */
    public RunConfig build() {
      return new RunConfig(
          concurrency,
          batchSize,
          maxAttempts,
          requestsPerMinute,
          tokensPerMinute,
          timeoutSeconds,
          retryParseErrors,
          backoffBaseMs,
          backoffMaxMs,
          mode,
          batchMaxRequests,
          batchPollSeconds,
          leaseSeconds);
    }
  }
}
