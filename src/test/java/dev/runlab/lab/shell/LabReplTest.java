package dev.runlab.lab.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.lab.Lab;
import dev.runlab.run.RunEnvironment;
import dev.runlab.store.Database;
import dev.runlab.store.DbLocation;
import dev.runlab.testsupport.Workspace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab driven through a JLine terminal (xterm, on piped streams): what is typed goes in as keys,
 * what the lab draws is read back with the escape sequences removed.
 */
class LabReplTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** A terminal session: keys in, screen text out. */
  static final class Session implements AutoCloseable {
    final PipedOutputStream keys = new PipedOutputStream();
    final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    final Terminal terminal;
    final Lab lab;
    final Thread thread;
    final AtomicInteger exit = new AtomicInteger(-1);

    Session(Path db, Path history) throws IOException {
      PipedInputStream in = new PipedInputStream(keys, 1 << 16);
      // JLine's own terminal on streams, with its line discipline (Ctrl-C raises INT); a pty
      // from TerminalBuilder would send SIGINT to a process group this JVM is not in
      terminal = new ExternalTerminal("lab-test", "xterm", in, screen, StandardCharsets.UTF_8);
      terminal.setSize(new Size(160, 40));
      RunEvents events = new RunEvents();
      lab = Lab.open(DbLocation.of(db), db, RunEnvironment.system(), events);
      LabRepl repl = new LabRepl(terminal, lab, events, history);
      thread = new Thread(() -> exit.set(repl.run()), "lab-under-test");
      thread.start();
    }

    void type(String text) throws IOException {
      keys.write(text.getBytes(StandardCharsets.UTF_8));
      keys.flush();
    }

    String text() {
      return screen
          .toString(StandardCharsets.UTF_8)
          .replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "")
          .replaceAll("\u001B[()][0-9A-Za-z]", "")
          .replaceAll("\u001B[=>78DEHM]", "")
          .replace("\r", "");
    }

    /** Waits until the screen, after {@code from} characters, contains {@code expected}. */
    int await(int from, String expected) {
      until(() -> text().indexOf(expected, from) >= 0, "screen shows " + expected);
      return text().indexOf(expected, from) + expected.length();
    }

    void until(BooleanSupplier condition, String what) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out waiting until " + what + "; screen:\n" + text());
        }
        Thread.onSpinWait();
        try {
          thread.join(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }

    @Override
    public void close() throws IOException {
      keys.close();
      try {
        thread.join(WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      lab.close();
      terminal.close();
    }
  }

  @Test
  void aSession_help_tables_multiLine_completion_bang_history() throws Exception {
    Path db = dir.resolve("runlab.db");
    Database.open(db).close(); // an empty database: a missing one is an error (MissingDatabaseTest)
    Path history = dir.resolve(".runlab_history");
    try (Session s = new Session(db, history)) {
      int at = s.await(0, "lab> ");
      s.type("help()\r");
      at = s.await(at, "errors().byCategory()");
      s.await(at, "lab> ");

      s.type("experiments()\r");
      at = s.await(at, "0 rows × 9 columns");

      s.type("for (int i = 0; i < 3; i++) {\r");
      at = s.await(at, "...> ");
      s.type("System.out.println(\"row\" + i);\r}\r");
      at = s.await(at, "row2");

      s.type("System.out.println(!false && \"a!!b\".length() == 4)\r");
      at = s.await(at, "true");

      s.type("var big = displ");
      s.type("\t");
      at = s.await(at, "var big = display");
      s.type(".maxRows(3)\r"); // a declaration shows nothing; the variable does
      s.type("big\r");
      at = s.await(at, "big ==> display: width ");
      at = s.await(at, "maxRows 3");

      s.type("sql(\"select 1 as x union all select 2 union all select 3 union all select 4\")\r");
      at = s.await(at, "4 rows × 1 column");

      s.type("/vars\r");
      at = s.await(at, "Display big = ");
      Path saved = dir.resolve("session.jsh");
      s.type("/save " + saved + "\r");
      at = s.await(at, "saved the snippets");

      s.type("/exit\r");
      s.until(() -> !s.thread.isAlive(), "the lab ends");
      assertThat(s.exit.get()).isZero();
    }
    assertThat(Files.readString(history)).contains("help()").contains("/exit");
    assertThat(Files.readString(dir.resolve("session.jsh")))
        .contains("experiments()")
        .contains("var big = display.maxRows(3);")
        .doesNotContain("import");
  }

  @Test
  void ctrlC_interruptsTheSnippet_notTheRun_andLeavingPausesTheRun() throws Exception {
    Workspace w = new Workspace(dir).rows(3000).latencyMs(20).concurrency(2).batchSize(5).write();
    try (Session s = new Session(w.db, dir.resolve(".runlab_history"))) {
      int at = s.await(0, "lab> ");
      s.type("var e = start(\"" + w.config + "\")\r");
      at = s.await(at, "experiment 1 started");
      s.until(() -> finished(w) > 0, "results are committed");
      s.await(0, "experiment 1 [PROGRESS]"); // the status line

      s.type("Thread.sleep(600_000)\r");
      s.until(
          () ->
              Thread.getAllStackTraces().keySet().stream()
                  .anyMatch(
                      t ->
                          t.getName().startsWith("runlab-snippet-")
                              && t.getState() == Thread.State.TIMED_WAITING),
          "the snippet sleeps");
      s.type("\u0003");
      at = s.await(at, "interrupted");
      long afterInterrupt = finished(w);
      s.until(() -> finished(w) > afterInterrupt + 10, "the run goes on");
      assertThat(s.lab.activeRuns()).hasSize(1);

      s.type("resume()\r");
      at = s.await(at, "Resume this experiment? [y/N]");
      s.type("n\r");
      at = s.await(at, "==> null");

      s.type("\u0004");
      at = s.await(at, "Pause and leave? [y/N]");
      s.type("y\r");
      // leaving the lab: the next step is the shell's
      s.await(at, "experiment 1 paused");
      s.await(at, "resume with `runlab resume 1`");
      s.until(() -> !s.thread.isAlive(), "the lab ends");
      assertThat(s.exit.get()).isZero();
      assertThat(RunbookTest.status(w, 1)).isEqualTo("paused");
      assertThat(finished(w)).isLessThan(3000);
    }
    // the answers to the two questions are no snippets: they stay out of the history
    assertThat(Files.readAllLines(dir.resolve(".runlab_history")))
        .anyMatch(l -> l.endsWith(":resume()"))
        .noneMatch(l -> l.endsWith(":n") || l.endsWith(":y"));
  }

  private static long finished(Workspace w) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + w.db);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM narrative_results WHERE status IN ('ok', 'error')")) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      return 0; // not created yet
    }
  }
}
