package dev.runlab.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
  @Option(
      names = "--db",
      paramLabel = "PATH",
      description =
          "the database (default: data/runlab.db in runlab's folder, or db: in the config)")
  Path db;

  @Option(names = "--debug", description = "print stack traces of errors")
  boolean debug;
}
