package dev.runlab.lab.shell;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code help()} shows: every function of the lab session with a one-line example. Ids may
 * always be given as an experiment handle instead ({@code e = experiment(3); errors(e)}).
 * Immutable.
 */
public final class SessionHelp {
  static final SessionHelp INSTANCE = new SessionHelp();

  /** One function: an example call and what it does. */
  record Entry(String example, String what) {}

  static final List<Entry> ENTRIES =
      List.of(
          new Entry("experiments()", "all experiments, newest first, with progress"),
          new Entry("experiment(3)", "a handle on experiment 3; shows its summary"),
          new Entry("use(3)", "the experiment that argument-less calls mean"),
          new Entry("start(\"data/demo/experiment.yaml\")", "create and run in the background"),
          new Entry("resume(3)", "resume experiment 3 in the background (safety checks)"),
          new Entry("resume()", "the latest incomplete one, after its summary and a question"),
          new Entry("resume(true)", "the latest incomplete one without asking"),
          new Entry("join(3)", "work on running experiment 3 of a PostgreSQL store as a worker"),
          new Entry("retryErrors(3, \"timeout\")", "re-run the error rows (category or null)"),
          new Entry("pause(3)", "pause after the requests in flight (batch committed)"),
          new Entry("cancel(3)", "stop for good"),
          new Entry("await(3)", "wait until the run of 3 in this lab ends"),
          new Entry("progress()", "progress line of the current experiment (or progress(3))"),
          new Entry("activeRuns()", "the runs this lab drives now"),
          new Entry("errors().byCategory()", "errors by category: count, share, example"),
          new Entry("errors(3).samples(\"timeout\", 5)", "five error rows of one category"),
          new Entry("errors(3).table()", "every error row"),
          new Entry("results(3)", "one row per result, with gold label and correct (a Table)"),
          new Entry("narratives(3)", "every narrative with its result status (a Table)"),
          new Entry("accuracy(3)", "accuracy against the gold labels"),
          new Entry("confusion(3)", "gold labels against answers"),
          new Entry("labelScores(3)", "precision, recall, F1 per label"),
          new Entry("compare(3, 4)", "accuracy, agreement and differences of two experiments"),
          new Entry("throughput(3)", "results completed over time"),
          new Entry("chart.errorsByCategory(3)", "a chart (also throughput, confusion...)"),
          new Entry("sql(\"select count(*) from narrative_results\")", "any query, as a Table"),
          new Entry("export(3, \"csv\", \"out.csv\")", "write the results as csv or jsonl"),
          new Entry("display.maxRows(50)", "rows shown per table (maxColumns, maxColumnWidth)"),
          new Entry("param(\"yes\", false)", "a runbook parameter -p yes=true, with a default"),
          new Entry("param(\"id\", () -> currentId())", "a computed default: only when not passed"),
          new Entry("lab", "the session object itself (dev.runlab.lab.Lab)"),
          new Entry("/vars /imports /history /save F", "jshell commands"),
          new Entry("/exit  (or Ctrl-D)", "leave; active runs are paused first"));

  private SessionHelp() {}

  /**
   * The help lines of the session function or object {@code name} ({@code "errors"} gives those of
   * {@code errors().byCategory()}, {@code errors(3).samples(...)} ...), each as "example what";
   * empty when {@code name} is not one of the session's.
   */
  public static List<String> about(String name) {
    if (name == null || name.isBlank()) {
      return List.of();
    }
    return ENTRIES.stream()
        .filter(
            e -> e.example().equals(name) || e.example().matches(Pattern.quote(name) + "[(.].*"))
        .map(e -> e.example() + "  " + e.what())
        .toList();
  }

  @Override
  public String toString() {
    return text(Integer.MAX_VALUE);
  }

  /**
   * The list within {@code width} columns: example and description side by side where they fit,
   * else the description on its own line below its example.
   */
  public String text(int width) {
    int column = ENTRIES.stream().mapToInt(e -> e.example().length()).max().orElse(0);
    StringBuilder out = new StringBuilder("runlab lab: functions of the session\n");
    for (Entry e : ENTRIES) {
      if (2 + column + 2 + e.what().length() <= width) {
        out.append("  ")
            .append(e.example())
            .append(" ".repeat(column - e.example().length() + 2))
            .append(e.what())
            .append('\n');
      } else {
        out.append("  ").append(e.example()).append("\n      ").append(e.what()).append('\n');
      }
    }
    out.append("Ctrl-C interrupts a running snippet; runs go on in the background.");
    return out.toString();
  }
}
