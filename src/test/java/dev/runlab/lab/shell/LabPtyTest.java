package dev.runlab.lab.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
      // waits for the cell's own output, not the echo: a Ctrl-C while the line is still being
      // accepted discards the line (JLine), and the test waited for ever
      type(keys, "System.out.println(\"sleeping-\" + \"now\"); Thread.sleep(600_000)\r");
      at = await(screen, at, "sleeping-now");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (screen.indexOf("interrupted", at) < 0 && System.nanoTime() < deadline) {
        type(keys, "\u0003"); // until the snippet is running; at a prompt it clears the line
        LockSupport.parkNanos(300_000_000); // poll interval
      }
      at = await(screen, at, "interrupted");
      type(keys, "6*7\r");
      at = await(screen, at, "==> 42");
      type(keys, "/exit\r");
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(screen.toString()).isTrue();
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
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (screen.indexOf(expected, from) < 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + expected + "; screen:\n" + screen);
      }
      LockSupport.parkNanos(20_000_000); // poll interval
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
