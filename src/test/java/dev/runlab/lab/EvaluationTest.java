package dev.runlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runlab.RunlabException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class EvaluationTest {
  @TempDir Path dir;
  Path db;

  @BeforeEach
  void setUp() throws Exception {
    db = LabFixtures.create(dir);
  }

  @Test
  void accuracy_countsModelOutcomesAsWrongAndExcludesTransportErrors() {
    try (Lab lab = LabFixtures.open(db)) {
      // scored: N1 ✓, N2 ✗, N3 ✓, N4 parse_error ✗, N5 ✓; N6 timeout excluded; N7 has no gold
      Evaluation.Accuracy a = lab.accuracy(ExperimentId.of(1));
      assertThat(a.correct()).isEqualTo(3);
      assertThat(a.scored()).isEqualTo(5);
      assertThat(a.excluded()).isEqualTo(1);
      assertThat(lab.accuracy(ExperimentId.of(2)).value()).isEqualTo(5.0 / 6);
      assertThat(a.toString())
          .isEqualTo(
              "accuracy 60.0% (3 of 5 scored results match the gold label; 1 transport error not"
                  + " scored)");
    }
    assertThat(new Evaluation.Accuracy(9, 1, 1, 2).toString())
        .isEqualTo(
            "accuracy 100.0% (1 of 1 scored result matches the gold label; 2 transport errors not"
                + " scored)");
  }

  @Test
  void confusion_rowsAreGoldLabelsAndColumnsAnswersIncludingModelOutcomes() {
    try (Lab lab = LabFixtures.open(db)) {
      Table t = lab.confusion(ExperimentId.of(1));
      assertThat(t.columnNames())
          .containsExactly("gold \\ answer", "neg", "neutral", "pos", "(parse_error)", "total");
      assertThat(t.stringColumn(0).asList()).containsExactly("neg", "neutral", "pos");
      assertThat(t.intColumn("neg").asList()).containsExactly(1, 0, 1);
      assertThat(t.intColumn("neutral").asList()).containsExactly(0, 1, 0);
      assertThat(t.intColumn("pos").asList()).containsExactly(0, 0, 1);
      assertThat(t.intColumn("(parse_error)").asList()).containsExactly(1, 0, 0);
      assertThat(t.intColumn("total").asList()).containsExactly(2, 1, 2);
    }
  }

  @Test
  void labelScores_givePrecisionRecallF1AndSupportPerLabel() {
    try (Lab lab = LabFixtures.open(db)) {
      Table t = lab.labelScores(lab.experiment(ExperimentId.of(1)));
      assertThat(t.stringColumn("label").asList()).containsExactly("neg", "neutral", "pos");
      // neg: 1 right of 2 answered neg (N2, N3), 1 of 2 gold neg found (N4 was a parse error)
      // neutral: 1 of 1 both ways; pos: 1 of 1 answered pos, 1 of 2 gold pos found
      assertThat(t.doubleColumn("precision").asList()).containsExactly(0.5, 1.0, 1.0);
      assertThat(t.doubleColumn("recall").asList()).containsExactly(0.5, 1.0, 0.5);
      assertThat(t.doubleColumn("f1").asList()).containsExactly(0.5, 1.0, 0.6667);
      assertThat(t.intColumn("support").asList()).containsExactly(2, 1, 2);
    }
  }

  @Test
  void compare_givesAccuracyOfEachAgreementAndTheDifferingNarratives() {
    try (Lab lab = LabFixtures.open(db)) {
      Comparison c = lab.compare(ExperimentId.of(1), ExperimentId.of(2));
      // scored in both: N1..N5 (N6 is excluded in experiment 1); same answer: N1, N5
      assertThat(c.both()).isEqualTo(5);
      assertThat(c.agreeing()).isEqualTo(2);
      assertThat(c.agreement()).isEqualTo(0.4);
      assertThat(c.summary().doubleColumn("experiment 1").asList())
          .containsExactly(0.6, 3.0, 5.0, 1.0);
      assertThat(c.summary().doubleColumn("experiment 2").asList())
          .containsExactly(0.8333, 5.0, 6.0, 0.0);
      Table d = c.differences();
      assertThat(d.stringColumn("narrative_id").asList()).containsExactly("N2", "N3", "N4");
      assertThat(d.stringColumn("answer_1").asList())
          .containsExactly("neg", "neg", "(parse_error)");
      assertThat(d.stringColumn("answer_2").asList()).containsExactly("pos", "pos", "neg");
      assertThat(d.stringColumn("right").asList()).containsExactly("2", "1", "2");
      assertThat(c.toString()).contains("agreement 40.0% (2 of 5");
    }
  }

  @Test
  void compare_refusesExperimentsOnDifferentData() {
    try (Lab lab = LabFixtures.open(db)) {
      assertThatThrownBy(() -> lab.compare(ExperimentId.of(1), ExperimentId.of(3)))
          .isInstanceOf(RunlabException.class)
          .hasMessageContaining("experiments 1 and 3 ran on different data")
          .hasMessageContaining("data/a.csv");
    }
  }
}
