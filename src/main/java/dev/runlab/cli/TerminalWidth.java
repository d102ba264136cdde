package dev.runlab.cli;

import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * The width of the terminal standard output goes to, for tables that fit it; 0 when standard output
 * is no terminal (a pipe or a file: tables then fit the default width). Asks JLine's native
 * provider, else its {@code stty} one, without opening a terminal (which would take over the
 * terminal's signals). Thread-safe.
 */
final class TerminalWidth {
  private static volatile TerminalProvider provider;
  private static volatile boolean unavailable;

  private TerminalWidth() {}

  /** The columns of the terminal on standard output, or 0. */
  static int ofStandardOutput() {
    TerminalProvider p = provider();
    if (p == null) {
      return 0;
    }
    try {
      return p.isSystemStream(SystemStream.Output)
          ? Math.max(0, p.systemStreamWidth(SystemStream.Output))
          : 0;
    } catch (RuntimeException | LinkageError e) {
      return 0;
    }
  }

  private static TerminalProvider provider() {
    TerminalProvider p = provider;
    if (p != null || unavailable) {
      return p;
    }
    for (String name : new String[] {"jni", "exec"}) {
      try {
        p = TerminalProvider.load(name);
        provider = p;
        return p;
      } catch (Exception | LinkageError e) {
        // the next provider, else no width: tables fit the default
      }
    }
    unavailable = true;
    return null;
  }
}
