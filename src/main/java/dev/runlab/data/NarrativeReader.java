package dev.runlab.data;

import java.util.Iterator;
import java.util.List;

/**
 * Streams the rows of a data file, one {@link Narrative} at a time, holding only the current row in
 * memory; obtained from {@link NarrativeSource#open}. Not thread-safe: one thread reads it, then
 * closes it (try-with-resources).
 *
 * <p>{@link #hasNext()} and {@link #next()} throw {@link dev.runlab.DataFormatException} for a row
 * that cannot be read; the message names the file, the 1-based data row, the physical line, what is
 * wrong and what to do. A reader that has thrown one keeps throwing the same exception: the file
 * has to be fixed. After {@link #close()} both throw {@link IllegalStateException}.
 *
 * <p>Duplicate ids are <em>not</em> detected here, so that a file of millions of rows needs no set
 * of every id in memory: the store rejects them with its unique constraint.
 */
public interface NarrativeReader extends Iterator<Narrative>, AutoCloseable {

  /**
   * The column names of the file, in file order, as an unmodifiable snapshot.
   *
   * <p>CSV: the header. JSONL: the keys of the first object in their order, then each key that a
   * later object adds, in order of first appearance; so the list grows while rows are read, and
   * after the last row it names every key of the file. A key whose value is {@code null} counts as
   * a column here, though such a cell is absent from {@link Narrative#fields()}.
   */
  List<String> columns();

  /** Closes the file; idempotent. */
  @Override
  void close();
}
