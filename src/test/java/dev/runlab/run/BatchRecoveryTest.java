package dev.runlab.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.experiment.ConfigLoader;
import dev.runlab.experiment.ExperimentConfig;
import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.model.BatchApi;
import dev.runlab.model.BatchState;
import dev.runlab.model.ModelClients;
import dev.runlab.model.ModelRequest;
import dev.runlab.store.Database;
import dev.runlab.store.ProviderBatch;
import dev.runlab.store.ProviderBatches;
import dev.runlab.testsupport.FakeClock;
import dev.runlab.testsupport.Workspace;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding the batch of a submission whose create had no answer, against the stand-in server: by
 * metadata at OpenAI (a second batch of the same submission is cancelled), by size, time and then
 * custom_ids at Anthropic, whose batches keep no metadata.
 */
class BatchRecoveryTest {
  private static final String KEY = "sk-recovery-test-000000";

  @TempDir Path dir;

  private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T09:00:00Z"));

  private BatchApi api(FakeLlmServer server, String provider) {
    String base = provider.equals("openai") ? server.openAiBaseUrl() : server.anthropicBaseUrl();
    Path data = dir.resolve("n.csv");
    Workspace.writeData(data, 5);
    Path config = dir.resolve(provider + ".yaml");
    Workspace.writeString(
        config,
        "name: r\ndata: n.csv\nmodel: {provider: "
            + provider
            + ", name: m, base_url: '"
            + base
            + "', api_key_env: K}\nprompt: {template: '{text}'}\n");
    ExperimentConfig c = ConfigLoader.load(config);
    return ModelClients.batchApi(c, clock, Map.of("K", KEY)::get);
  }

  /** Creates a batch of {@code n} requests whose custom_ids start with {@code tag}. */
  private BatchState create(BatchApi api, String tag, int n) throws Exception {
    Path input = Files.createTempFile(dir, "input", ".jsonl");
    try (OutputStream out = Files.newOutputStream(input)) {
      out.write(api.inputStart());
      for (int i = 1; i <= n; i++) {
        if (i > 1) {
          out.write(api.inputSeparator());
        }
        ModelRequest request =
            new ModelRequest("N" + i, "text", null, "Patient " + i, 1, Duration.ofSeconds(5));
        out.write(api.inputEntry(tag + "-" + i, request));
      }
      out.write(api.inputEnd());
    }
    String fileId = api.uploadsInput() ? api.upload(input, "in.jsonl") : null;
    return api.create(tag, 1, fileId, input);
  }

  private BatchRecovery recovery(BatchApi api, Database db) {
    return new BatchRecovery(
        api,
        new BatchCalls(new Backoff(1, 2, new SplittableRandom(1)), d -> {}, 2),
        new ProviderBatches(db),
        clock,
        dir,
        new RunListener() {},
        1);
  }

  private static ProviderBatch creating(String submissionId, int requests, Instant at) {
    return new ProviderBatch(
        submissionId,
        null,
        1,
        "x",
        ProviderBatch.Stage.CREATING,
        null,
        null,
        null,
        null,
        null,
        requests,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        at,
        at,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private FakeLlmServer server() throws Exception {
    return FakeLlmServer.start(
        new FakeLlmOptions.Builder().apiKey(KEY).batchSeconds(600).build(), clock);
  }

  @Test
  void openAi_findsTheBatchByItsSubmissionId_andCancelsASecondOne() throws Exception {
    try (FakeLlmServer server = server();
        Database db = Database.open(dir.resolve("r.db"), clock)) {
      BatchApi api = api(server, "openai");
      Instant at = clock.instant();
      create(api, "rlother", 5);
      BatchState first = create(api, "rlmine", 5);
      clock.advance(Duration.ofSeconds(1));
      BatchState second = create(api, "rlmine", 5);

      BatchRecovery.Outcome found = recovery(api, db).find(creating("rlmine", 5, at));

      assertThat(found.found()).isEqualTo(BatchRecovery.Found.EXISTS);
      assertThat(found.state().batchId()).isEqualTo(first.batchId());
      assertThat(api.get(second.batchId()).status()).isIn("cancelling", "cancelled");
      assertThat(recovery(api, db).find(creating("rlnever", 5, at)).found())
          .isEqualTo(BatchRecovery.Found.NONE);
    }
  }

  @Test
  void anthropic_oneUnknownBatchOfTheSizeIsIt_severalAreWaitedForAndToldApartByCustomIds()
      throws Exception {
    try (FakeLlmServer server = server();
        Database db = Database.open(dir.resolve("r.db"), clock)) {
      BatchApi api = api(server, "anthropic");
      Instant at = clock.instant();
      create(api, "rlsmaller", 3);
      BatchState only = create(api, "rlmine", 4);

      assertThat(recovery(api, db).find(creating("rlmine", 4, at)).state().batchId())
          .isEqualTo(only.batchId());
      assertThat(recovery(api, db).find(creating("rlmine", 6, at)).found())
          .isEqualTo(BatchRecovery.Found.NONE);

      create(api, "rlforeign", 4);
      assertThat(recovery(api, db).find(creating("rlmine", 4, at)).found())
          .as("two unknown batches of 4 that have not ended")
          .isEqualTo(BatchRecovery.Found.UNDECIDED);

      clock.advance(Duration.ofSeconds(601));
      BatchRecovery.Outcome found = recovery(api, db).find(creating("rlmine", 4, at));
      assertThat(found.found()).isEqualTo(BatchRecovery.Found.EXISTS);
      assertThat(found.state().batchId()).isEqualTo(only.batchId());
    }
  }
}
