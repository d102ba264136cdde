package dev.runlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.lab.Lab;
import dev.runlab.lab.LabFixtures;
import dev.runlab.lab.shell.RunEvents;
import dev.runlab.run.RunEnvironment;
import dev.runlab.store.DbLocation;
import dev.runlab.testsupport.Poll;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's session without ZeroMQ: what each request gives, on the lab's fixture database. */
class KernelSessionTest {
  @TempDir static Path dir;
  static KernelSession session;

  @BeforeAll
  static void open() throws Exception {
    Path db = LabFixtures.create(dir);
    RunEvents events = new RunEvents();
    session =
        KernelSession.open(
            Lab.open(DbLocation.of(db), db, RunEnvironment.system(), events), events);
  }

  @AfterAll
  static void close() {
    session.close();
  }

  private static RecordedOutput run(String code) {
    RecordedOutput out = new RecordedOutput();
    session.execute(code, false, true, out);
    return out;
  }

  @Test
  void execute_sendsTheInputThePrintedTextAndATableAsPlainTextAndHtml() {
    RecordedOutput out =
        run("System.out.println(\"to out\");\nSystem.err.println(\"to err\");\nresults(1)");

    assertThat(out.kinds()).containsExactly("input", "stdout", "stderr", "result");
    assertThat(out.stream("stdout")).isEqualTo("to out\n");
    assertThat(out.stream("stderr")).isEqualTo("to err\n");
    RecordedOutput.Event result = out.last("result");
    assertThat(result.count()).isEqualTo(out.last("input").count());
    assertThat(result.bundle()).containsOnlyKeys("text/plain", "text/html");
    assertThat(result.bundle().get("text/html")).contains("<table").contains("N1");
    assertThat(result.bundle().get("text/plain")).contains("│ N1");
  }

  @Test
  void execute_showsChartsAsPngDisplayDataBeforeTheValue() throws Exception {
    RecordedOutput out = run("show(chart.errorsByCategory(1));\n6 * 7");

    assertThat(out.kinds()).containsExactly("input", "display", "result");
    String png = out.last("display").bundle().get("image/png");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png)));
    assertThat(image).isNotNull();
    assertThat(out.last("display").bundle()).containsKey("text/plain");
    assertThat(out.last("result").bundle())
        .containsExactly(java.util.Map.entry("text/plain", "42"));
  }

  @Test
  void execute_followsTheLabsPrintingRule_andItsSyntaxInMessages() {
    assertThat(run("long k = 5;\nk").last("result").bundle())
        .containsExactly(java.util.Map.entry("text/plain", "5"));
    assertThat(run("k + 1;").kinds()).containsExactly("input");
    assertThat(run("long m = 6").kinds()).containsExactly("input");
    assertThat(run("k = 7").last("result").bundle())
        .containsExactly(java.util.Map.entry("text/plain", "7"));
    RecordedOutput wrongId = run("experiment(99)");
    assertThat(wrongId.last("error").toString()).contains("`experiments()`");
  }

  @Test
  void execute_countsStoredCellsAndReportsFailuresWithTheirTraceback() {
    RecordedOutput declared = run("int base = 40;");
    int count = declared.last("input").count();
    assertThat(declared.kinds()).containsExactly("input"); // a declaration shows no value

    RecordedOutput thrown = run("throw new IllegalStateException(\"broken on purpose\")");
    assertThat(thrown.last("input").count()).isEqualTo(count + 1);
    assertThat(thrown.last("error").text()).isEqualTo("IllegalStateException: broken on purpose");
    assertThat(thrown.last("error").lines()).anyMatch(l -> l.contains("broken on purpose"));

    RecordedOutput compile = new RecordedOutput();
    KernelSession.Execution failed = session.execute("int y = nowhere;", false, true, compile);
    assertThat(failed.failure().name()).isEqualTo("CompileError");
    assertThat(compile.last("error").text()).startsWith("CompileError: ");
    assertThat(compile.last("error").lines()).anyMatch(l -> l.contains("nowhere"));
    assertThat(failed.count()).isEqualTo(count + 2);
  }

  @Test
  void execute_silentShowsNothingAndLeavesCountAndHistoryAlone() {
    int before = session.history().size();
    RecordedOutput out = new RecordedOutput();

    KernelSession.Execution silent =
        session.execute("System.out.println(\"hidden\"); 5", true, true, out);

    assertThat(out.events()).isEmpty();
    assertThat(silent.value()).isEqualTo(5);
    assertThat(session.history()).hasSize(before);
  }

  @Test
  void execute_printsWhileTheCellRunsAndAnInterruptStopsOnlyThatCell() {
    RecordedOutput out = new RecordedOutput();
    CompletableFuture<KernelSession.Execution> running =
        CompletableFuture.supplyAsync(
            () ->
                session.execute(
                    "System.out.println(\"started\");\nThread.sleep(60000);", false, true, out));

    Poll.until(
        Duration.ofSeconds(30), "the first line", () -> out.stream("stdout").equals("started\n"));
    assertThat(running).isNotDone();
    session.interrupt();

    KernelSession.Execution interrupted = running.join();
    assertThat(interrupted.failure().name()).isEqualTo("InterruptedException");
    assertThat(out.last("error").lines()).noneMatch(l -> l.contains("dev.runlab"));
    assertThat(run("\"still here\"").last("result").bundle().get("text/plain"))
        .isEqualTo("still here");
  }

  @Test
  void complete_countsCodePointsAsJupyterDoes() {
    String code = "String s = \"\uD83D\uDE00\"; experim";
    int cursor = code.codePointCount(0, code.length());

    KernelSession.Completion completion = session.complete(code, cursor);

    assertThat(completion.matches()).contains("experiments()", "experiment(");
    assertThat(completion.end()).isEqualTo(cursor);
    assertThat(completion.start()).isEqualTo(cursor - "experim".length());
  }

  @Test
  void isComplete_anOpenBraceIsIncompleteWithAnIndent() {
    assertThat(session.isComplete("for (int i = 0; i < 3; i++) {"))
        .isEqualTo(new KernelSession.Completeness("incomplete", "    "));
    assertThat(session.isComplete("1 + 1"))
        .isEqualTo(new KernelSession.Completeness("complete", ""));
    assertThat(session.isComplete("  ").status()).isEqualTo("complete");
  }

  @Test
  void inspect_givesTheOneLineHelpOfASessionFunction() {
    assertThat(session.inspect("errors(", 7)).get().asString().contains("byCategory");
    assertThat(session.inspect("var t = chart", 12)).get().asString().contains("chart.");
    assertThat(session.inspect("zzz", 1)).isEmpty();
  }

  @Test
  void history_listsTheStoredCellsInOrder() {
    run("String first = \"h1\";");
    run("first + \"h2\"");

    assertThat(session.history()).containsSubsequence("String first = \"h1\";", "first + \"h2\"");
  }
}
