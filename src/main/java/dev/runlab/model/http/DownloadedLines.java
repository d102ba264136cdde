package dev.runlab.model.http;

import dev.runlab.model.BatchApi;
import dev.runlab.model.BatchLine;
import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelReply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The lines of downloaded result files, read one at a time and turned into {@link BatchLine}s by
 * the provider's reader; blank lines are skipped, a line that is not JSON becomes an unreadable
 * line. Closing deletes the files. Not thread-safe.
 */
final class DownloadedLines implements BatchApi.ResultLines {
  private final List<Path> files;
  private final Deque<Path> left;
  private final Function<String, BatchLine> reader;
  private BufferedReader current;
  private Path currentFile;
  private long lineNumber;
  private BatchLine next;

  DownloadedLines(List<Path> files, Function<String, BatchLine> reader) {
    this.files = List.copyOf(files);
    this.left = new ArrayDeque<>(files);
    this.reader = reader;
  }

  @Override
  public boolean hasNext() {
    try {
      while (next == null) {
        if (current == null) {
          if (left.isEmpty()) {
            return false;
          }
          currentFile = left.removeFirst();
          current = Files.newBufferedReader(currentFile, StandardCharsets.UTF_8);
          lineNumber = 0;
        }
        String line = current.readLine();
        if (line == null) {
          current.close();
          current = null;
          continue;
        }
        lineNumber++;
        if (!line.isBlank()) {
          next = read(line);
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the downloaded results " + currentFile, e);
    }
  }

  private BatchLine read(String line) {
    BatchLine parsed = reader.apply(line);
    if (parsed != null) {
      return parsed;
    }
    String shown = line.length() > 80 ? line.substring(0, 80) + "…" : line;
    return new BatchLine(
        null,
        ModelReply.failure(
            ErrorCategory.PROTOCOL,
            "line "
                + lineNumber
                + " of "
                + currentFile.getFileName()
                + " is not a result (not JSON, or no custom_id): "
                + shown,
            null,
            null,
            0));
  }

  @Override
  public BatchLine next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    BatchLine line = next;
    next = null;
    return line;
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
    }
    for (Path f : files) {
      Files.deleteIfExists(f);
    }
  }
}
