package dev.runlab.data;

import static dev.runlab.data.DataFiles.DEFAULT;
import static dev.runlab.data.DataFiles.LABEL_REQUIRED;
import static dev.runlab.data.DataFiles.assertRejected;
import static dev.runlab.data.DataFiles.concat;
import static dev.runlab.data.DataFiles.readAll;
import static dev.runlab.data.DataFiles.utf8;
import static dev.runlab.data.DataFiles.write;
import static dev.runlab.data.DataFiles.writeBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.runlab.DataFormatException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlNarrativeReaderTest {
  @TempDir Path dir;

  @Test
  void jsonl_readsIdTextLabelAndRowNumbers() {
    Path file =
        write(
            dir,
            "n.jsonl",
            """
            {"id": "N1", "text": "first", "label": "pos"}
            {"id": "N2", "text": "second", "label": "neg"}
            """);

    List<Narrative> rows = readAll(file);

    assertThat(rows).extracting(Narrative::id).containsExactly("N1", "N2");
    assertThat(rows).extracting(Narrative::rowNumber).containsExactly(1L, 2L);
    assertThat(rows.get(0).text()).isEqualTo("first");
    assertThat(rows.get(0).label()).isEqualTo("pos");
    assertThat(rows.get(0).fields())
        .containsExactly(entry("id", "N1"), entry("text", "first"), entry("label", "pos"));
  }

  @Test
  void jsonl_takesNumericId() {
    Path file = write(dir, "n.jsonl", "{\"id\": 17, \"text\": \"t\"}\n");

    assertThat(readAll(file).get(0).id()).isEqualTo("17");
  }

  @Test
  void jsonl_takesNumbersAndBooleansAsTheirJsonText() {
    Path file =
        write(
            dir,
            "n.jsonl",
            "{\"id\": \"N1\", \"text\": \"t\", \"score\": 17.50, \"big\": 1e5, \"ok\": true,"
                + " \"no\": false, \"n\": -3}\n");

    assertThat(readAll(file).get(0).fields())
        .containsEntry("score", "17.50")
        .containsEntry("big", "1e5")
        .containsEntry("ok", "true")
        .containsEntry("no", "false")
        .containsEntry("n", "-3");
  }

  @Test
  void jsonl_takesNestedObjectsAndArraysAsCompactJson() {
    Path file =
        write(
            dir,
            "n.jsonl",
            "{\"id\": \"N1\", \"text\": \"t\", \"meta\": { \"a\" : [1, 2, {\"b\": null}] },"
                + " \"tags\": [ \"x\" , \"y\" ]}\n");

    assertThat(readAll(file).get(0).fields())
        .containsEntry("meta", "{\"a\":[1,2,{\"b\":null}]}")
        .containsEntry("tags", "[\"x\",\"y\"]");
  }

  @Test
  void jsonl_takesStringsAsTheyAreWithEscapesDecoded() {
    Path file =
        write(
            dir, "n.jsonl", "{\"id\": \"N1\", \"text\": \"caf\\u00e9 \\\"q\\\"\\nnext, line\"}\n");

    assertThat(readAll(file).get(0).text()).isEqualTo("caf\u00e9 \"q\"\nnext, line");
  }

  @Test
  void jsonl_treatsNullAsMissing() {
    Path file = write(dir, "n.jsonl", "{\"id\": \"N1\", \"text\": \"t\", \"label\": null}\n");

    Narrative row = readAll(file).get(0);

    assertThat(row.label()).isNull();
    assertThat(row.fields()).containsOnlyKeys("id", "text");
  }

  @Test
  void jsonl_labelIsNullWhenEmptyOrAbsent() {
    Path file =
        write(
            dir,
            "n.jsonl",
            """
            {"id": "N1", "text": "t", "label": ""}
            {"id": "N2", "text": "t"}
            """);

    assertThat(readAll(file)).extracting(Narrative::label).containsExactly(null, null);
  }

  @Test
  void jsonl_skipsBlankLinesButCountsThemForLineNumbers() {
    Path file =
        write(
            dir,
            "n.jsonl",
            "\n{\"id\": \"N1\", \"text\": \"t\"}\n  \n\n{\"id\": \"N2\", \"text\": \"t\"}\nnope\n\n");

    assertRejected(file).hasMessageContaining("row 3 (line 6)");
    try (NarrativeReader reader = NarrativeSource.open(file, DEFAULT)) {
      reader.next();
      assertThat(reader.next().rowNumber()).isEqualTo(2);
    }
  }

  @Test
  void jsonl_skipsUtf8ByteOrderMark() {
    Path file =
        writeBytes(
            dir,
            "n.jsonl",
            concat(
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                utf8("{\"id\": \"N1\", \"text\": \"t\"}\n")));

    assertThat(readAll(file)).extracting(Narrative::id).containsExactly("N1");
  }

  @Test
  void jsonl_readsCrlfLinesAndLastLineWithoutNewline() {
    Path file =
        write(
            dir,
            "n.jsonl",
            "{\"id\": \"N1\", \"text\": \"a\"}\r\n{\"id\": \"N2\", \"text\": \"b\"}");

    assertThat(readAll(file)).extracting(Narrative::text).containsExactly("a", "b");
  }

  @Test
  void jsonl_columnsAreFirstObjectKeysThenNewKeysInOrderOfFirstAppearance() {
    Path file =
        write(
            dir,
            "n.jsonl",
            """
            {"text": "a", "id": "N1", "x": null}
            {"id": "N2", "z": 1, "text": "b"}
            {"y": 2, "id": "N3", "text": "c", "z": 3}
            """);

    try (NarrativeReader reader = NarrativeSource.open(file, DEFAULT)) {
      assertThat(reader.columns()).containsExactly("text", "id", "x");
      reader.forEachRemaining(row -> {});
      assertThat(reader.columns()).containsExactly("text", "id", "x", "z", "y");
    }
  }

  @Test
  void jsonl_keepsFieldsOfEachRowInItsOwnOrder() {
    Path file = write(dir, "n.jsonl", "{\"text\": \"a\", \"extra\": \"e\", \"id\": \"N1\"}\n");

    assertThat(readAll(file).get(0).fields())
        .containsExactly(entry("text", "a"), entry("extra", "e"), entry("id", "N1"));
  }

  @Test
  void jsonl_acceptsNdjsonAndUpperCaseExtensions() {
    String row = "{\"id\": \"N1\", \"text\": \"t\"}\n";

    assertThat(readAll(write(dir, "a.ndjson", row))).hasSize(1);
    assertThat(readAll(write(dir, "b.JSONL", row))).hasSize(1);
  }

  @Test
  void jsonl_rejectsEmptyFile() {
    Path file = write(dir, "n.jsonl", "");

    assertRejected(file).hasMessageStartingWith(file + " is empty:");
  }

  @Test
  void jsonl_rejectsFileOfOnlyBlankLines() {
    Path file =
        writeBytes(
            dir,
            "n.jsonl",
            concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("\n \n")));

    assertRejected(file).hasMessageStartingWith(file + " is empty:");
  }

  @Test
  void jsonl_rejectsLineThatIsNotValidJson() {
    Path file =
        write(
            dir,
            "n.jsonl",
            """
            {"id": "N1", "text": "t"}

            {"id": "N2", "text": "t",}
            """);

    assertRejected(file)
        .hasMessageContaining("row 2 (line 3) is not valid JSON")
        .hasMessageContaining("column")
        .hasMessageContaining("one complete JSON object");
  }

  @Test
  void jsonl_rejectsLineThatIsAnArray() {
    Path file = write(dir, "n.jsonl", "[{\"id\": \"N1\", \"text\": \"t\"}]\n");

    assertRejected(file).hasMessageContaining("row 1 (line 1) is an array, not a JSON object");
  }

  @Test
  void jsonl_rejectsLineThatIsAString() {
    Path file = write(dir, "n.jsonl", "{\"id\": \"N1\", \"text\": \"t\"}\n\"just text\"\n");

    assertRejected(file).hasMessageContaining("row 2 (line 2) is a string, not a JSON object");
  }

  @Test
  void jsonl_rejectsTwoObjectsOnOneLine() {
    Path file = write(dir, "n.jsonl", "{\"id\": \"N1\", \"text\": \"t\"} {\"id\": \"N2\"}\n");

    assertRejected(file).hasMessageContaining("row 1 (line 1) is an object followed by an object");
  }

  @Test
  void jsonl_rejectsDuplicateKeys() {
    Path file = write(dir, "n.jsonl", "{\"id\": \"N1\", \"text\": \"a\", \"text\": \"b\"}\n");

    assertRejected(file).hasMessageContaining("row 1 (line 1) has the key \"text\" twice");
  }

  @Test
  void jsonl_rejectsDuplicateKeyEvenWhenOneValueIsNull() {
    Path file =
        write(
            dir,
            "n.jsonl",
            "{\"id\": \"N1\", \"text\": \"a\", \"label\": null, \"label\": \"x\"}\n");

    assertRejected(file).hasMessageContaining("has the key \"label\" twice");
  }

  @Test
  void jsonl_rejectsMissingId() {
    Path file =
        write(
            dir,
            "n.jsonl",
            """
            {"id": "N1", "text": "t"}
            {"text": "t"}
            """);

    assertRejected(file).hasMessageContaining("row 2 (line 2) has no id field \"id\"");
  }

  @Test
  void jsonl_rejectsNullId() {
    Path file = write(dir, "n.jsonl", "{\"id\": null, \"text\": \"t\"}\n");

    assertRejected(file).hasMessageContaining("row 1 (line 1) has no id field");
  }

  @Test
  void jsonl_rejectsEmptyId() {
    Path file = write(dir, "n.jsonl", "{\"id\": \" \", \"text\": \"t\"}\n");

    assertRejected(file).hasMessageContaining("row 1 (line 1) has an empty id");
  }

  @Test
  void jsonl_rejectsObjectAsId() {
    Path file = write(dir, "n.jsonl", "{\"id\": {\"n\": 1}, \"text\": \"t\"}\n");

    assertRejected(file).hasMessageContaining("an object as its id");
  }

  @Test
  void jsonl_rejectsMissingTextNamingTheRow() {
    Path file =
        write(
            dir,
            "n.jsonl",
            """
            {"id": "N1", "text": "t"}
            {"id": "N2", "text": "t"}
            {"id": "N3", "body": "t"}
            """);

    assertRejected(file)
        .hasMessageContaining("row 3 (line 3) has no text field \"text\"")
        .hasMessageContaining("text_column");
  }

  @Test
  void jsonl_rejectsRequiredLabelMissingFromFirstObject() {
    Path file = write(dir, "n.jsonl", "{\"id\": \"N1\", \"text\": \"t\", \"gold\": \"x\"}\n");

    assertRejected(file, LABEL_REQUIRED)
        .hasMessageContaining("row 1 (line 1) has no label field \"label\"")
        .hasMessageContaining("\"id\", \"text\", \"gold\"")
        .hasMessageContaining("label_column");
  }

  @Test
  void jsonl_allowsLaterRowsWithoutRequiredLabel() {
    Path file =
        write(
            dir,
            "n.jsonl",
            """
            {"id": "N1", "text": "t", "label": "pos"}
            {"id": "N2", "text": "t"}
            """);

    assertThat(readAll(file, LABEL_REQUIRED))
        .extracting(Narrative::label)
        .containsExactly("pos", null);
  }

  @Test
  void jsonl_rejectsInvalidUtf8NamingTheLine() {
    Path file =
        writeBytes(
            dir,
            "n.jsonl",
            concat(
                utf8("{\"id\": \"N1\", \"text\": \"t\"}\n\n{\"id\": \"N2\", \"text\": \"t\"}\n"),
                utf8("{\"id\": \"N3\", \"text\": \"caf"),
                new byte[] {(byte) 0xE9},
                utf8("\"}\n")));

    assertRejected(file).hasMessageContaining("row 3 (line 4)").hasMessageContaining("not UTF-8");
  }

  @Test
  void jsonl_rejectsLineLongerThanTheLimit() {
    Path file = write(dir, "n.jsonl", "{\"id\": \"N1\", \"text\": \"" + "x".repeat(200) + "\"}\n");

    assertThatThrownBy(() -> NarrativeSource.open(file, DEFAULT, 100))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("row 1 (line 1) is longer than 100 characters");
  }
}
