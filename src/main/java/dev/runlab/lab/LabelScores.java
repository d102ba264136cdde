package dev.runlab.lab;

import dev.runlab.store.ScoreSheet;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Confusion matrix and per-label precision, recall and F1 of one experiment, from its {@link
 * ScoreSheet}. Stateless.
 */
final class LabelScores {
  private LabelScores() {}

  /**
   * Rows are gold labels, columns what the model answered (gold labels first, then other answers
   * and model outcomes such as {@code (parse_error)}), cells counts; a last {@code total} column.
   */
  static Table confusion(ScoreSheet scoring) {
    TreeSet<String> gold = new TreeSet<>();
    TreeSet<String> other = new TreeSet<>();
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    for (ScoreSheet.Scored s : scoring.scored()) {
      gold.add(s.gold());
      counts.computeIfAbsent(s.gold(), g -> new TreeMap<>()).merge(s.predicted(), 1, Integer::sum);
    }
    for (ScoreSheet.Scored s : scoring.scored()) {
      if (!gold.contains(s.predicted())) {
        other.add(s.predicted());
      }
    }
    Table table = Table.create("confusion of experiment " + scoring.experimentId());
    StringColumn goldColumn = StringColumn.create("gold \\ answer");
    gold.forEach(goldColumn::append);
    table.addColumns(goldColumn);
    for (String p : concat(gold, other)) {
      IntColumn column = IntColumn.create(uniqueName(table, p.isEmpty() ? "(empty)" : p));
      for (String g : gold) {
        column.append(counts.get(g).getOrDefault(p, 0));
      }
      table.addColumns(column);
    }
    IntColumn total = IntColumn.create(uniqueName(table, "total"));
    for (String g : gold) {
      total.append(counts.get(g).values().stream().mapToInt(Integer::intValue).sum());
    }
    table.addColumns(total);
    return table;
  }

  /**
   * One row per label (gold labels and other labels the model answered; not model outcomes):
   * precision, recall and F1 (NaN when undefined) and support (scored results with that gold
   * label).
   */
  static Table perLabel(ScoreSheet scoring) {
    Map<String, int[]> tally = new TreeMap<>(); // label → {true positives, predicted, support}
    for (ScoreSheet.Scored s : scoring.scored()) {
      tally.computeIfAbsent(s.gold(), g -> new int[3])[2]++;
      if (!s.predicted().startsWith("(")) {
        tally.computeIfAbsent(s.predicted(), p -> new int[3])[1]++;
      }
      if (s.correct()) {
        tally.get(s.gold())[0]++;
      }
    }
    StringColumn label = StringColumn.create("label");
    DoubleColumn precision = DoubleColumn.create("precision");
    DoubleColumn recall = DoubleColumn.create("recall");
    DoubleColumn f1 = DoubleColumn.create("f1");
    IntColumn support = IntColumn.create("support");
    for (Map.Entry<String, int[]> e : tally.entrySet()) {
      int[] t = e.getValue();
      double p = ratio(t[0], t[1]);
      double r = ratio(t[0], t[2]);
      label.append(e.getKey().isEmpty() ? "(empty)" : e.getKey());
      precision.append(round(p));
      recall.append(round(r));
      f1.append(
          round(
              Double.isNaN(p) || Double.isNaN(r) || p + r == 0 ? Double.NaN : 2 * p * r / (p + r)));
      support.append(t[2]);
    }
    return Table.create(
        "label scores of experiment " + scoring.experimentId(),
        label,
        precision,
        recall,
        f1,
        support);
  }

  private static Iterable<String> concat(TreeSet<String> a, TreeSet<String> b) {
    java.util.List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String uniqueName(Table table, String name) {
    String candidate = name;
    for (int i = 2; table.containsColumn(candidate); i++) {
      candidate = name + "_" + i;
    }
    return candidate;
  }

  static double ratio(long numerator, long denominator) {
    return denominator == 0 ? Double.NaN : (double) numerator / denominator;
  }

  static double round(double v) {
    return Double.isNaN(v) ? Double.NaN : Math.round(v * 10000) / 10000.0;
  }
}
