package dev.runlab.fake;

import java.nio.file.Path;
import java.util.List;

/**
 * How the stand-in server behaves. Immutable.
 *
 * @param port the port on 127.0.0.1, 0 for any free one
 * @param latencyMs how long each answer takes
 * @param requestsPerMinute a server-side limit answered with 429 and retry-after, 0 for none
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
 */
public record FakeLlmOptions(
    int port,
    long latencyMs,
    int requestsPerMinute,
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
    Path logFile) {

  public static FakeLlmOptions defaults() {
    return new FakeLlmOptions(0, 0, 0, 0, 0, 0, 0, 0, null, List.of(), 42, "json", 120_000, null);
  }

  public FakeLlmOptions {
    labels = List.copyOf(labels);
    double total = serverErrorRate + overloadedRate + timeoutRate + malformedRate + nonJsonRate;
    for (double r :
        new double[] {serverErrorRate, overloadedRate, timeoutRate, malformedRate, nonJsonRate}) {
      if (!(r >= 0 && r <= 1)) {
        throw new IllegalArgumentException("fault rates must be between 0 and 1, was " + r);
      }
    }
    if (total > 1) {
      throw new IllegalArgumentException("fault rates add up to more than 1: " + total);
    }
    if (!answerFormat.equals("json") && !answerFormat.equals("label")) {
      throw new IllegalArgumentException("answer format must be json or label: " + answerFormat);
    }
  }

  public FakeLlmOptions withLatency(long ms) {
    return new FakeLlmOptions(
        port,
        ms,
        requestsPerMinute,
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
        logFile);
  }

  public FakeLlmOptions withRequestsPerMinute(int rpm) {
    return new FakeLlmOptions(
        port,
        latencyMs,
        rpm,
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
        logFile);
  }

  public FakeLlmOptions withApiKey(String key) {
    return new FakeLlmOptions(
        port,
        latencyMs,
        requestsPerMinute,
        serverErrorRate,
        overloadedRate,
        timeoutRate,
        malformedRate,
        nonJsonRate,
        key,
        labels,
        seed,
        answerFormat,
        hangMs,
        logFile);
  }

  public FakeLlmOptions withFaults(
      double serverError, double overloaded, double timeout, double malformed, double nonJson) {
    return new FakeLlmOptions(
        port,
        latencyMs,
        requestsPerMinute,
        serverError,
        overloaded,
        timeout,
        malformed,
        nonJson,
        apiKey,
        labels,
        seed,
        answerFormat,
        hangMs,
        logFile);
  }

  public FakeLlmOptions withLabels(List<String> newLabels) {
    return new FakeLlmOptions(
        port,
        latencyMs,
        requestsPerMinute,
        serverErrorRate,
        overloadedRate,
        timeoutRate,
        malformedRate,
        nonJsonRate,
        apiKey,
        newLabels,
        seed,
        answerFormat,
        hangMs,
        logFile);
  }

  public FakeLlmOptions withLog(Path file) {
    return new FakeLlmOptions(
        port,
        latencyMs,
        requestsPerMinute,
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
        file);
  }

  public FakeLlmOptions withPort(int newPort) {
    return new FakeLlmOptions(
        newPort,
        latencyMs,
        requestsPerMinute,
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
        logFile);
  }

  public FakeLlmOptions withHang(long ms) {
    return new FakeLlmOptions(
        port,
        latencyMs,
        requestsPerMinute,
        serverErrorRate,
        overloadedRate,
        timeoutRate,
        malformedRate,
        nonJsonRate,
        apiKey,
        labels,
        seed,
        answerFormat,
        ms,
        logFile);
  }
}
