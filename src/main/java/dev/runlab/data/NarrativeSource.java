package dev.runlab.data;

import dev.runlab.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The entry point to data files: opens a CSV or JSON Lines file as a stream of {@link Narrative}s,
 * and computes the checksums that tell whether a file changed (the file's, and each row's).
 * Stateless and thread-safe; each {@link NarrativeReader} it opens is not.
 *
 * <p>CSV ({@code .csv}) follows RFC 4180: comma separated, the first record is the header, fields
 * may be enclosed in double quotes ({@code ""} for a quote inside, line breaks inside kept as they
 * are), CRLF or LF line ends, blank lines skipped. JSON Lines ({@code .jsonl}, {@code .ndjson})
 * holds one object per line, blank lines skipped. Both must be UTF-8; a byte order mark at the
 * start is skipped. Any file that cannot be read as narratives is rejected with a {@link
 * DataFormatException} naming the file, the row and line, what is wrong and what to do.
 */
public final class NarrativeSource {
  /**
   * The most characters one row may have. Far above any model's context, it keeps a quote that is
   * never closed from reading the rest of a huge file into memory.
   */
  static final int MAX_ROW_CHARS = 8 * 1024 * 1024;

  private static final int BUFFER_SIZE = 1 << 16;

  private NarrativeSource() {}

  /**
   * SHA-256 (lowercase hex) of the file's bytes, read as a stream: any change to the file, even to
   * whitespace, changes it.
   *
   * @throws DataFormatException when the file is missing or cannot be read
   */
  public static String checksum(Path file) {
    Objects.requireNonNull(file, "file");
    MessageDigest digest = sha256();
    byte[] buffer = new byte[BUFFER_SIZE];
    try (InputStream in = openStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Opens a data file for streaming, choosing the format by the file name's extension (ignoring
   * case): {@code .csv} for CSV, {@code .jsonl} or {@code .ndjson} for JSON Lines. Before it
   * returns, it checks the header or first object (id and text columns present, a required label
   * column present, no duplicate header names) and reads the first row, so that an empty file or a
   * header without rows is rejected here. The caller closes the reader.
   *
   * @throws DataFormatException when the file is missing, unreadable, of another format, empty, or
   *     its header or first row is wrong
   */
  public static NarrativeReader open(Path file, DataColumns columns) {
    return open(file, columns, MAX_ROW_CHARS);
  }

  /** {@link #open(Path, DataColumns)} with another limit on the characters of one row. */
  static NarrativeReader open(Path file, DataColumns columns, int maxRowChars) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(columns, "columns");
    checkNotFolder(file);
    boolean csv = isCsv(file);
    Utf8Reader input = new Utf8Reader(openStream(file));
    StreamingNarrativeReader reader =
        csv
            ? new CsvNarrativeReader(file, columns, input, maxRowChars)
            : new JsonlNarrativeReader(file, columns, input, maxRowChars);
    try {
      reader.start();
      return reader;
    } catch (RuntimeException e) {
      try {
        reader.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * SHA-256 (lowercase hex) of a row's content, the same for the same cells whatever the file's
   * format, quoting or column order; {@link Narrative#rowHash()} is this hash of {@link
   * Narrative#fields()}.
   *
   * <p>The encoding is stored in databases and must never change: for each column whose value is
   * not null (a null value counts as an absent column, as a JSON {@code null} does), in ascending
   * order of name ({@link String#compareTo}), the 4-byte big-endian length of the name's UTF-8
   * bytes, those bytes, the 4-byte big-endian length of the value's UTF-8 bytes, and those bytes.
   *
   * @throws IllegalArgumentException when a column name is null
   */
  public static String rowHash(Map<String, String> fields) {
    Objects.requireNonNull(fields, "fields");
    return new RowHasher().hash(fields);
  }

  private static boolean isCsv(Path file) {
    Path name = file.getFileName();
    String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return true;
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
      return false;
    }
    throw new DataFormatException(
        file
            + " is neither CSV nor JSON Lines by its name: a data file's name must end in .csv,"
            + " .jsonl or .ndjson. Rename the file (after converting it if need be).");
  }

  private static void checkNotFolder(Path file) {
    if (Files.isDirectory(file)) {
      throw new DataFormatException(
          file
              + " is a folder, not a data file. Point data: in the config at a .csv or .jsonl file.");
    }
  }

  private static InputStream openStream(Path file) {
    checkNotFolder(file);
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static DataFormatException unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new DataFormatException(
          "data file "
              + file
              + " does not exist (looked for "
              + file.toAbsolutePath()
              + "). Check data: in the config; a relative path is resolved against the config"
              + " file's folder.",
          e);
    }
    if (e instanceof AccessDeniedException) {
      return new DataFormatException(
          "data file " + file + " cannot be read: permission denied. Make it readable.", e);
    }
    return new DataFormatException(
        "data file " + file + " cannot be read (" + e + "). Check that it is a readable file.", e);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256, which every Java SE has", e);
    }
  }
}
