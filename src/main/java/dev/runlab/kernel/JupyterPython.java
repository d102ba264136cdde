package dev.runlab.kernel;

import dev.runlab.RunlabException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A Python 3 with Jupyter's own client modules ({@code jupyter_client}, {@code nbclient}, {@code
 * nbformat}), which the kernel's benchmark and tests drive the kernel with: {@code $RUNLAB_PYTHON},
 * else Debian's {@code /usr/bin/python3} (where {@code apt-get install python3-jupyter-client
 * python3-nbclient python3-nbformat} puts them), else {@code python3} on the PATH.
 */
public final class JupyterPython {
  static final String MODULES = "jupyter_client, nbclient, nbformat";

  private JupyterPython() {}

  /** The first candidate that imports the modules. */
  public static Optional<String> find(UnaryOperator<String> env) {
    List<String> candidates = new ArrayList<>();
    String explicit = env.apply("RUNLAB_PYTHON");
    if (explicit != null && !explicit.isBlank()) {
      candidates.add(explicit);
    }
    candidates.add("/usr/bin/python3");
    candidates.add("python3");
    return candidates.stream().filter(JupyterPython::hasModules).findFirst();
  }

  /** {@link #find}, or exit 2 saying what to install. */
  public static String require(UnaryOperator<String> env) {
    return find(env)
        .orElseThrow(
            () ->
                RunlabException.usage(
                    "no python3 with "
                        + MODULES
                        + " was found (tried $RUNLAB_PYTHON, /usr/bin/python3 and python3);"
                        + " install them with `apt-get install python3-jupyter-client"
                        + " python3-nbclient python3-nbformat` (or pip), or point RUNLAB_PYTHON"
                        + " at a python that has them"));
  }

  private static boolean hasModules(String python) {
    try {
      Process p =
          new ProcessBuilder(python, "-c", "import " + MODULES)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
