package dev.runlab.bench;

import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.run.Launcher;
import dev.runlab.run.Run;
import dev.runlab.run.RunEnvironment;
import dev.runlab.run.RunListener;
import dev.runlab.run.RunOptions;
import dev.runlab.store.DbLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the HTTP benchmarks share: writing a run's data and config against the stand-in server,
 * starting it as {@code runlab start} does, and reading rates off the server's request log.
 */
final class HttpRuns {
  static final String KEY_VAR = "RUNLAB_BENCH_KEY";
  static final String KEY = "bench-key";
  private static final String[] TEXTS = {
    "Worker fell from a ladder while painting",
    "Patient burned hand on hot grease",
    "Driver injured in a car collision",
    "Cut finger with a kitchen knife",
  };

  private HttpRuns() {}

  /**
   * A run to benchmark.
   *
   * @param provider openai or anthropic
   * @param system a system prompt, or null
   * @param run the {@code run:} section's keys, e.g. {@code concurrency: 8}
   */
  record Setup(String provider, int items, String system, String run) {}

  /** Writes the data file and the config of a run in {@code dir}; returns the config. */
  static Path prepare(Path dir, FakeLlmServer server, Setup setup) throws IOException {
    Files.createDirectories(dir);
    BenchmarkData.writeNarratives(dir.resolve("narratives.csv"), setup.items(), "H", TEXTS, null);
    String base =
        setup.provider().equals("anthropic") ? server.anthropicBaseUrl() : server.openAiBaseUrl();
    Path config = dir.resolve("bench.yaml");
    Files.writeString(
        config,
        "name: bench-http\n"
            + "data: narratives.csv\n"
            + "model: {provider: "
            + setup.provider()
            + ", name: fake, base_url: \""
            + base
            + "\", api_key_env: "
            + KEY_VAR
            + "}\n"
            + "prompt: {"
            + (setup.system() == null ? "" : "system: \"" + setup.system() + "\", ")
            + "template: \"Narrative {id}: {text}\"}\n"
            + "parse: {type: json, field: label}\n"
            + "run: {batch_size: 100, "
            + setup.run()
            + "}\n");
    return config;
  }

  /** {@code runlab start CONFIG} with the bench's key, its database next to the config. */
  static Run launch(Path config) {
    RunEnvironment env =
        RunEnvironment.system()
            .withProgressInterval(Duration.ofHours(1))
            .withEnvironment(Map.of(KEY_VAR, KEY)::get);
    Path db = config.resolveSibling("bench.db");
    return new Launcher(DbLocation.of(db), db, env, new RunListener() {})
        .start(config, RunOptions.DEFAULT)
        .run();
  }

  /** What the server saw during a scenario's window. */
  record Window(double minutes, long ok, long limited, long requests, long tokens) {
    double share429() {
      return requests == 0 ? 0 : (double) limited / requests;
    }
  }

  /**
   * Runs {@code setup} in {@code dir} against a server with {@code options} for {@code length} from
   * its first request, then pauses it; what the server saw in that window.
   */
  static Window window(Path dir, Duration length, FakeLlmOptions options, Setup setup)
      throws Exception {
    try (FakeLlmServer server = FakeLlmServer.start(options)) {
      Run run = launch(prepare(dir, server, setup));
      Instant started = Instant.now();
      run.await(length);
      Instant to = Instant.now();
      run.requestPause("benchmark window over");
      run.await();
      List<FakeLlmServer.Logged> log = server.log();
      // the window opens with the first request (after the data load and checks)
      Instant from = log.isEmpty() ? started : log.get(0).at();
      List<FakeLlmServer.Logged> in = between(log, from, to);
      List<FakeLlmServer.Logged> ok = in.stream().filter(l -> l.status() == 200).toList();
      return new Window(
          Duration.between(from, to).toMillis() / 60_000.0,
          ok.size(),
          in.stream().filter(l -> l.status() == 429).count(),
          in.size(),
          ok.stream().mapToLong(FakeLlmServer.Logged::tokens).sum());
    }
  }

  /** The requests of the log sent from {@code from} (inclusive) to {@code to} (exclusive). */
  static List<FakeLlmServer.Logged> between(
      List<FakeLlmServer.Logged> log, Instant from, Instant to) {
    return log.stream().filter(l -> !l.at().isBefore(from) && l.at().isBefore(to)).toList();
  }

  /**
   * The request rate of the first and the last quarter of a run's main phase: from its first
   * request to the first request of its last narrative (after that only retries are left, which
   * wait for their backoff: the drain, reported apart).
   */
  record Quarters(double first, double last, Duration main, Duration drain) {
    static Quarters of(List<FakeLlmServer.Logged> log) {
      Map<String, Instant> firstAsked = new HashMap<>();
      for (FakeLlmServer.Logged l : log) {
        firstAsked.putIfAbsent(narrative(l.prompt()), l.at());
      }
      Instant start = log.get(0).at();
      Instant mainEnd = firstAsked.values().stream().max(Instant::compareTo).orElse(start);
      Instant end = log.get(log.size() - 1).at();
      Duration quarter = Duration.between(start, mainEnd).dividedBy(4);
      double seconds = Math.max(1e-3, quarter.toNanos() / 1e9);
      return new Quarters(
          between(log, start, start.plus(quarter)).size() / seconds,
          between(log, mainEnd.minus(quarter), mainEnd).size() / seconds,
          Duration.between(start, mainEnd),
          Duration.between(mainEnd, end));
    }

    private static String narrative(String prompt) {
      int colon = prompt.indexOf(':');
      return colon < 0 ? prompt : prompt.substring(0, colon);
    }
  }
}
