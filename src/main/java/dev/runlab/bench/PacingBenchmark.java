package dev.runlab.bench;

import static dev.runlab.bench.HttpBenchmark.verdict;

import dev.runlab.experiment.Status;
import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmOptions.LimitStyle;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.run.RunOutcome;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The pacing scenarios of {@code runlab bench http} (issue 10), each against a stand-in server that
 * behaves as the providers do: (d) noise (sporadic 429s, 500s, 503s, timeouts) against the same run
 * without faults; (e) a request limit announced OpenAI's way; (f) an input-token limit announced
 * Anthropic's way; (g) 5% of requests answered 529 overloaded. Nothing is configured in any of
 * them: the run must find its pace from what the server says. Not a test.
 */
final class PacingBenchmark {
  private static final String FAST = "backoff_base_ms: 500, backoff_max_ms: 8000";

  /** A system prompt of about 90 tokens, so that (f) is bound by tokens, not by requests. */
  private static final String SYSTEM =
      "You classify injury narratives from emergency department records by the mechanism of"
          + " injury. Read the narrative carefully, decide which single mechanism best explains"
          + " the injury, and answer with JSON of the form {label: ...} where the label is one of"
          + " fall, burn, cut_pierce, struck_by, motor_vehicle or other. Do not explain.";

  private final PrintStream out;
  private final Path work;
  private final Duration window;
  private final Set<String> scenarios;

  PacingBenchmark(PrintStream out, Path work, Duration window, Set<String> scenarios) {
    this.out = out;
    this.work = work;
    this.window = window;
    this.scenarios = scenarios;
  }

  void run() throws Exception {
    if (scenarios.contains("d")) {
      noise();
    }
    if (scenarios.contains("e")) {
      announcedRequests();
    }
    if (scenarios.contains("f")) {
      announcedTokens();
    }
    if (scenarios.contains("g")) {
      overloaded();
    }
  }

  /** One complete run; its throughput, the server's log in quarters, and its outcome. */
  private record Complete(double itemsPerSecond, HttpRuns.Quarters quarters, RunOutcome outcome) {}

  private Complete complete(String name, FakeLlmOptions options, HttpRuns.Setup setup)
      throws Exception {
    try (FakeLlmServer server = FakeLlmServer.start(options)) {
      Path config = HttpRuns.prepare(work.resolve(name), server, setup);
      long start = System.nanoTime();
      RunOutcome outcome = HttpRuns.launch(config).await();
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Complete(setup.items() / seconds, HttpRuns.Quarters.of(server.log()), outcome);
    }
  }

  /**
   * (d) 4,000 items, concurrency 16, 100 ms latency, 2 s client timeout: 3% sporadic 429s, 5% 500,
   * 3% 503 and 1% timeouts, against the same run without faults.
   */
  private void noise() throws Exception {
    int items = 4000;
    HttpRuns.Setup setup =
        new HttpRuns.Setup(
            "openai", items, null, "concurrency: 16, timeout_seconds: 2, max_attempts: 8, " + FAST);
    FakeLlmOptions clean =
        FakeLlmOptions.defaults().withApiKey(HttpRuns.KEY).withLatency(100).withHang(30_000);
    Complete reference = complete("d-reference", clean, setup);
    FakeLlmOptions noisy =
        clean.toBuilder()
            .sporadic429Rate(0.03)
            .serverErrorRate(0.05)
            .overloadedRate(0.03)
            .timeoutRate(0.01)
            .build();
    Complete run = complete("d", noisy, setup);
    double share = run.itemsPerSecond() / reference.itemsPerSecond();
    double kept = run.quarters().last() / run.quarters().first();
    out.printf(
        Locale.ROOT,
        "(d) noise, %d items, concurrency 16: %.1f items/s (%s) vs %.1f/s without faults = %.1f%%"
            + " (target >= 70%%); requests/s in the last quarter %.1f vs the first %.1f = %.1f%%"
            + " (target >= 90%%; main phase %.1f s, then %.1f s of retries) %s%n",
        items,
        run.itemsPerSecond(),
        run.outcome().status(),
        reference.itemsPerSecond(),
        100 * share,
        run.quarters().last(),
        run.quarters().first(),
        100 * kept,
        run.quarters().main().toMillis() / 1000.0,
        run.quarters().drain().toMillis() / 1000.0,
        verdict(share >= 0.70 && kept >= 0.90));
  }

