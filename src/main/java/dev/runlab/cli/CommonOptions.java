package dev.runlab.cli;

import dev.runlab.RunlabException;
import dev.runlab.store.DbLocation;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Options every command takes. */
final class CommonOptions {
  @Option(
      names = "--db",
      paramLabel = "PATH|URL",
      converter = DbConverter.class,
      description =
          "the database: a SQLite file (default: data/runlab.db in runlab's folder, or db: in the"
              + " config) or postgresql://[USER@]HOST[:PORT]/DATABASE")
  DbLocation db;

  @Option(names = "--debug", description = "print stack traces of errors")
  boolean debug;

  /** {@code --db}: a file path (against the working directory) or a PostgreSQL URL. */
  static final class DbConverter implements ITypeConverter<DbLocation> {
    @Override
    public DbLocation convert(String value) {
      try {
        return DbLocation.parse(value, Path.of("").toAbsolutePath());
      } catch (RunlabException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
