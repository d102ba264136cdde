package dev.runlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlab.RunlabException;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.InProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Jupyter's own client tools (Debian's python3-jupyter-client, python3-nbclient, python3-nbformat)
 * against runlab's kernel: a kernelspec installed with {@code runlab kernel install --prefix} into
 * a temporary folder (its argv starts this test JVM's class path), and Jupyter's folders pointed
 * there too, so the user's own ~/.local is never read or written. Without those modules the tests
 * fail saying what to install; CI installs them.
 */
final class JupyterTools {
  private static final Path SCRIPTS = Path.of("src", "test", "python");

  private final String python;
  private final Path root;
  private final Map<String, String> env;

  private JupyterTools(String python, Path root) {
    this.python = python;
    this.root = root;
    this.env =
        Map.of(
            "JUPYTER_PATH", Kernelspec.prefixDataDir(root.resolve("prefix")).toString(),
            "JUPYTER_DATA_DIR", root.resolve("data").toString(),
            "JUPYTER_RUNTIME_DIR", root.resolve("runtime").toString(),
            "JUPYTER_CONFIG_DIR", root.resolve("config").toString(),
            "PYTHONDONTWRITEBYTECODE", "1");
  }

  /** Installs the kernel {@code runlab} on {@code db} under {@code root}. */
  static JupyterTools install(Path root, Path db) {
    String python;
    try {
      python = JupyterPython.require(System::getenv);
    } catch (RunlabException e) {
      throw new AssertionError(
          "the kernel tests drive it with Jupyter's own client: " + e.getMessage());
    }
    ChildJvm.Result installed =
        InProcess.runlab(
            "kernel",
            "install",
            "--prefix",
            root.resolve("prefix").toString(),
            "--db",
            db.toString());
    assertThat(installed.code()).as(installed.toString()).isZero();
    return new JupyterTools(python, root);
  }

  /**
   * Runs {@code SCRIPT --config CONFIG --report FILE}, which drives a kernel and writes what it saw
   * to FILE as JSON; fails unless it exits 0.
   */
  JsonNode report(Duration timeout, String script, Path config) {
    Path json = root.resolve(script + ".report.json");
    ChildJvm.Result r =
        python(timeout, script, "--config", config.toString(), "--report", json.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    try {
      return new ObjectMapper().readTree(json.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code src/test/python/SCRIPT args...}; fails after {@code timeout}, killing it all. */
  ChildJvm.Result python(Duration timeout, String script, String... args) {
    List<String> command = new ArrayList<>(List.of(python, SCRIPTS.resolve(script).toString()));
    command.addAll(List.of(args));
    try {
      Path logs = Files.createTempDirectory(root, "python-");
      Path out = logs.resolve("stdout.txt");
      Path err = logs.resolve("stderr.txt");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError(
            script + " did not end within " + timeout + "\nstderr:\n" + Files.readString(err));
      }
      return new ChildJvm.Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
