package dev.runlab.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real child JVM running {@code dev.runlab.cli.Main} with the test class path, its output
 * captured in files (so a full pipe never blocks it). Kill it with {@link #kill9()} or signal it
 * with {@link #signal(String)}.
 */
public final class ChildJvm {
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ChildJvm(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts {@code runlab args...} with {@code runlab.home} and working directory {@code home}. */
  public static ChildJvm start(Path home, String... args) {
    return start(home, java.util.Map.of(), args);
  }

  /** As {@link #start(Path, String...)}, with more environment variables (e.g. an API key). */
  public static ChildJvm start(Path home, java.util.Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xmx128m");
    command.add("-Drunlab.home=" + home);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.runlab.cli.Main");
    command.addAll(List.of(args));
    try {
      Path logs = Files.createTempDirectory(home, "child-");
      Path out = logs.resolve("stdout.txt");
      Path err = logs.resolve("stderr.txt");
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      Process process =
          builder
              .directory(home.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
              .start();
      return new ChildJvm(process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code runlab args...} to its end (at most two minutes) and returns the result. */
  public static Result run(Path home, String... args) {
    ChildJvm child = start(home, args);
    int code = child.waitFor(Duration.ofMinutes(2));
    return new Result(code, child.stdout(), child.stderr());
  }

  private static java.io.File nullFile() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the exit code; fails (after killing the child) past {@code timeout}. */
  public int waitFor(Duration timeout) {
    try {
      Poll.until(timeout, "the child's exit", () -> !process.isAlive());
    } catch (AssertionError e) {
      process.destroyForcibly();
      throw new AssertionError(
          e.getMessage() + "\nstdout:\n" + stdout() + "\nstderr:\n" + stderr(), e);
    }
    return process.exitValue();
  }

  /** kill -9: the JVM gets no chance to clean up. */
  public void kill9() {
    process.destroyForcibly();
    Poll.until(Duration.ofSeconds(30), "the killed child's end", () -> !process.isAlive());
  }

  /** Sends a signal ({@code TERM}, {@code INT}) with the {@code kill} command. */
  public void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start();
      Poll.until(Duration.ofSeconds(30), "kill -" + name, () -> !kill.isAlive());
      if (kill.exitValue() != 0) {
        throw new AssertionError("kill -" + name + " " + pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String stdout() {
    return read(stdout);
  }

  public String stderr() {
    return read(stderr);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A finished command: exit code and output. */
  public record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }
}
