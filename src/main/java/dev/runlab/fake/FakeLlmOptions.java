package dev.runlab.fake;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How the stand-in server behaves. Immutable; start from {@link #defaults()} and change what a
 * scenario needs with {@link #toBuilder()} or the {@code with...} shortcuts.
 *
 * @param port the port on 127.0.0.1, 0 for any free one
 * @param latencyMs how long each answer takes
 * @param requestsPerMinute a request limit answered with 429, 0 for none
 * @param tokensPerMinute a token limit counted as the provider counts it (OpenAI style: prompt +
 *     max_tokens at admission; Anthropic style: input tokens), 0 for none
 * @param outputTokensPerMinute Anthropic style: an output-token limit (max_tokens at admission, the
 *     answer's tokens at the end), 0 for none
 * @param burstSeconds 0: each limit is a bucket holding one minute's worth, refilled continuously;
 *     above 0: the limits are also enforced over this many seconds (as providers may), so a burst
 *     gets 429s while the minute's remaining is high
 * @param limitStyle which headers announce the limits: none, or OpenAI's / Anthropic's, on every
 *     reply
 * @param sporadic429Rate share of requests answered 429 with {@code retry-after: 1} while no limit
 *     is reached (short bursts, shared capacity)
 * @param serverErrorRate share of requests answered 500
 * @param overloadedRate share answered 503 (OpenAI format) or 529 (Anthropic format)
 * @param timeoutRate share never answered within {@code hangMs}
 * @param malformedRate share answered 200 with broken JSON
 * @param nonJsonRate share answered 200 with an HTML page
 * @param apiKey the key the server accepts (401 for any other), or null to accept any
 * @param labels the labels answered (the sim model's built-in ones when empty)
 * @param seed the classifier's and the fault draws' seed
 * @param answerFormat {@code json} ({"label": "..."}) or {@code label} (the bare label)
 * @param hangMs how long a timed-out request hangs
 * @param logFile a JSONL request log, or null (the log is always kept in memory too)
 * @param batchSeconds how long a batch (OpenAI Batches, Anthropic Message Batches) takes to end
 * @param batchExpireRate share of a batch's requests left unanswered when it ends: the batch
 *     expires (as when the provider's 24-hour window closes)
 * @param batchErrorRate share of a batch's requests that fail with a server error
 */
public record FakeLlmOptions(
    int port,
    long latencyMs,
    int requestsPerMinute,
    int tokensPerMinute,
    int outputTokensPerMinute,
    double burstSeconds,
    LimitStyle limitStyle,
    double sporadic429Rate,
    double serverErrorRate,
    double overloadedRate,
    double timeoutRate,
    double malformedRate,
    double nonJsonRate,
    String apiKey,
    List<String> labels,
    long seed,
    String answerFormat,
    long hangMs,
    Path logFile,
    double batchSeconds,
    double batchExpireRate,
    double batchErrorRate) {

  /** Which headers announce the server's limits. */
  public enum LimitStyle {
    /** No limit headers: a 429 carries only {@code retry-after} and {@code retry-after-ms}. */
    NONE,
    /** {@code x-ratelimit-limit|remaining|reset-requests|tokens} (resets as Go durations). */
    OPENAI,
    /** {@code anthropic-ratelimit-*-limit|remaining|reset} (RFC 3339), retry-after on 429s. */
    ANTHROPIC
  }

  public static FakeLlmOptions defaults() {
    return new Builder().build();
  }

  public FakeLlmOptions {
    labels = List.copyOf(labels);
    Objects.requireNonNull(limitStyle, "limitStyle");
    double[] rates = {
      sporadic429Rate, serverErrorRate, overloadedRate, timeoutRate, malformedRate, nonJsonRate
    };
    double total = 0;
    for (double r : rates) {
      if (!(r >= 0 && r <= 1)) {
        throw new IllegalArgumentException("fault rates must be between 0 and 1, was " + r);
      }
      total += r;
    }
    if (total > 1) {
      throw new IllegalArgumentException("fault rates add up to more than 1: " + total);
    }
    for (long n : new long[] {requestsPerMinute, tokensPerMinute, outputTokensPerMinute}) {
      if (n < 0) {
        throw new IllegalArgumentException("limits must be 0 (none) or more, was " + n);
      }
    }
    if (!(burstSeconds >= 0 && burstSeconds <= 60)) {
      throw new IllegalArgumentException("burst seconds must be from 0 to 60, was " + burstSeconds);
    }
    for (double r : new double[] {batchExpireRate, batchErrorRate}) {
      if (!(r >= 0 && r <= 1)) {
        throw new IllegalArgumentException(
            "batch rates (--batch-expire-rate, --batch-error-rate) must be between 0 and 1, was "
                + r);
      }
    }
    if (batchExpireRate + batchErrorRate > 1) {
      throw new IllegalArgumentException(
          "--batch-expire-rate and --batch-error-rate add up to more than 1: "
              + (batchExpireRate + batchErrorRate));
    }
    if (!(batchSeconds >= 0) || Double.isInfinite(batchSeconds)) {
      throw new IllegalArgumentException("--batch-seconds must be 0 or more, was " + batchSeconds);
    }
    if (!answerFormat.equals("json") && !answerFormat.equals("label")) {
      throw new IllegalArgumentException("answer format must be json or label: " + answerFormat);
    }
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public FakeLlmOptions withLatency(long ms) {
    return toBuilder().latencyMs(ms).build();
  }

  public FakeLlmOptions withRequestsPerMinute(int rpm) {
    return toBuilder().requestsPerMinute(rpm).build();
  }

  public FakeLlmOptions withApiKey(String key) {
    return toBuilder().apiKey(key).build();
  }

  /** The five fault rates of the answers (sporadic 429s are set on the builder). */
  public FakeLlmOptions withFaults(
      double serverError, double overloaded, double timeout, double malformed, double nonJson) {
    return toBuilder()
        .serverErrorRate(serverError)
        .overloadedRate(overloaded)
        .timeoutRate(timeout)
        .malformedRate(malformed)
        .nonJsonRate(nonJson)
        .build();
  }

  public FakeLlmOptions withLabels(List<String> newLabels) {
    return toBuilder().labels(newLabels).build();
  }

  public FakeLlmOptions withLog(Path file) {
    return toBuilder().logFile(file).build();
  }

  public FakeLlmOptions withPort(int newPort) {
    return toBuilder().port(newPort).build();
  }

  public FakeLlmOptions withHang(long ms) {
    return toBuilder().hangMs(ms).build();
  }

  /** Builds options by name; every value starts at its default. Not thread-safe. */
  public static final class Builder {
    private int port;
    private long latencyMs;
    private int requestsPerMinute;
    private int tokensPerMinute;
    private int outputTokensPerMinute;
    private double burstSeconds;
    private LimitStyle limitStyle = LimitStyle.NONE;
    private double sporadic429Rate;
    private double serverErrorRate;
    private double overloadedRate;
    private double timeoutRate;
    private double malformedRate;
    private double nonJsonRate;
    private String apiKey;
    private List<String> labels = List.of();
    private long seed = 42;
    private String answerFormat = "json";
    private long hangMs = 120_000;
    private Path logFile;
    private double batchSeconds = 10;
    private double batchExpireRate;
    private double batchErrorRate;

    public Builder() {}

    private Builder(FakeLlmOptions o) {
      port = o.port;
      latencyMs = o.latencyMs;
      requestsPerMinute = o.requestsPerMinute;
      tokensPerMinute = o.tokensPerMinute;
      outputTokensPerMinute = o.outputTokensPerMinute;
      burstSeconds = o.burstSeconds;
      limitStyle = o.limitStyle;
      sporadic429Rate = o.sporadic429Rate;
      serverErrorRate = o.serverErrorRate;
      overloadedRate = o.overloadedRate;
      timeoutRate = o.timeoutRate;
      malformedRate = o.malformedRate;
      nonJsonRate = o.nonJsonRate;
      apiKey = o.apiKey;
      labels = o.labels;
      seed = o.seed;
      answerFormat = o.answerFormat;
      hangMs = o.hangMs;
      logFile = o.logFile;
      batchSeconds = o.batchSeconds;
      batchExpireRate = o.batchExpireRate;
      batchErrorRate = o.batchErrorRate;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder latencyMs(long v) {
      latencyMs = v;
      return this;
    }

    public Builder requestsPerMinute(int v) {
      requestsPerMinute = v;
      return this;
    }

    public Builder tokensPerMinute(int v) {
      tokensPerMinute = v;
      return this;
    }

    public Builder outputTokensPerMinute(int v) {
      outputTokensPerMinute = v;
      return this;
    }

    public Builder burstSeconds(double v) {
      burstSeconds = v;
      return this;
    }

    public Builder limitStyle(LimitStyle v) {
      limitStyle = v;
      return this;
    }

    public Builder sporadic429Rate(double v) {
      sporadic429Rate = v;
      return this;
    }

    public Builder serverErrorRate(double v) {
      serverErrorRate = v;
      return this;
    }

    public Builder overloadedRate(double v) {
      overloadedRate = v;
      return this;
    }

    public Builder timeoutRate(double v) {
      timeoutRate = v;
      return this;
    }

    public Builder malformedRate(double v) {
      malformedRate = v;
      return this;
    }

    public Builder nonJsonRate(double v) {
      nonJsonRate = v;
      return this;
    }

    public Builder apiKey(String v) {
      apiKey = v;
      return this;
    }

    public Builder labels(List<String> v) {
      labels = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder answerFormat(String v) {
      answerFormat = v;
      return this;
    }

    public Builder hangMs(long v) {
      hangMs = v;
      return this;
    }

    public Builder logFile(Path v) {
      logFile = v;
      return this;
    }

    public Builder batchSeconds(double v) {
      batchSeconds = v;
      return this;
    }

    public Builder batchExpireRate(double v) {
      batchExpireRate = v;
      return this;
    }

    public Builder batchErrorRate(double v) {
      batchErrorRate = v;
      return this;
    }

    /** The options; IllegalArgumentException names a value out of range. */
    public FakeLlmOptions build() {
      return new FakeLlmOptions(
          port,
          latencyMs,
          requestsPerMinute,
          tokensPerMinute,
          outputTokensPerMinute,
          burstSeconds,
          limitStyle,
          sporadic429Rate,
          serverErrorRate,
          overloadedRate,
          timeoutRate,
          malformedRate,
          nonJsonRate,
          apiKey,
          labels,
          seed,
          answerFormat,
          hangMs,
          logFile,
          batchSeconds,
          batchExpireRate,
          batchErrorRate);
    }
  }
}
