package dev.runlab.data;

import dev.runlab.DataFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The iteration protocol shared by the CSV and JSONL readers: one row read ahead, a failure that
 * sticks, a close that ends everything, and the mapping of a row's cells to a {@link Narrative}.
 */
abstract class StreamingNarrativeReader implements NarrativeReader {
  final Path file;
  final DataColumns dataColumns;
  final Utf8Reader input;
  private final RowHasher hasher = new RowHasher();
  private Narrative next;
  private boolean exhausted;
  private boolean closed;
  private RuntimeException failure;

  StreamingNarrativeReader(Path file, DataColumns dataColumns, Utf8Reader input) {
    this.file = file;
    this.dataColumns = dataColumns;
    this.input = input;
  }

  /**
   * Checks what must hold before the first row is handed out (the header, the required columns, at
   * least one row) and reads the first row ahead.
   */
  abstract void start();

  /** Reads the next row, or returns null at the end of the file. */
  abstract Narrative readRow();

  @Override
  public final boolean hasNext() {
    if (closed) {
      throw new IllegalStateException("the reader of " + file + " is closed; open it again");
    }
    if (failure != null) {
      throw failure;
    }
    if (next == null && !exhausted) {
      try {
        next = readRow();
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
      exhausted = next == null;
    }
    return next != null;
  }

  @Override
  public final Narrative next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more rows in " + file);
    }
    Narrative row = next;
    next = null;
    return row;
  }

  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      next = null;
      try {
        input.close();
      } catch (IOException e) {
        throw new UncheckedIOException("could not close " + file, e);
      }
    }
  }

  /**
   * Builds the narrative of one row, checking its id and text.
   *
   * @param where the file and row for messages, e.g. "data/n.csv row 3 (line 4)"
   * @param fields the row's cells in file order, without null values; kept (unmodifiable)
   */
  final Narrative narrative(long rowNumber, String where, Map<String, String> fields) {
    String id = fields.get(dataColumns.id());
    if (id == null) {
      throw new DataFormatException(
          where
              + " has no id field \""
              + dataColumns.id()
              + "\". Give every row an id, or set id_column in the config.");
    }
    if (id.isBlank()) {
      throw new DataFormatException(
          where
              + " has an empty id in column \""
              + dataColumns.id()
              + "\". Give every row a unique, non-empty id.");
    }
    String text = fields.get(dataColumns.text());
    if (text == null) {
      throw new DataFormatException(
          where
              + " has no text field \""
              + dataColumns.text()
              + "\". Give every row a text, or set text_column in the config.");
    }
    String label = dataColumns.label() == null ? null : fields.get(dataColumns.label());
    if (label != null && label.isEmpty()) {
      label = null;
    }
    return new Narrative(
        rowNumber, id, text, label, Collections.unmodifiableMap(fields), hasher.hash(fields));
  }

  /** A message's reference to a column name, quoted so that spaces around it show. */
  static String quoted(Iterable<String> names) {
    var out = new StringBuilder();
    for (String name : names) {
      out.append(out.length() == 0 ? "" : ", ").append('"').append(name).append('"');
    }
    return out.toString();
  }
}
