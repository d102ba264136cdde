package dev.runlab.lab.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Poll;
import dev.runlab.testsupport.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables fit the terminal, seen as a person sees them: the lab and a CLI command run in tmux
 * windows of 80, 120 and 200 columns (the lab's window resized while it runs), and what tmux shows
 * is read back. A wrapped table would leave box lines without their right border.
 */
class TerminalWidthTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String WIDE_SQL =
      "sql(\"select narrative_id, status, error_category, attempt_count, last_error_message,"
          + " response_text, printf('%.150c', 'x') as long_text from narrative_results\")";

  @TempDir Path dir;
  private Path socket;

  @AfterEach
  void killServer() throws Exception {
    if (socket != null) {
      tmux("kill-server");
    }
    // the lab's JVM outlives its window for a moment, still writing in dir (the temp folder
    // JUnit deletes next): wait for every process started on a path inside it to end
    List<ProcessHandle> left =
        ProcessHandle.allProcesses()
            .filter(p -> p.info().commandLine().orElse("").contains(dir.toString()))
            .toList();
    for (ProcessHandle p : left) {
      p.destroy();
    }
    for (ProcessHandle p : left) {
      try {
        p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void theLabsAndTheCommandLinesTables_fitWindowsOf80_120And200Columns() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux shows the terminal");
    socket = dir.resolve("tmux.sock");
    Workspace w = new Workspace(dir).rows(60).faults("bad_output: 0.3").concurrency(2).write();
    ChildJvm.Result started = w.inProcess("start", w.config.toString());
    assertThat(started.code()).as(started.toString()).isZero();

    tmux("new-session", "-d", "-s", "lab", "-x", "80", "-y", "50", java("--db", w.db.toString()));
    awaitScreen("lab", "lab>");
    List<String> snippets =
        List.of(
            "experiments()",
            "errors(1).samples(\"parse_error\", 3)",
            "results(1)",
            "chart.confusion(1)",
            WIDE_SQL);
    for (int width : new int[] {80, 120, 200}) {
      tmux("resize-window", "-t", "lab", "-x", String.valueOf(width), "-y", "50");
      Poll.until(WAIT, "a window of " + width, () -> screenWidth("lab") == width);
      for (int i = 0; i < snippets.size(); i++) {
        String marker = "/*" + width + "." + i + "*/";
        tmux("send-keys", "-t", "lab", "-l", marker + " " + snippets.get(i));
        tmux("send-keys", "-t", "lab", "Enter");
        String end = snippets.get(i).startsWith("chart") ? "(columns: " : " × ";
        String shown = awaitAfter("lab", marker, end);
        assertFits(shown, width, snippets.get(i));
        if (i == snippets.size() - 1 && width == 80) {
          // too wide for 80 columns even shrunk: columns go, and the note says which
          assertThat(shown).contains("(+").contains("long_text)");
        }
      }
    }

    String cli = java("errors", "1", "--samples", "3", "--db", w.db.toString());
    tmux(
        "new-session",
        "-d",
        "-s",
        "cli",
        "-x",
        "80",
        "-y",
        "50",
        cli + "; echo __done__; sleep 600");
    assertFits(awaitScreen("cli", "__done__"), 80, "runlab errors 1 --samples 3");
  }

  private static void assertFits(String screen, int width, String what) {
    List<String> box = new ArrayList<>();
    for (String line : screen.lines().toList()) {
      String l = line.stripTrailing();
      if (!l.isEmpty() && "┌│├└".indexOf(l.charAt(0)) >= 0) {
        box.add(l);
      }
    }
    assertThat(box.isEmpty())
        .as(what + " at " + width + " columns:\n" + screen)
        .isEqualTo(what.startsWith("chart"));
    assertThat(box)
        .as(what + " at " + width + " columns, every box line whole:\n" + screen)
        .allSatisfy(l -> assertThat(l).matches(".*[┐│┤┘]"));
    assertThat(screen.lines())
        .as(what + " at " + width + " columns")
        .allSatisfy(
            l ->
                assertThat(l.stripTrailing().codePointCount(0, l.stripTrailing().length()))
                    .isLessThanOrEqualTo(width));
  }

  private String java(String... args) {
    StringBuilder command =
        new StringBuilder("'")
            .append(Path.of(System.getProperty("java.home"), "bin", "java"))
            .append("' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '")
            .append(System.getProperty("java.class.path"))
            .append("' dev.runlab.cli.Main");
    for (String a : args) {
      command.append(" '").append(a).append('\'');
    }
    return "cd '" + dir + "' && " + command;
  }

  /** What the window shows after the last {@code marker}, once that holds {@code expected}. */
  private String awaitAfter(String session, String marker, String expected) {
    try {
      Poll.until(
          WAIT, expected + " after " + marker, () -> after(session, marker).contains(expected));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; screen:\n" + screen(session), e);
    }
    return after(session, marker);
  }

  private String after(String session, String marker) {
    String all = tmux("capture-pane", "-p", "-t", session, "-S", "-");
    int at = all.lastIndexOf(marker);
    if (at < 0) {
      return "";
    }
    int nextLine = all.indexOf('\n', at);
    return nextLine < 0 ? "" : all.substring(nextLine + 1);
  }

  private String awaitScreen(String session, String expected) {
    try {
      Poll.until(WAIT, expected, () -> screen(session).contains(expected));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; screen:\n" + screen(session), e);
    }
    return screen(session);
  }

  private String screen(String session) {
    return tmux("capture-pane", "-p", "-t", session);
  }

  private int screenWidth(String session) {
    return Integer.parseInt(
        tmux("display-message", "-p", "-t", session, "#{window_width}").strip());
  }

  private String tmux(String... args) {
    List<String> command = new ArrayList<>(List.of("/usr/bin/tmux", "-S", socket.toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out;
    } catch (IOException e) {
      throw new AssertionError("tmux " + String.join(" ", args) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
