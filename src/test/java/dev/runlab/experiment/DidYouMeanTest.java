package dev.runlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  private static final List<String> KEYS = List.of("concurrency", "batch_size", "name", "db");

  @Test
  void closest_findsATypoWithinTwoEdits() {
    assertThat(DidYouMean.closest("concurency", KEYS)).contains("concurrency");
    assertThat(DidYouMean.closest("batchsize", KEYS)).contains("batch_size");
    assertThat(DidYouMean.closest("Name", KEYS)).contains("name");
  }

  @Test
  void closest_doesNotMatchShortNamesToEverything() {
    assertThat(DidYouMean.closest("id", KEYS)).isEmpty();
    assertThat(DidYouMean.closest("base", KEYS)).isEmpty();
    assertThat(DidYouMean.closest("parallelism", KEYS)).isEmpty();
  }

  @Test
  void distance_countsInsertionsDeletionsAndSubstitutions() {
    assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
    assertThat(DidYouMean.distance("same", "same")).isZero();
  }

  @Test
  void aSwapOfNeighbours_isOneEdit_soStratFindsStart() {
    assertThat(DidYouMean.distance("strat", "start")).isEqualTo(1);
    assertThat(DidYouMean.closest("strat", List.of("start", "status", "demo"))).contains("start");
    assertThat(DidYouMean.closest("experimentid", List.of("experiment_id")))
        .contains("experiment_id");
    assertThat(DidYouMean.hint("sample", List.of("id", "samples")))
        .isEqualTo(" (did you mean samples?)");
    assertThat(DidYouMean.hint("zzz", List.of("id", "samples"))).isEmpty();
  }
}
