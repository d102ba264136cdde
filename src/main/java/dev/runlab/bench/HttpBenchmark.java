package dev.runlab.bench;

import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.run.Launcher;
import dev.runlab.run.Run;
import dev.runlab.run.RunEnvironment;
import dev.runlab.run.RunListener;
import dev.runlab.run.RunOptions;
import dev.runlab.run.RunOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code runlab bench http}: real runs over HTTP against the stand-in server on 127.0.0.1, printed
 * as measured against ideal (issue 3): (a) 200 ms latency at concurrency 32; (b) a server limit of
 * 600 requests/min that the config does not know; (c) the same limit configured. Not a test.
 */
public final class HttpBenchmark {
  private static final String KEY_VAR = "RUNLAB_BENCH_KEY";
  private static final String KEY = "bench-key";

  private final PrintStream out;
  private final Path work;
  private final Duration limitWindow;

  public HttpBenchmark(PrintStream out, Path work, Duration limitWindow) {
    this.out = out;
    this.work = work;
    this.limitWindow = limitWindow;
  }

  public void run() throws Exception {
    out.println("bench http: runs over real HTTP against runlab fake-llm on 127.0.0.1");
    latencyBound();
    rateLimited(false);
    rateLimited(true);
  }

  /**
   * (a) 2,000 items, 200 ms latency, concurrency 32: ideal 32 / 0.2 s = 160 items/s. Measured is
   * the run as a user sees it, from {@code runlab start} (config, checks, loading the data) to the
   * run's end; writing the bench's data file beforehand is not part of it.
   */
  private void latencyBound() throws Exception {
    int items = 2000;
    try (FakeLlmServer server =
        FakeLlmServer.start(FakeLlmOptions.defaults().withApiKey(KEY).withLatency(200))) {
      // an untimed warm-up as long as the measured run, so that the measured run is compiled code
      // (the steady state of a long run), as bench engine does
      Path warmUp =
          prepare(Files.createDirectories(work.resolve("a-warm-up")), server, items, 32, 0);
      launch(warmUp).await();
      Path config = prepare(Files.createDirectories(work.resolve("a")), server, items, 32, 0);
      long start = System.nanoTime();
      RunOutcome outcome = launch(config).await();
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
          rate / ideal >= 0.95 ? "PASS" : "FAIL");
    }
  }

  /** (b) / (c): a server limit of 600 requests/min, unknown or configured. */
  private void rateLimited(boolean configured) throws Exception {
    int rpm = 600;
    try (FakeLlmServer server =
        FakeLlmServer.start(
            FakeLlmOptions.defaults()
                .withApiKey(KEY)
                .withLatency(200)
                .withRequestsPerMinute(rpm))) {
      Path config =
          prepare(
              Files.createDirectories(work.resolve(configured ? "c" : "b")),
              server,
              100_000,
              8,
              configured ? rpm : 0);
      Instant started = Instant.now();
      Run run = launch(config);
      run.await(limitWindow);
      Instant to = Instant.now();
      run.requestPause("benchmark window over");
      run.await();
      List<FakeLlmServer.Logged> log = server.log();
      // the window opens with the first request (after the data load and checks)
      Instant from = log.isEmpty() ? started : log.get(0).at();
      long ok =
          log.stream()
              .filter(l -> l.status() == 200 && !l.at().isBefore(from) && !l.at().isAfter(to))
              .count();
      long inWindow =
          log.stream().filter(l -> !l.at().isBefore(from) && !l.at().isAfter(to)).count();
      long limited =
          log.stream()
              .filter(l -> l.status() == 429 && !l.at().isBefore(from) && !l.at().isAfter(to))
              .count();
      double minutes = Duration.between(from, to).toMillis() / 60_000.0;
      double share = ok / (rpm * minutes);
      double share429 = inWindow == 0 ? 0 : (double) limited / inWindow;
      double targetShare = configured ? 0.97 : 0.90;
      double target429 = configured ? 0.01 : 0.05;
      out.printf(
          Locale.ROOT,
          "(%s) server limit %d/min, %s, %.1f min: %d answered = %.1f%% of the limit"
              + " (target >= %.0f%%), %d of %d requests answered 429 = %.1f%% (target <= %.0f%%)"
              + " %s%n",
          configured ? "c" : "b",
          rpm,
          configured ? "requests_per_minute: " + rpm + " configured" : "no limit configured",
          minutes,
          ok,
          100 * share,
          100 * targetShare,
          limited,
          inWindow,
          100 * share429,
          100 * target429,
          share >= targetShare && share429 <= target429 ? "PASS" : "FAIL");
    }
  }

  /** Writes the data file and the config of a run in {@code dir}; returns the config. */
  private static Path prepare(Path dir, FakeLlmServer server, int items, int concurrency, int rpm)
      throws IOException {
    Path data = dir.resolve("narratives.csv");
    String[] texts = {
      "Worker fell from a ladder while painting",
      "Patient burned hand on hot grease",
      "Driver injured in a car collision",
      "Cut finger with a kitchen knife",
    };
    BenchmarkData.writeNarratives(data, items, "H", texts, null);
    Path config = dir.resolve("bench.yaml");
    Files.writeString(
        config,
        "name: bench-http\n"
            + "data: narratives.csv\n"
            + "model: {provider: openai, name: fake, base_url: \""
            + server.openAiBaseUrl()
            + "\", api_key_env: "
            + KEY_VAR
            + "}\n"
            + "prompt: {template: \"Classify: {text}\"}\n"
            + "parse: {type: json, field: label}\n"
            + "run: {concurrency: "
            + concurrency
            + ", batch_size: 100, max_attempts: 5, requests_per_minute: "
            + rpm
            + "}\n");
    return config;
  }

  /** {@code runlab start CONFIG} with the bench's key, its database next to the config. */
  private static Run launch(Path config) {
    RunEnvironment env =
        RunEnvironment.system()
            .withProgressInterval(Duration.ofHours(1))
            .withEnvironment(Map.of(KEY_VAR, KEY)::get);
    Path db = config.resolveSibling("bench.db");
    return new Launcher(db, db, env, new RunListener() {}).start(config, RunOptions.DEFAULT).run();
  }
}
