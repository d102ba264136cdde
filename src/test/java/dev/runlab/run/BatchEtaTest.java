package dev.runlab.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.store.ProviderBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ETA of a batch-mode run, from its batches, on chosen times. */
class BatchEtaTest {
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

  private static ProviderBatch batch(
      ProviderBatch.Stage stage, Instant created, Instant completed, int requests, int done) {
    return new ProviderBatch(
        "rl" + created.toEpochMilli(),
        "b",
        1,
        "openai",
        stage,
        "in_progress",
        null,
        null,
        null,
        null,
        requests,
        0,
        done,
        0,
        0,
        0,
        0,
        0,
        created,
        created,
        created,
        created.plus(Duration.ofHours(24)),
        completed,
        null,
        null,
        null);
  }

  @Test
  void beforeAnyBatchEnded_theOpenBatchsOwnProgressIsExtrapolated() {
    ProviderBatch open = batch(ProviderBatch.Stage.OPEN, T0, null, 1000, 250);

    Instant eta = BatchEta.estimate(List.of(open), T0.plus(Duration.ofMinutes(10)), false);

    assertThat(eta).isEqualTo(T0.plus(Duration.ofMinutes(40)));
  }

  @Test
  void theMedianObservedDuration_decides_onceBatchesHaveEnded() {
    ProviderBatch a =
        batch(ProviderBatch.Stage.INGESTED, T0, T0.plus(Duration.ofMinutes(30)), 10, 10);
    ProviderBatch b =
        batch(ProviderBatch.Stage.INGESTED, T0, T0.plus(Duration.ofMinutes(50)), 10, 10);
    ProviderBatch c =
        batch(ProviderBatch.Stage.INGESTED, T0, T0.plus(Duration.ofMinutes(90)), 10, 10);
    Instant created = T0.plus(Duration.ofHours(2));
    ProviderBatch open = batch(ProviderBatch.Stage.OPEN, created, null, 1000, 900);

    Instant eta = BatchEta.estimate(List.of(a, b, c, open), created.plusSeconds(60), false);

    assertThat(eta).isEqualTo(created.plus(Duration.ofMinutes(50)));
  }

  @Test
  void withNothingToGoBy_theBatchsWindowIsTheEta_andAnOverdueBatchIsDueNow() {
    ProviderBatch fresh = batch(ProviderBatch.Stage.OPEN, T0, null, 100, 0);
    Instant late = T0.plus(Duration.ofHours(30));
    ProviderBatch slow = batch(ProviderBatch.Stage.OPEN, T0, null, 1000, 1);

    assertThat(BatchEta.estimate(List.of(fresh), T0.plusSeconds(5), false))
        .isEqualTo(T0.plus(Duration.ofHours(24)));
    assertThat(BatchEta.estimate(List.of(slow), T0.plus(Duration.ofHours(1)), false))
        .as("never past the window")
        .isEqualTo(T0.plus(Duration.ofHours(24)));
    assertThat(BatchEta.estimate(List.of(fresh), late, false)).isEqualTo(late);
    assertThat(BatchEta.estimate(List.of(), T0, false)).isNull();
    assertThat(BatchEta.estimate(List.of(), T0, true)).isEqualTo(T0.plus(Duration.ofHours(24)));
  }
}
