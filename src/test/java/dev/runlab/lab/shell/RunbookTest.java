package dev.runlab.lab.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.cli.Main;
import dev.runlab.lab.ExperimentId;
import dev.runlab.lab.Lab;
import dev.runlab.run.RunEnvironment;
import dev.runlab.run.RunListener;
import dev.runlab.run.RunOptions;
import dev.runlab.store.Database;
import dev.runlab.store.DbLocation;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Poll;
import dev.runlab.testsupport.Workspace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookTest {
  @TempDir Path dir;

  private Workspace workspace(int rows, int latencyMs) {
    return new Workspace(dir).rows(rows).latencyMs(latencyMs).concurrency(2).write();
  }

  private ChildJvm.Result script(Workspace w, String source, String... args) {
    Path file = dir.resolve("book.jsh");
    Workspace.writeString(file, source);
    String[] all = new String[args.length + 2];
    all[0] = "run";
    all[1] = file.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return w.inProcess(all);
  }

  @Test
  void aScriptThatStartsAndAwaits_exits0_andShowsItsValues() {
    Workspace w = workspace(30, 0);
    ChildJvm.Result r =
        script(
            w,
            "var e = start(\"" + w.config + "\");\nawait(e);\nresults(e).rowCount()\ne.status()\n");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("==> 30").contains("\"completed\"");
  }

  @Test
  void anException_exits1_withTheFailingLine() {
    Workspace w = workspace(5, 0);
    ChildJvm.Result r =
        script(
            w,
            "System.out.println(\"before\");\n\nint[] a = new int[1];\nint b = a[3];\n"
                + "System.out.println(\"after\");\n");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("before").doesNotContain("after");
    assertThat(r.err())
        .contains("book.jsh failed at line 4")
        .contains("ArrayIndexOutOfBoundsException")
        .contains("int b = a[3];");
  }

  @Test
  void aCompileError_exits1_withTheFailingLine_andRunsNothingAfterIt() {
    Workspace w = workspace(5, 0);
    ChildJvm.Result r =
        script(w, "System.out.println(\"one\");\nString s = 42;\nSystem.out.println(\"two\");\n");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("one").doesNotContain("two");
    assertThat(r.err()).contains("book.jsh does not compile at line 2").contains("String s = 42;");
  }

  @Test
  void aRunlabError_exitsWithItsOwnCode() {
    Workspace w = workspace(5, 0);
    ChildJvm.Result r = script(w, "experiment(42)\n");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("line 1");
  }

  @Test
  void parameters_areTypedVariables_andDefaultsDoNotOverwriteThem() {
    Workspace w = workspace(5, 0);
    ChildJvm.Result r =
        script(
            w,
            "long n = param(\"n\", 1L);\nboolean yes = param(\"yes\", false);\n"
                + "String who = param(\"who\", \"nobody\");\nint k = param(\"k\", 9);\n"
                + "n * 2 + \" \" + yes + \" \" + who + \" \" + k\n/exit 3\nSystem.out.println(\"no\");",
            "-p",
            "n=21",
            "-p",
            "yes=true",
            "-p",
            "who=ann lee");

    assertThat(r.code()).as(r.err()).isEqualTo(3);
    assertThat(r.out()).contains("\"42 true ann lee 9\"").doesNotContain("no");
  }

  @Test
  void pipedStandardInput_isRunAsAScript() {
    Workspace w = workspace(5, 0);
    Database.open(w.db)
        .close(); // an empty database: a missing one is an error (MissingDatabaseTest)
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"--db", w.db.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(
                "experiments()\nSystem.out.println(1 + 1)".getBytes(StandardCharsets.UTF_8)),
            false,
            RunEnvironment.system());

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 rows").contains("2\n");
  }

  @Test
  void theOnePrintingRule_variablesAndExpressionsShow_declarationsAndSemicolonsDoNot() {
    Workspace w = workspace(5, 0);
    Database.open(w.db).close();
    ChildJvm.Result r = script(w, "long k = 5;\nk\nk + 1\nk + 1;\nvar t = experiments()\nt\n");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().filter(l -> l.contains("==>")).toList())
        .hasSize(3)
        .satisfies(l -> assertThat(l.get(0)).isEqualTo("k ==> 5"))
        .satisfies(l -> assertThat(l.get(1)).matches("\\$\\d+ ==> 6"))
        .satisfies(l -> assertThat(l.get(2)).isEqualTo("t ==>"));
    assertThat(r.out()).containsOnlyOnce("0 rows × 9 columns");
  }

  @Test
  void resumeLatest_resumesAPausedExperiment_withYes() throws Exception {
    Workspace w = workspace(60, 20);
    long id;
    try (Lab lab =
        Lab.open(DbLocation.of(w.db), w.db, RunEnvironment.system(), new RunListener() {})) {
      id = lab.start(w.config, RunOptions.DEFAULT).id();
      lab.pause(ExperimentId.of(id));
    }
    assertThat(status(w, id)).isEqualTo("paused");

    ChildJvm.Result refused = w.inProcess("run", "repl-scripts/resume-latest.jsh");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("no terminal to ask on").contains("yes=true");
    assertThat(status(w, id)).isEqualTo("paused");

    ChildJvm.Result r = w.inProcess("run", "repl-scripts/resume-latest.jsh", "-p", "yes=true");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(status(w, id)).isEqualTo("completed");
    assertThat(r.out()).contains("experiment " + id).contains("completed");
  }

  @Test
  void aRunTheScriptDidNotAwait_isPausedAtTheEnd() throws Exception {
    Workspace w = workspace(400, 30);
    ChildJvm.Result r = script(w, "var e = start(\"" + w.config + "\");\n");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("paused: the runbook ended without await(1)");
    assertThat(status(w, 1)).isEqualTo("paused");
  }

  @Test
  void theShippedRunbooks_runOnADatabaseWithTwoExperiments() {
    Workspace w = new Workspace(dir).rows(40).faults("bad_output: 0.2").concurrency(2).write();
    try (Lab lab =
        Lab.open(DbLocation.of(w.db), w.db, RunEnvironment.system(), new RunListener() {})) {
      lab.await(lab.start(w.config, RunOptions.DEFAULT));
      lab.await(lab.start(w.config, RunOptions.DEFAULT));
    }

    ChildJvm.Result analysis =
        w.inProcess("run", "repl-scripts/error-analysis.jsh", "-p", "samples=2");
    assertThat(analysis.code()).as(analysis.err()).isZero();
    assertThat(analysis.out())
        .contains("experiment 2 \"test-run\" — completed")
        .containsPattern("Final errors by category \\(\\d+\\):\nbyCategory ==>\n┌")
        .contains("Samples of parse_error")
        .contains("accuracy")
        .contains("precision");

    assertThat(analysis.err()).doesNotContain("warning");

    ChildJvm.Result misspelt =
        w.inProcess("run", "repl-scripts/error-analysis.jsh", "-p", "sample=2", "-p", "id=2");
    assertThat(misspelt.code()).as(misspelt.err()).isZero();
    assertThat(misspelt.err())
        .containsOnlyOnce("warning")
        .contains(
            "repl-scripts/error-analysis.jsh never reads parameter sample (did you mean"
                + " samples?), so -p sample=2 changes nothing; it reads id, samples");

    ChildJvm.Result compare = w.inProcess("run", "repl-scripts/compare.jsh");
    assertThat(compare.code()).as(compare.err()).isZero();
    assertThat(compare.out())
        .contains("experiment 1 against experiment 2")
        .contains("agreement")
        .contains("Errors of experiment 2");

    ChildJvm.Result monitor = w.inProcess("run", "repl-scripts/monitor.jsh", "-p", "id=1");
    assertThat(monitor.code()).as(monitor.err()).isZero();
    assertThat(monitor.out()).contains("[PROGRESS] 40/40 (100.0%)").contains("completed");
  }

  @Test
  void sigint_pausesTheRunsOfTheRunbook_andExits130() throws Exception {
    Workspace w = new Workspace(dir).rows(3000).latencyMs(20).concurrency(2).write();
    Path book = dir.resolve("long.jsh");
    Workspace.writeString(book, "var e = start(\"" + w.config + "\");\nawait(e);\n");
    ChildJvm child = w.startRunlab("run", book.toString());
    Poll.until(
        java.time.Duration.ofSeconds(60),
        "experiment 1 running",
        () -> "running".equals(statusOrNull(w, 1)) || !child.isAlive());
    child.signal("INT");

    assertThat(child.waitFor(java.time.Duration.ofSeconds(60))).as(child.stderr()).isEqualTo(130);
    assertThat(status(w, 1)).isEqualTo("paused");
    assertThat(child.stderr()).contains("SIGINT: stopping");
  }

  private static String statusOrNull(Workspace w, long id) {
    try {
      return status(w, id);
    } catch (SQLException e) {
      return null; // the database is not created yet
    }
  }

  static String status(Workspace w, long id) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + w.db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT status FROM experiments WHERE experiment_id = " + id)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
