package dev.runlab.bench;

import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.run.RunOutcome;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code runlab bench http}: real runs over HTTP against the stand-in server on 127.0.0.1, printed
 * as measured against ideal: (a) 200 ms latency at concurrency 32; (b) a server limit of 600
 * requests/min that nothing announces or configures; (c) the same limit configured; then the pacing
 * scenarios (d)-(g) of {@link PacingBenchmark}. Not a test.
 */
public final class HttpBenchmark {
  private final PrintStream out;
  private final Path work;
  private final Duration limitWindow;
  private final Set<String> scenarios;

  /**
   * @param scenarios the letters of the scenarios to run (a to g)
   */
  public HttpBenchmark(PrintStream out, Path work, Duration limitWindow, Set<String> scenarios) {
    this.out = out;
    this.work = work;
    this.limitWindow = limitWindow;
    this.scenarios = scenarios;
  }

  /** Every scenario's letter, in order. */
  public static final List<String> SCENARIOS = List.of("a", "b", "c", "d", "e", "f", "g");

  public void run() throws Exception {
    out.println("bench http: runs over real HTTP against runlab fake-llm on 127.0.0.1");
    if (scenarios.contains("a")) {
      latencyBound();
    }
    if (scenarios.contains("b")) {
      rateLimited(false);
    }
    if (scenarios.contains("c")) {
      rateLimited(true);
    }
    new PacingBenchmark(out, work, limitWindow, scenarios).run();
  }

  /**
   * (a) 2,000 items, 200 ms latency, concurrency 32: ideal 32 / 0.2 s = 160 items/s. Measured is
   * the run as a user sees it, from {@code runlab start} (config, checks, loading the data) to the
   * run's end; writing the bench's data file beforehand is not part of it.
   */
  private void latencyBound() throws Exception {
    int items = 2000;
    HttpRuns.Setup setup = new HttpRuns.Setup("openai", items, null, "concurrency: 32");
    try (FakeLlmServer server =
        FakeLlmServer.start(FakeLlmOptions.defaults().withApiKey(HttpRuns.KEY).withLatency(200))) {
      // an untimed warm-up as long as the measured run, so that the measured run is compiled code
      // (the steady state of a long run), as bench engine does
      HttpRuns.launch(HttpRuns.prepare(work.resolve("a-warm-up"), server, setup)).await();
      Path config = HttpRuns.prepare(work.resolve("a"), server, setup);
      long start = System.nanoTime();
      RunOutcome outcome = HttpRuns.launch(config).await();
      double seconds = (System.nanoTime() - start) / 1e9;
      List<FakeLlmServer.Logged> log = server.log();
      Instant first = log.get(items).at();
      Instant last = log.get(log.size() - 1).at();
      out.printf(
          Locale.ROOT,
          "    (the server saw the measured run's requests from first to last in %.1f s)%n",
          Duration.between(first, last).toMillis() / 1000.0);
      double rate = items / seconds;
      double ideal = 32 / 0.2;
      out.printf(
          Locale.ROOT,
          "(a) latency 200 ms, concurrency 32, %d items: %.1f items/s in %.1f s (%s)"
              + " vs ideal %.0f/s = %.1f%% (target >= 95%%) %s%n",
          items,
          rate,
          seconds,
          outcome.status(),
          ideal,
          100 * rate / ideal,
          verdict(rate / ideal >= 0.95));
    }
  }

  /** (b) / (c): a server limit of 600 requests/min, unknown or configured. */
  private void rateLimited(boolean configured) throws Exception {
    int rpm = 600;
    // a bucket of one second's worth, refilled continuously: no burst to spend at the start
    FakeLlmOptions options =
        new FakeLlmOptions.Builder()
            .apiKey(HttpRuns.KEY)
            .latencyMs(200)
            .requestsPerMinute(rpm)
            .burstSeconds(1)
            .build();
    HttpRuns.Setup setup =
        new HttpRuns.Setup(
            "openai",
            100_000,
            null,
            "concurrency: 8, max_attempts: 5, requests_per_minute: " + (configured ? rpm : 0));
    HttpRuns.Window w =
        HttpRuns.window(work.resolve(configured ? "c" : "b"), limitWindow, options, setup);
    double share = w.ok() / (rpm * w.minutes());
    double targetShare = configured ? 0.97 : 0.90;
    double target429 = configured ? 0.01 : 0.05;
    out.printf(
        Locale.ROOT,
        "(%s) server limit %d/min, %s, %.1f min: %d answered = %.1f%% of the limit"
            + " (target >= %.0f%%), %d of %d requests answered 429 = %.1f%% (target <= %.0f%%)"
            + " %s%n",
        configured ? "c" : "b",
        rpm,
        configured
            ? "requests_per_minute: " + rpm + " configured"
            : "nothing announced or configured",
        w.minutes(),
        w.ok(),
        100 * share,
        100 * targetShare,
        w.limited(),
        w.requests(),
        100 * w.share429(),
        100 * target429,
        verdict(share >= targetShare && w.share429() <= target429));
  }

  static String verdict(boolean pass) {
    return pass ? "PASS" : "FAIL";
  }
}
