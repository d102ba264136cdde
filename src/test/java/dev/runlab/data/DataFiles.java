package dev.runlab.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runlab.DataFormatException;
import dev.runlab.ExitCode;
import dev.runlab.RunlabException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;

/** Writes data files for the tests and reads them back through {@link NarrativeSource}. */
final class DataFiles {
  /** id, text and an optional label: the config's defaults. */
  static final DataColumns DEFAULT = new DataColumns("id", "text", "label", false);

  /** As {@link #DEFAULT}, but the config named the label column, so it must exist. */
  static final DataColumns LABEL_REQUIRED = new DataColumns("id", "text", "label", true);

  private DataFiles() {}

  static Path write(Path dir, String name, String content) {
    return writeBytes(dir, name, content.getBytes(StandardCharsets.UTF_8));
  }

  static Path writeBytes(Path dir, String name, byte[] content) {
    try {
      return Files.write(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] concat(byte[]... parts) {
    var out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static List<Narrative> readAll(Path file, DataColumns columns) {
    List<Narrative> rows = new ArrayList<>();
    try (NarrativeReader reader = NarrativeSource.open(file, columns)) {
      reader.forEachRemaining(rows::add);
    }
    return rows;
  }

  static List<Narrative> readAll(Path file) {
    return readAll(file, DEFAULT);
  }

  /** Asserts that reading the whole file is rejected as a data format error naming the file. */
  static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
      Path file, DataColumns columns) {
    return assertThatThrownBy(() -> readAll(file, columns))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file.toString())
        .satisfies(e -> assertExitCode((RunlabException) e));
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(Path file) {
    return assertRejected(file, DEFAULT);
  }

  private static void assertExitCode(RunlabException e) {
    if (e.exitCode() != ExitCode.USAGE) {
      throw new AssertionError("expected exit code 2 but was " + e.exitCode(), e);
    }
  }
}
