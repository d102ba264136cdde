package dev.runlab.testsupport;

import dev.runlab.cli.Main;
import dev.runlab.run.RunEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a runlab command in this JVM (no terminal, empty stdin), for tests that need no child. */
public final class InProcess {
  private InProcess() {}

  public static ChildJvm.Result runlab(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code =
          Main.run(
              args, o, e, new ByteArrayInputStream(new byte[0]), false, RunEnvironment.system());
    }
    return new ChildJvm.Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
