package dev.runlab.data;

import static dev.runlab.data.DataFiles.DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads large files through, row by row; never holds the file whole. */
class NarrativeReaderStreamingTest {
  private static final int ROWS = 200_000;

  @TempDir Path dir;

  @Test
  void csv_streamsTwoHundredThousandRows() throws IOException {
    Path file = dir.resolve("big.csv");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("id,text,label\r\n");
      for (int i = 1; i <= ROWS; i++) {
        out.write("N" + i + ",\"narrative " + i + ", with a comma\nand a second line\"," + (i % 3));
        out.write("\r\n");
      }
    }

    long count = 0;
    Narrative last = null;
    try (NarrativeReader reader = NarrativeSource.open(file, DEFAULT)) {
      while (reader.hasNext()) {
        last = reader.next();
        count++;
      }
    }

    assertThat(count).isEqualTo(ROWS);
    assertThat(last.rowNumber()).isEqualTo(ROWS);
    assertThat(last.id()).isEqualTo("N" + ROWS);
    assertThat(last.text()).isEqualTo("narrative " + ROWS + ", with a comma\nand a second line");
  }

  @Test
  void jsonl_streamsTwoHundredThousandRows() throws IOException {
    Path file = dir.resolve("big.jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 1; i <= ROWS; i++) {
        out.write("{\"id\":" + i + ",\"text\":\"narrative " + i + "\",\"label\":\"x\"}\n");
      }
    }

    long count = 0;
    Narrative last = null;
    try (NarrativeReader reader = NarrativeSource.open(file, DEFAULT)) {
      while (reader.hasNext()) {
        last = reader.next();
        count++;
      }
    }

    assertThat(count).isEqualTo(ROWS);
    assertThat(last.id()).isEqualTo(String.valueOf(ROWS));
  }
}
