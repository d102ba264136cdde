package dev.runlab.lab.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runlab.testsupport.Poll;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runlab} with no command in a child JVM on a real pseudo-terminal ({@code script}): the
 * system terminal path, where Ctrl-C is a real SIGINT from the terminal driver.
 */
class LabPtyTest {
  @TempDir Path dir;

  @Test
  void onARealTerminal_ctrlCInterruptsTheSnippet_andTheLabGoesOn() throws Exception {
    Path script = Path.of("/usr/bin/script");
    assumeTrue(Files.isExecutable(script), "util-linux script is needed for a pty");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command =
        "stty cols 120 rows 40; exec '"
            + java
            + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
            + System.getProperty("java.class.path")
            + "' dev.runlab.cli.Main --db '"
            + dir.resolve("runlab.db")
            + "'";
    Process process =
        new ProcessBuilder(script.toString(), "-qfc", command, "/dev/null")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    StringBuffer screen = new StringBuffer();
    Thread reader = new Thread(() -> copy(process.getInputStream(), screen), "pty-reader");
    reader.setDaemon(true);
    reader.start();
    OutputStream keys = process.getOutputStream();
    try {
      int at = await(screen, 0, "lab> ");
      type(keys, "1+1\r");
      at = await(screen, at, "==> 2");
      // type at the prompt, not before it: a key typed between two reads is echoed by the tty, and
      // a Ctrl-C that reaches the line editor before it accepted the line drops the line
      at = await(screen, at, "lab> ");
      type(keys, "{ System.out.println(\"sleep\" + \"ing\"); Thread.sleep(600_000); }\r");
      at = await(screen, at, "sleeping"); // the snippet runs: one Ctrl-C, a real SIGINT, stops it
      type(keys, "\u0003");
      at = await(screen, at, "interrupted");
      at = await(screen, at, "lab> ");
      type(keys, "6*7\r");
      at = await(screen, at, "==> 42");
      type(keys, "/exit\r");
      Poll.until(Duration.ofSeconds(30), "the lab's exit", () -> !process.isAlive());
      assertThat(process.exitValue()).isZero();
    } finally {
      process.destroyForcibly();
    }
  }

  private static void type(OutputStream keys, String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  private static int await(StringBuffer screen, int from, String expected) {
    try {
      Poll.until(Duration.ofSeconds(60), expected, () -> screen.indexOf(expected, from) >= 0);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; screen:\n" + screen, e);
    }
    return screen.indexOf(expected, from) + expected.length();
  }

  private static void copy(InputStream in, StringBuffer screen) {
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the process ended
    }
  }
}
