package dev.runlab.scenario;

import dev.runlab.cli.Main;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.model.Sleeper;
import dev.runlab.run.RunEnvironment;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.FakeClock;
import dev.runlab.testsupport.Workspace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Batch-mode experiments against the stand-in server: data (ids N0001..., keyword texts; some rows
 * can carry a {@code fake-llm:KIND}), a config per provider, and runlab run in this JVM with the
 * test's API key and, when given, a clock that the run's waits move (so a batch of an hour and a
 * poll every minute take no real time).
 */
final class BatchFixture {
  static final String KEY = "sk-runlab-batch-test-0ddba11c0ffee";
  static final String VAR = "RUNLAB_BATCH_TEST_KEY";
  static final List<String> LABELS = List.of("fall", "burn", "cut_pierce", "struck_by", "other");

  final Path dir;
  final FakeClock clock;

  /** With {@code clock} null, the run uses the real clock and sleeps for real. */
  BatchFixture(Path dir, FakeClock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  static FakeClock newClock() {
    return new FakeClock(Instant.parse("2026-12-01T09:00:00Z"));
  }

  /** Writes {@code rows} narratives; row i's text ends with {@code extra.get(i)} when given. */
  Path data(String name, int rows, Map<Integer, String> extra) {
    List<String> lines = new ArrayList<>();
    lines.add("id,text,label");
    String[][] kinds = {
      {"fall", "slipped and fell from a ladder onto the floor"},
      {"burn", "burned the hand on a hot stove while cooking"},
      {"cut_pierce", "cut the finger with a kitchen knife"},
      {"struck_by", "was struck by a falling box at work"},
      {"other", "felt unwell after a long day"},
    };
    for (int i = 1; i <= rows; i++) {
      String[] kind = kinds[i % kinds.length];
      String text =
          "Patient " + i + " " + kind[1] + (extra.containsKey(i) ? " " + extra.get(i) : "");
      lines.add(Workspace.id(i) + ",\"" + text + "\"," + kind[0]);
    }
    Path file = dir.resolve(name);
    Workspace.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  /**
   * A config for {@code provider} against {@code server} reading {@code data}; {@code run} holds
   * the run: entries, e.g. {@code "mode: batch, batch_max_requests: 100"}.
   */
  Path config(FakeLlmServer server, String provider, Path data, String run) {
    String base = provider.equals("openai") ? server.openAiBaseUrl() : server.anthropicBaseUrl();
    String yaml =
        "name: batch-"
            + provider
            + "\n"
            + "data: "
            + data.getFileName()
            + "\n"
            + "model:\n"
            + "  provider: "
            + provider
            + "\n"
            + "  name: fake-model\n"
            + "  base_url: "
            + base
            + "\n"
            + "  api_key_env: "
            + VAR
            + "\n"
            + "  seed: 7\n"
            + "  price_per_million: {input: 2, output: 8}\n"
            + "prompt:\n"
            + "  template: \"Narrative {id}: {text}\"\n"
            + "parse: {type: json, field: label, labels: [fall, burn, cut_pierce, struck_by,"
            + " other]}\n"
            + "run: {concurrency: 8, batch_size: 50, backoff_base_ms: 1, backoff_max_ms: 2, "
            + run
            + "}\n";
    Path file = dir.resolve(provider + "-" + data.getFileName() + ".yaml");
    Workspace.writeString(file, yaml);
    return file;
  }

  /** The environment of an in-process run: the test's key, and the fixture's clock if any. */
  RunEnvironment environment() {
    return environment(Map.of(VAR, KEY));
  }

  private RunEnvironment environment(Map<String, String> variables) {
    RunEnvironment env = RunEnvironment.system().withEnvironment(variables::get);
    return clock == null ? env : env.withClock(clock, advancing(clock));
  }

  /** A sleeper that moves the clock instead of waiting. */
  static Sleeper advancing(FakeClock clock) {
    return clock::advance;
  }

  /** {@code runlab args...} in this JVM, to its end. */
  ChildJvm.Result runlab(String... args) {
    return runlabWith(Map.of(VAR, KEY), args);
  }

  /** As {@link #runlab}, with these environment variables (API keys) instead of the test's. */
  ChildJvm.Result runlabWith(Map<String, String> variables, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code =
          Main.run(
              args, o, e, new ByteArrayInputStream(new byte[0]), false, environment(variables));
    }
    return new ChildJvm.Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** How many times the server saw each narrative submitted in a batch, by narrative id. */
  static Map<String, Long> submissionsById(FakeLlmServer server) {
    Map<String, Long> counts = new java.util.HashMap<>();
    for (FakeLlmServer.Logged l : server.log()) {
      if (l.outcome().equals("batch_submitted") && l.prompt().startsWith("Narrative ")) {
        String id = l.prompt().substring("Narrative ".length(), l.prompt().indexOf(':'));
        counts.merge(id, 1L, Long::sum);
      }
    }
    return counts;
  }

  /** How many times the server saw narrative {@code id} submitted in a batch. */
  static long submissions(FakeLlmServer server, String id) {
    return server.batchSubmissions(p -> p.startsWith("Narrative " + id + ":"));
  }
}
