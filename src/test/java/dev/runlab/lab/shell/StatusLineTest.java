package dev.runlab.lab.shell;

import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmOptions.LimitStyle;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.lab.Lab;
import dev.runlab.run.RunEnvironment;
import dev.runlab.run.RunListener;
import dev.runlab.run.RunOptions;
import dev.runlab.store.DbLocation;
import dev.runlab.testsupport.Poll;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's status line, from a run the lab drives over real HTTP. */
class StatusLineTest {
  @TempDir Path dir;

  @Test
  void theStatusLineNamesEachLimitInForceAndWhereItCameFrom() throws Exception {
    FakeLlmOptions options =
        new FakeLlmOptions.Builder()
            .latencyMs(20)
            .limitStyle(LimitStyle.OPENAI)
            .requestsPerMinute(600)
            .build();
    try (FakeLlmServer server = FakeLlmServer.start(options)) {
      Workspace.writeData(dir.resolve("narratives.csv"), 2000);
      Path config = dir.resolve("experiment.yaml");
      Workspace.writeString(
          config,
          "name: status-line\n"
              + "data: narratives.csv\n"
              + "model: {provider: openai, name: m, base_url: \""
              + server.openAiBaseUrl()
              + "\", api_key_env: STATUS_KEY}\n"
              + "prompt: {template: \"{text}\"}\n"
              + "parse: {type: json, field: label}\n"
              + "run: {concurrency: 4, requests_per_minute: 6000}\n");
      Path db = dir.resolve("lab.db");
      RunEnvironment env = RunEnvironment.system().withEnvironment(Map.of("STATUS_KEY", "k")::get);
      try (Lab lab = Lab.open(DbLocation.of(db), db, env, new RunListener() {})) {
        lab.start(config, RunOptions.DEFAULT);
        Poll.until(
            Duration.ofSeconds(30),
            "the status line to name the announced limit below the configured one",
            () ->
                StatusLine.lines(lab, ZoneOffset.UTC).stream()
                    .anyMatch(
                        l ->
                            l.startsWith("experiment 1 [PROGRESS]")
                                && l.contains("limit 600 requests/min (announced)")));
      }
    }
  }
}
