package dev.runlab.lab.shell;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends {@code System.out} and {@code System.err} of snippet threads to the stream their evaluation
 * asked for, and everything else where it went before. Installed once per JVM, the first time an
 * evaluator opens; routes by thread group, so threads a snippet starts are routed too. Thread-safe.
 */
final class OutputRouter {
  private static final Map<ThreadGroup, PrintStream> TARGETS = new ConcurrentHashMap<>();
  private static boolean installed;

  private OutputRouter() {}

  static synchronized void install() {
    if (installed) {
      return;
    }
    System.setOut(routed(System.out));
    System.setErr(routed(System.err));
    installed = true;
  }

  static void route(ThreadGroup group, PrintStream target) {
    TARGETS.put(group, target);
  }

  static void unroute(ThreadGroup group) {
    PrintStream target = TARGETS.remove(group);
    if (target != null) {
      target.flush();
    }
  }

  private static PrintStream routed(PrintStream fallback) {
    OutputStream stream =
        new OutputStream() {
          @Override
          public void write(int b) {
            target(fallback).write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            target(fallback).write(b, off, len);
          }

          @Override
          public void flush() throws IOException {
            target(fallback).flush();
          }
        };
    return new PrintStream(stream, true, StandardCharsets.UTF_8);
  }

  private static PrintStream target(PrintStream fallback) {
    if (!TARGETS.isEmpty()) {
      for (ThreadGroup g = Thread.currentThread().getThreadGroup(); g != null; g = g.getParent()) {
        PrintStream target = TARGETS.get(g);
        if (target != null) {
          return target;
        }
      }
    }
    return fallback;
  }
}