  /** (e) 600 requests/min announced in OpenAI's headers, enforced over 1 s too. */
  private void announcedRequests() throws Exception {
    int rpm = 600;
    FakeLlmOptions options =
        new FakeLlmOptions.Builder()
            .apiKey(HttpRuns.KEY)
            .latencyMs(200)
            .limitStyle(LimitStyle.OPENAI)
            .requestsPerMinute(rpm)
            .burstSeconds(1)
            .build();
    HttpRuns.Setup setup =
        new HttpRuns.Setup("openai", 100_000, null, "concurrency: 8, max_attempts: 5");
    HttpRuns.Window w = HttpRuns.window(work.resolve("e"), window, options, setup);
    double share = w.ok() / (rpm * w.minutes());
    out.printf(
        Locale.ROOT,
        "(e) %d requests/min announced (openai headers), nothing configured, %.1f min: %d answered"
            + " = %.1f%% of the limit (target >= 97%%), %d of %d requests answered 429 = %.1f%%"
            + " (target <= 1%%) %s%n",
        rpm,
        w.minutes(),
        w.ok(),
        100 * share,
        w.limited(),
        w.requests(),
        100 * w.share429(),
        verdict(share >= 0.97 && w.share429() <= 0.01));
  }

  /** (f) 40,000 input tokens/min announced in Anthropic's headers, enforced over 1 s too. */
  private void announcedTokens() throws Exception {
    int tpm = 40_000;
    FakeLlmOptions options =
        new FakeLlmOptions.Builder()
            .apiKey(HttpRuns.KEY)
            .latencyMs(200)
            .limitStyle(LimitStyle.ANTHROPIC)
            .tokensPerMinute(tpm)
            .burstSeconds(1)
            .build();
    HttpRuns.Setup setup =
        new HttpRuns.Setup("anthropic", 100_000, SYSTEM, "concurrency: 8, max_attempts: 5");
    HttpRuns.Window w = HttpRuns.window(work.resolve("f"), window, options, setup);
    double share = w.tokens() / (tpm * w.minutes());
    out.printf(
        Locale.ROOT,
        "(f) %,d input tokens/min announced (anthropic headers), nothing configured, %.1f min:"
            + " %,d tokens in %d answers = %.1f%% of the limit (target >= 90%%), %d of %d"
            + " requests answered 429 = %.1f%% (target <= 2%%) %s%n",
        tpm,
        w.minutes(),
        w.tokens(),
        w.ok(),
        100 * share,
        w.limited(),
        w.requests(),
        100 * w.share429(),
        verdict(share >= 0.90 && w.share429() <= 0.02));
  }

  /** (g) 4,000 items, concurrency 16, 100 ms latency, 5% answered 529 overloaded. */
  private void overloaded() throws Exception {
    int items = 4000;
    FakeLlmOptions options =
        new FakeLlmOptions.Builder()
            .apiKey(HttpRuns.KEY)
            .latencyMs(100)
            .limitStyle(LimitStyle.ANTHROPIC)
            .overloadedRate(0.05)
            .build();
    HttpRuns.Setup setup =
        new HttpRuns.Setup("anthropic", items, null, "concurrency: 16, max_attempts: 8, " + FAST);
    Complete run = complete("g", options, setup);
    double kept = run.quarters().last() / run.quarters().first();
    out.printf(
        Locale.ROOT,
        "(g) 5%% overloaded (529), %d items, concurrency 16: %s at %.1f items/s; requests/s in the"
            + " last quarter %.1f vs the first %.1f = %.1f%% (target >= 90%%; main phase %.1f s,"
            + " then %.1f s of retries) %s%n",
        items,
        run.outcome().status(),
        run.itemsPerSecond(),
        run.quarters().last(),
        run.quarters().first(),
        100 * kept,
        run.quarters().main().toMillis() / 1000.0,
        run.quarters().drain().toMillis() / 1000.0,
        verdict(run.outcome().status() == Status.COMPLETED && kept >= 0.90));
  }
}
