package dev.runlab.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The synthetic narratives file the benchmarks run over. */
final class BenchmarkData {
  private BenchmarkData() {}

  /**
   * Writes {@code items} rows {@code <prefix><7-digit number>,"<text> (case n)"} to {@code file},
   * cycling through {@code texts}, with a {@code label} column cycling through {@code labels} when
   * given (null: no label column).
   */
  static Path writeNarratives(
      Path file, int items, String idPrefix, String[] texts, String[] labels) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(labels == null ? "id,text\n" : "id,text,label\n");
      for (int i = 0; i < items; i++) {
        w.write(
            String.format(
                Locale.ROOT, "%s%07d,\"%s (case %d)\"", idPrefix, i, texts[i % texts.length], i));
        w.write(
            labels == null
                ? System.lineSeparator()
                : "," + labels[i % labels.length] + System.lineSeparator());
      }
    }
    return file;
  }
}
