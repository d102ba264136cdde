package dev.runlab.notebook;

/**
 * Runs the code of notebook cells, one after another, in one session whose definitions carry over
 * from cell to cell. Not thread-safe: one cell at a time.
 */
public interface CellExecutor extends AutoCloseable {
  /** Runs {@code source}; stops at its first failing snippet. */
  CellResult execute(String source);

  @Override
  void close();
}
