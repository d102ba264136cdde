package dev.runlab.cli;

import dev.runlab.lab.Lab;
import dev.runlab.run.RunEnvironment;
import dev.runlab.store.DbLocation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What the commands share: the streams, whether a person is at a terminal to answer questions, the
 * run environment, and where runlab is installed (for the demo's files).
 */
final class Cli {
  final PrintStream out;
  final PrintStream err;
  final InputStream in;
  final boolean interactive;
  final RunEnvironment env;
  final Path home;

  Cli(
      PrintStream out,
      PrintStream err,
      InputStream in,
      boolean interactive,
      RunEnvironment env,
      Path home) {
    this.out = out;
    this.err = err;
    this.in = in;
    this.interactive = interactive;
    this.env = env;
    this.home = home;
  }

  /** The installation folder: {@code -Drunlab.home} (set by the launcher), else the working dir. */
  static Path home() {
    String home = System.getProperty("runlab.home");
    return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
  }

  /** The database of a command: {@code --db}, else the default under the installation folder. */
  Path defaultDb() {
    return home.resolve(Lab.DEFAULT_DB);
  }

  /** A lab whose tables fit the terminal on standard output (120 columns when it is none). */
  Lab lab(DbLocation explicitDb) {
    Lab lab = Lab.open(explicitDb, defaultDb(), env, new ConsoleListener(out, err, env.zone()));
    fitTerminal(lab);
    return lab;
  }

  /** Tables and charts of {@code lab} fit the terminal standard output goes to, if it is one. */
  void fitTerminal(Lab lab) {
    if (out == System.out) {
      lab.display().terminalWidth(TerminalWidth::ofStandardOutput);
    }
  }

  /** Asks a yes/no question on the terminal; anything but y/yes is no. */
  boolean ask(String question) {
    out.print(question + " [y/N] ");
    out.flush();
    try {
      String answer =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      return answer != null
          && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    } catch (IOException e) {
      return false;
    }
  }
}
