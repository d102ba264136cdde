package dev.runlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.chart.Chart;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class ChartsTest {
  @TempDir Path dir;
  Path db;

  @BeforeEach
  void setUp() throws Exception {
    db = LabFixtures.create(dir);
  }

  @Test
  void errorsByCategory_barsPerFinalErrorCategory() {
    try (Lab lab = LabFixtures.open(db)) {
      Chart.Bar bar = lab.chart().errorsByCategory(1);
      assertThat(bar.labels()).containsExactlyInAnyOrder("parse_error", "timeout");
      assertThat(bar.values()).containsExactly(1.0, 1.0);
    }
  }

  @Test
  void throughput_countsEveryCompletedResultOverTime() {
    try (Lab lab = LabFixtures.open(db)) {
      // 7 results, one a minute from 10:01 to 10:07: a 6-minute span → 10 s buckets
      Table t = lab.throughput(ExperimentId.of(1));
      assertThat(t.name()).contains("10 s buckets");
      assertThat(t.intColumn("completed").sum()).isEqualTo(7);
      assertThat(t.rowCount()).isEqualTo(37);
      assertThat(t.intColumn("completed").get(0)).isEqualTo(1);
      assertThat(t.doubleColumn("per_minute").get(0)).isEqualTo(6.0);
      assertThat(t.stringColumn("bucket_start").get(6)).isEqualTo("2026-01-05T10:02:00Z");
      Chart.Line line = lab.chart().throughput(1);
      assertThat(line.x()).hasSize(37);
      assertThat(line.x().get(6)).isEqualTo(1.0);
      // minutes to two decimals (10 s is 0.17 min, not 0.16666666666666666), in words on the axis
      assertThat(t.doubleColumn("minutes_since_first_result").get(1)).isEqualTo(0.17);
      assertThat(line.xLabel()).isEqualTo("minutes since the first result");
    }
  }

  @Test
  void throughput_bucketsGrowWithTheSpan() {
    assertThat(Throughput.bucketSeconds(0)).isEqualTo(1);
    assertThat(Throughput.bucketSeconds(59)).isEqualTo(1);
    assertThat(Throughput.bucketSeconds(3600)).isEqualTo(300);
    assertThat(Throughput.bucketSeconds(100 * 3600)).isEqualTo(7200);
  }

  @Test
  void confusion_isAHeatmapOfTheConfusionTableWithoutTotals() {
    try (Lab lab = LabFixtures.open(db)) {
      Chart.Heatmap map = lab.chart().confusion(1);
      assertThat(map.rowLabels()).containsExactly("neg", "neutral", "pos");
      assertThat(map.columnLabels()).containsExactly("neg", "neutral", "pos", "(parse_error)");
      assertThat(map.values()[0]).containsExactly(1, 0, 0, 1);
      assertThat(map.values()[2]).containsExactly(1, 0, 1, 0);
    }
  }

  @Test
  void accuracyPerLabel_isTheRecallOfEachGoldLabel() {
    try (Lab lab = LabFixtures.open(db)) {
      Chart.Bar bar = lab.chart().accuracyPerLabel(lab.experiment(ExperimentId.of(1)));
      assertThat(bar.labels()).containsExactly("neg", "neutral", "pos");
      assertThat(bar.values()).containsExactly(0.5, 1.0, 0.5);
    }
  }

  @Test
  void barFromTable_usesTheNamedColumns() {
    try (Lab lab = LabFixtures.open(db)) {
      Chart.Bar bar =
          lab.chart()
              .bar(
                  lab.sql("SELECT status, count(*) AS n FROM narrative_results GROUP BY status"),
                  "status",
                  "n");
      assertThat(bar.labels()).isEqualTo(List.of("error", "ok"));
      assertThat(bar.values()).isEqualTo(List.of(2.0, 13.0));
    }
  }
}
