package dev.runlab.data;

import static dev.runlab.data.DataFiles.DEFAULT;
import static dev.runlab.data.DataFiles.readAll;
import static dev.runlab.data.DataFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runlab.DataFormatException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NarrativeSourceTest {
  @TempDir Path dir;

  @Test
  void checksum_isSha256OfTheFileBytes() throws Exception {
    Path file = write(dir, "n.csv", "id,text,label\nN1,hello,pos\n");
    String independent =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));

    String checksum = NarrativeSource.checksum(file);

    // the literal is `printf 'id,text,label\nN1,hello,pos\n' | sha256sum`
    assertThat(checksum)
        .isEqualTo("80e5f2f725c8debd2e8781d359b798e2db39c423cca5590c29a3df45df5e345c")
        .isEqualTo(independent);
  }

  @Test
  void checksum_coversFilesLargerThanOneBuffer() throws Exception {
    Path file = write(dir, "big.csv", "id,text\n" + "N1,abcdefghij\n".repeat(20_000));
    String independent =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));

    assertThat(NarrativeSource.checksum(file)).isEqualTo(independent);
  }

  @Test
  void checksum_changesWhenOnlyWhitespaceChanges() {
    String before = NarrativeSource.checksum(write(dir, "a.csv", "id,text\nN1,hello\n"));
    String after = NarrativeSource.checksum(write(dir, "b.csv", "id,text\nN1,hello \n"));

    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void checksum_rejectsMissingFileNamingThePath() {
    Path missing = dir.resolve("nowhere.csv");

    assertThatThrownBy(() -> NarrativeSource.checksum(missing))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("data:");
  }

  @Test
  void checksum_rejectsFolder() {
    assertThatThrownBy(() -> NarrativeSource.checksum(dir))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(dir + " is a folder");
  }

  @Test
  void open_rejectsMissingFile() {
    Path missing = dir.resolve("nowhere.jsonl");

    assertThatThrownBy(() -> NarrativeSource.open(missing, DEFAULT))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(missing + " does not exist");
  }

  @Test
  void open_rejectsUnknownExtension() {
    Path file = write(dir, "n.tsv", "id\ttext\nN1\thello\n");

    assertThatThrownBy(() -> NarrativeSource.open(file, DEFAULT))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(".csv, .jsonl or .ndjson");
  }

  @Test
  void open_choosesFormatByExtensionIgnoringCase() {
    Path file = write(dir, "N.CSV", "id,text\nN1,hello\n");

    assertThat(readAll(file)).extracting(Narrative::id).containsExactly("N1");
  }

  @Test
  void reader_nextAfterLastRowThrowsNoSuchElement() {
    Path file = write(dir, "n.csv", "id,text\nN1,hello\n");

    try (NarrativeReader reader = NarrativeSource.open(file, DEFAULT)) {
      reader.next();
      assertThat(reader.hasNext()).isFalse();
      assertThat(reader.hasNext()).isFalse();
      assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void reader_nextWithoutHasNextReadsEveryRow() {
    Path file =
        write(dir, "n.jsonl", "{\"id\":\"N1\",\"text\":\"a\"}\n{\"id\":\"N2\",\"text\":\"b\"}");

    try (NarrativeReader reader = NarrativeSource.open(file, DEFAULT)) {
      assertThat(reader.next().id()).isEqualTo("N1");
      assertThat(reader.next().id()).isEqualTo("N2");
      assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void reader_keepsThrowingTheSameErrorAfterABadRow() {
    Path file = write(dir, "n.csv", "id,text\nN1,hello\nN2\nN3,fine\n");

    try (NarrativeReader reader = NarrativeSource.open(file, DEFAULT)) {
      reader.next();
      Throwable first = catchDataFormatError(reader);
      Throwable second = catchDataFormatError(reader);

      assertThat(first).hasMessageContaining("row 2 (line 3)");
      assertThat(second).isSameAs(first);
    }
  }

  @Test
  void reader_failsClearlyAfterClose() {
    Path file = write(dir, "n.csv", "id,text\nN1,hello\nN2,world\n");
    NarrativeReader reader = NarrativeSource.open(file, DEFAULT);
    reader.next();

    reader.close();
    reader.close();

    assertThatThrownBy(reader::hasNext)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file + " is closed");
    assertThatThrownBy(reader::next).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rowHash_isTheSameForTheSameRowInCsvAndJsonl() {
    Path csv =
        write(dir, "n.csv", "id,text,label\nN1,\"a, \"\"quoted\"\"\nline\",pos\nN2,plain,neg\n");
    Path jsonl =
        write(
            dir,
            "n.jsonl",
            "{\"id\":\"N1\",\"text\":\"a, \\\"quoted\\\"\\nline\",\"label\":\"pos\"}\n"
                + "{\"label\":\"neg\",\"text\":\"plain\",\"id\":\"N2\"}\n");

    var fromCsv = readAll(csv);
    var fromJsonl = readAll(jsonl);

    assertThat(fromCsv.get(0).text()).isEqualTo(fromJsonl.get(0).text());
    assertThat(fromCsv)
        .extracting(Narrative::rowHash)
        .containsExactlyElementsOf(fromJsonl.stream().map(Narrative::rowHash).toList());
    assertThat(fromCsv.get(0).rowHash())
        .isEqualTo(NarrativeSource.rowHash(fromCsv.get(0).fields()));
  }

  @Test
  void rowHash_differsWhenOneValueChanges() {
    Map<String, String> row = Map.of("id", "N1", "text", "hello", "label", "pos");
    Map<String, String> changed = Map.of("id", "N1", "text", "hello", "label", "neg");

    assertThat(NarrativeSource.rowHash(changed)).isNotEqualTo(NarrativeSource.rowHash(row));
  }

  @Test
  void rowHash_doesNotDependOnColumnOrder() {
    Map<String, String> order = new LinkedHashMap<>();
    order.put("id", "N1");
    order.put("text", "hello");
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("text", "hello");
    reversed.put("id", "N1");

    assertThat(NarrativeSource.rowHash(reversed)).isEqualTo(NarrativeSource.rowHash(order));
  }

  @Test
  void rowHash_tellsApartValuesThatOnlyShiftBetweenNamesAndValues() {
    assertThat(NarrativeSource.rowHash(Map.of("ab", "c")))
        .isNotEqualTo(NarrativeSource.rowHash(Map.of("a", "bc")));
    assertThat(NarrativeSource.rowHash(Map.of("a", "", "b", "x")))
        .isNotEqualTo(NarrativeSource.rowHash(Map.of("a", "b", "x", "")));
  }

  @Test
  void rowHash_treatsNullValueAsAbsentColumn() {
    Map<String, String> withNull = new HashMap<>();
    withNull.put("id", "N1");
    withNull.put("label", null);

    assertThat(NarrativeSource.rowHash(withNull))
        .isEqualTo(NarrativeSource.rowHash(Map.of("id", "N1")));
  }

  @Test
  void rowHash_followsTheDocumentedEncoding() throws Exception {
    var bytes = new ByteArrayOutputStream();
    var out = new DataOutputStream(bytes);
    for (String s : new String[] {"id", "N1", "text", "caf\u00e9"}) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(utf8.length);
      out.write(utf8);
    }
    String expected =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));

    assertThat(NarrativeSource.rowHash(Map.of("text", "caf\u00e9", "id", "N1")))
        .isEqualTo(expected);
  }

  @Test
  void rowHash_rejectsNullColumnName() {
    Map<String, String> row = new HashMap<>();
    row.put(null, "x");

    assertThatThrownBy(() -> NarrativeSource.rowHash(row))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Throwable catchDataFormatError(NarrativeReader reader) {
    try {
      reader.hasNext();
    } catch (DataFormatException e) {
      return e;
    }
    throw new AssertionError("expected a DataFormatException");
  }
}
