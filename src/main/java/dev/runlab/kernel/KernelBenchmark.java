package dev.runlab.kernel;

import dev.runlab.RunlabException;
import dev.runlab.store.DbLocation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code runlab bench kernel}: the kernel's start-up as Jupyter sees it, measured with Jupyter's
 * own client ({@code kernel_bench.py}, shipped in the jar): from {@code start_kernel} to the answer
 * to {@code kernel_info} (target: 5 s), and on to the first cell's value. The kernel runs this
 * runlab (the same argv as {@code runlab kernel install} writes) on an empty database in {@code
 * work}.
 */
public final class KernelBenchmark {
  private static final String SCRIPT = "kernel_bench.py";

  private final PrintStream out;
  private final Path work;
  private final Path home;
  private final int rounds;
  private final UnaryOperator<String> env;

  public KernelBenchmark(
      PrintStream out, Path work, Path home, int rounds, UnaryOperator<String> env) {
    this.out = out;
    this.work = work;
    this.home = home;
    this.rounds = rounds;
    this.env = env;
  }

  public void run() throws IOException, InterruptedException {
    String python = JupyterPython.require(env);
    Path prefix = work.resolve("jupyter");
    Kernelspec spec = new Kernelspec(Kernelspec.prefixDataDir(prefix), "runlab-bench");
    spec.install(Kernelspec.argv(home, DbLocation.of(work.resolve("bench.db"))));
    Path script = work.resolve(SCRIPT);
    try (InputStream in = KernelBenchmark.class.getResourceAsStream(SCRIPT)) {
      Files.copy(in, script);
    }
    out.println(
        "bench kernel: "
            + rounds
            + " fresh kernels started by jupyter_client ("
            + python
            + "), each timed to ready and to its first cell's value");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    python,
                    script.toString(),
                    "--kernel",
                    spec.name(),
                    "--rounds",
                    Integer.toString(rounds)))
            .redirectErrorStream(true);
    builder
        .environment()
        .putAll(
            Map.of(
                "JUPYTER_PATH", spec.dataDir().toString(),
                "JUPYTER_RUNTIME_DIR", work.resolve("runtime").toString(),
                "JUPYTER_DATA_DIR", work.resolve("data").toString(),
                "JUPYTER_CONFIG_DIR", work.resolve("config").toString()));
    Process process = builder.start();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      lines.lines().forEach(out::println);
    }
    if (process.waitFor() != 0) {
      throw RunlabException.failure(
          "the kernel benchmark failed (" + SCRIPT + " exited " + process.exitValue() + ")", null);
    }
  }
}
