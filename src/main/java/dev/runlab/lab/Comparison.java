package dev.runlab.lab;

import dev.runlab.RunlabException;
import dev.runlab.store.ExperimentRecord;
import dev.runlab.store.ScoreSheet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Two experiments on the same data set side by side: the accuracy of each, how often they give the
 * same answer, and the narratives where they differ. A value, computed once. Thread-safe.
 *
 * @param both narratives scored in both experiments
 * @param agreeing narratives of {@code both} with the same answer
 */
public record Comparison(
    Evaluation.Accuracy first,
    Evaluation.Accuracy second,
    long both,
    long agreeing,
    Table differences) {

  /** Experiments on different data sets cannot be compared: a usage error (exit 2) says so. */
  static void requireSameData(ExperimentRecord a, ExperimentRecord b) {
    if (a.datasetId() != b.datasetId()) {
      throw RunlabException.usage(
          "experiments "
              + a.id()
              + " and "
              + b.id()
              + " ran on different data ("
              + a.dataPath()
              + " and "
              + b.dataPath()
              + "); compare experiments of the same data file");
    }
  }

  static Comparison of(ScoreSheet a, ScoreSheet b) {
    Map<String, ScoreSheet.Scored> byId = new HashMap<>();
    b.scored().forEach(s -> byId.put(s.narrativeId(), s));
    StringColumn id = StringColumn.create("narrative_id");
    StringColumn gold = StringColumn.create("gold_label");
    StringColumn answerA = StringColumn.create("answer_" + a.experimentId());
    // an experiment compared with itself still gets two columns
    StringColumn answerB =
        StringColumn.create(
            "answer_" + b.experimentId() + (a.experimentId() == b.experimentId() ? "_2" : ""));
    StringColumn right = StringColumn.create("right");
    StringColumn text = StringColumn.create("text");
    long both = 0;
    long agreeing = 0;
    for (ScoreSheet.Scored x : a.scored()) {
      ScoreSheet.Scored y = byId.get(x.narrativeId());
      if (y == null) {
        continue;
      }
      both++;
      if (x.predicted().equals(y.predicted())) {
        agreeing++;
        continue;
      }
      id.append(x.narrativeId());
      gold.append(x.gold());
      answerA.append(x.predicted());
      answerB.append(y.predicted());
      right.append(
          x.correct() ? "" + a.experimentId() : y.correct() ? "" + b.experimentId() : "neither");
      text.append(x.text());
    }
    Table differences =
        Table.create(
            "where experiments " + a.experimentId() + " and " + b.experimentId() + " differ",
            id,
            gold,
            answerA,
            answerB,
            right,
            text);
    return new Comparison(
        Evaluation.accuracy(a), Evaluation.accuracy(b), both, agreeing, differences);
  }

  /** The share of narratives scored in both experiments that got the same answer, or NaN. */
  public double agreement() {
    return LabelScores.ratio(agreeing, both);
  }

  /** One row per measure (accuracy, correct, scored, excluded), one column per experiment. */
  public Table summary() {
    StringColumn measure = StringColumn.create("measure");
    DoubleColumn a = DoubleColumn.create("experiment " + first.experimentId());
    DoubleColumn b = DoubleColumn.create("experiment " + second.experimentId());
    measure.append("accuracy").append("correct").append("scored").append("excluded");
    fill(a, first);
    fill(b, second);
    return Table.create(
        "experiments " + first.experimentId() + " and " + second.experimentId(), measure, a, b);
  }

  private static void fill(DoubleColumn column, Evaluation.Accuracy acc) {
    column
        .append(LabelScores.round(acc.value()))
        .append(acc.correct())
        .append(acc.scored())
        .append(acc.excluded());
  }

  @Override
  public String toString() {
    return toString(new Display());
  }

  /** "agreement 40.0% (2 of 5 narratives scored in both got the same answer)". */
  public String agreementLine() {
    if (both == 0) {
      return "agreement: no narrative is scored in both experiments";
    }
    return String.format(
        Locale.ROOT,
        "agreement %.1f%% (%d of %d narratives scored in both got the same answer)",
        100 * agreement(),
        agreeing,
        both);
  }

  /** The summary, the agreement line and the differing narratives, as text tables. */
  public String toString(Display display) {
    return TextTable.render(summary(), display)
        + "\n"
        + agreementLine()
        + "\n"
        + TextTable.render(differences, display);
  }
}
