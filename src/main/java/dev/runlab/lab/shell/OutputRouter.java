package dev.runlab.lab.shell;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Sends {@code System.out} and {@code System.err} of snippet threads to the streams their
 * evaluation asked for (one for both, or one each), and everything else where it went before.
 * Installed once per JVM, the first time an evaluator opens; routes by thread group, so threads a
 * snippet starts are routed too. Thread-safe.
 */
final class OutputRouter {
  private static final Map<ThreadGroup, Targets> TARGETS = new ConcurrentHashMap<>();
  private static boolean installed;

  private OutputRouter() {}

  static synchronized void install() {
    if (installed) {
      return;
    }
    System.setOut(routed(System.out, Targets::out));
    System.setErr(routed(System.err, Targets::err));
    installed = true;
  }

  /** Where a snippet's {@code System.out} and {@code System.err} go. */
  private record Targets(PrintStream out, PrintStream err) {}

  static void route(ThreadGroup group, PrintStream target) {
    route(group, target, target);
  }

  static void route(ThreadGroup group, PrintStream out, PrintStream err) {
    TARGETS.put(group, new Targets(out, err));
  }

  static void unroute(ThreadGroup group) {
    Targets targets = TARGETS.remove(group);
    if (targets != null) {
      targets.out().flush();
      targets.err().flush();
    }
  }

  private static PrintStream routed(PrintStream fallback, Function<Targets, PrintStream> which) {
    OutputStream stream =
        new OutputStream() {
          @Override
          public void write(int b) {
            target(fallback, which).write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            target(fallback, which).write(b, off, len);
          }

          @Override
          public void flush() throws IOException {
            target(fallback, which).flush();
          }
        };
    return new PrintStream(stream, true, StandardCharsets.UTF_8);
  }

  private static PrintStream target(PrintStream fallback, Function<Targets, PrintStream> which) {
    if (!TARGETS.isEmpty()) {
      for (ThreadGroup g = Thread.currentThread().getThreadGroup(); g != null; g = g.getParent()) {
        Targets targets = TARGETS.get(g);
        if (targets != null) {
          return which.apply(targets);
        }
      }
    }
    return fallback;
  }
}
