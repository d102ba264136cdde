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

class CsvNarrativeReaderTest {
  @TempDir Path dir;

  @Test
  void csv_readsIdTextLabelAndRowNumbers() {
    Path file = write(dir, "n.csv", "id,text,label\nN1,first text,pos\nN2,second text,neg\n");

    List<Narrative> rows = readAll(file);

    assertThat(rows).hasSize(2);
    Narrative first = rows.get(0);
    assertThat(first.rowNumber()).isEqualTo(1);
    assertThat(first.id()).isEqualTo("N1");
    assertThat(first.text()).isEqualTo("first text");
    assertThat(first.label()).isEqualTo("pos");
    assertThat(first.fields())
        .containsExactly(entry("id", "N1"), entry("text", "first text"), entry("label", "pos"));
    assertThat(first.rowHash()).matches("[0-9a-f]{64}");
    assertThat(rows.get(1).rowNumber()).isEqualTo(2);
    assertThat(rows.get(1).label()).isEqualTo("neg");
  }

  @Test
  void csv_columnsAreTheHeaderInFileOrder() {
    Path file = write(dir, "n.csv", "text,extra,id\nhello,x,N1\n");

    try (NarrativeReader reader = NarrativeSource.open(file, DEFAULT)) {
      assertThat(reader.columns()).containsExactly("text", "extra", "id");
    }
  }

  @Test
  void csv_quotedFieldsKeepCommasQuotesAndCrlfNewlines() {
    Path file =
        write(
            dir,
            "n.csv",
            "id,text,label\r\n\"N1\",\"a, b \"\"quoted\"\"\r\nsecond line\",\"\"\r\nN2,plain,x\r\n");

    List<Narrative> rows = readAll(file);

    assertThat(rows).extracting(Narrative::id).containsExactly("N1", "N2");
    assertThat(rows.get(0).text()).isEqualTo("a, b \"quoted\"\r\nsecond line");
    assertThat(rows.get(0).label()).isNull();
    assertThat(rows.get(1).rowNumber()).isEqualTo(2);
  }

  @Test
  void csv_quotedFieldKeepsLfNewlinesAndLaterMessagesCountPhysicalLines() {
    Path file = write(dir, "n.csv", "id,text\nN1,\"line one\nline two\nline three\"\nN2\n");

    assertRejected(file).hasMessageContaining("row 2 (line 5)");
    try (NarrativeReader reader = NarrativeSource.open(file, DEFAULT)) {
      assertThat(reader.next().text()).isEqualTo("line one\nline two\nline three");
    }
  }

  @Test
  void csv_skipsUtf8ByteOrderMark() {
    Path file =
        writeBytes(
            dir,
            "n.csv",
            concat(
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("id,text\nN1,hello\n")));

    List<Narrative> rows = readAll(file);

    assertThat(rows).singleElement().satisfies(n -> assertThat(n.id()).isEqualTo("N1"));
    assertThat(rows.get(0).fields()).containsOnlyKeys("id", "text");
  }

  @Test
  void csv_readsLastLineWithoutTrailingNewline() {
    Path file = write(dir, "n.csv", "id,text\nN1,one\nN2,two");

    assertThat(readAll(file)).extracting(Narrative::text).containsExactly("one", "two");
  }

  @Test
  void csv_readsQuotedLastFieldAtEndOfFileWithoutNewline() {
    Path file = write(dir, "n.csv", "id,text\nN1,\"one, \"\"last\"\"\"");

    assertThat(readAll(file)).extracting(Narrative::text).containsExactly("one, \"last\"");
  }

  @Test
  void csv_keepsIdAsWrittenWithoutTrimming() {
    Path file = write(dir, "n.csv", "id,text\n\" N1 \",one\n");

    assertThat(readAll(file).get(0).id()).isEqualTo(" N1 ");
  }

  @Test
  void csv_readsCrlfFile() {
    Path file = write(dir, "n.csv", "id,text,label\r\nN1,one,a\r\nN2,two,b\r\n");

    List<Narrative> rows = readAll(file);

    assertThat(rows).extracting(Narrative::text).containsExactly("one", "two");
    assertThat(rows).extracting(Narrative::label).containsExactly("a", "b");
  }

  @Test
  void csv_readsOldMacLoneCrLineEnds() {
    Path file = write(dir, "n.csv", "id,text\rN1,one\rN2,two\r");

    assertThat(readAll(file)).extracting(Narrative::id).containsExactly("N1", "N2");
  }

  @Test
  void csv_ignoresBlankTrailingLines() {
    Path file = write(dir, "n.csv", "id,text\nN1,one\n\n  \r\n\n");

    assertThat(readAll(file)).extracting(Narrative::id).containsExactly("N1");
  }

  @Test
  void csv_skipsBlankLinesBetweenRowsWithoutCountingThemAsRows() {
    Path file = write(dir, "n.csv", "id,text\nN1,one\n\nN2,two\nN3\n");

    assertRejected(file).hasMessageContaining("row 3 (line 5)");
    try (NarrativeReader reader = NarrativeSource.open(file, DEFAULT)) {
      reader.next();
      assertThat(reader.next().rowNumber()).isEqualTo(2);
    }
  }

  @Test
  void csv_keepsExtraColumnsInFieldsInFileOrder() {
    Path file = write(dir, "n.csv", "source,id,year,text,label\nweb,N1,2024,hello,pos\n");

    Narrative row = readAll(file).get(0);

    assertThat(row.fields())
        .containsExactly(
            entry("source", "web"),
            entry("id", "N1"),
            entry("year", "2024"),
            entry("text", "hello"),
            entry("label", "pos"));
    assertThatThrownBy(() -> row.fields().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void csv_keepsEmptyFieldsAndMultibyteText() {
    Path file = write(dir, "n.csv", "id,text,label,note\nN1,caf\u00e9 \uD83D\uDE00 \u4e2d,,\n");

    Narrative row = readAll(file).get(0);

    assertThat(row.text()).isEqualTo("caf\u00e9 \uD83D\uDE00 \u4e2d");
    assertThat(row.label()).isNull();
    assertThat(row.fields()).containsEntry("label", "").containsEntry("note", "");
  }

  @Test
  void csv_labelIsNullWhenNoLabelColumnIsConfigured() {
    Path file = write(dir, "n.csv", "id,text,label\nN1,one,pos\n");

    Narrative row = readAll(file, new DataColumns("id", "text", null, false)).get(0);

    assertThat(row.label()).isNull();
    assertThat(row.fields()).containsEntry("label", "pos");
  }

  @Test
  void csv_labelIsNullWhenOptionalLabelColumnIsAbsent() {
    Path file = write(dir, "n.csv", "id,text\nN1,one\n");

    assertThat(readAll(file).get(0).label()).isNull();
  }

  @Test
  void csv_usesConfiguredColumnNames() {
    Path file = write(dir, "n.csv", "narrative_id,body,gold\nA7,the body,yes\n");

    Narrative row = readAll(file, new DataColumns("narrative_id", "body", "gold", true)).get(0);

    assertThat(row.id()).isEqualTo("A7");
    assertThat(row.text()).isEqualTo("the body");
    assertThat(row.label()).isEqualTo("yes");
  }

  @Test
  void csv_rejectsMissingRequiredLabelColumn() {
    Path file = write(dir, "n.csv", "id,text\nN1,one\n");

    assertRejected(file, LABEL_REQUIRED)
        .hasMessageContaining("header (line 1)")
        .hasMessageContaining("no label column \"label\"")
        .hasMessageContaining("\"id\", \"text\"")
        .hasMessageContaining("label_column");
  }

  @Test
  void csv_rejectsEmptyFile() {
    Path file = write(dir, "empty.csv", "");

    assertRejected(file).hasMessageStartingWith(file + " is empty:");
  }

  @Test
  void csv_rejectsFileWithOnlyByteOrderMarkAndWhitespace() {
    Path file =
        writeBytes(
            dir,
            "n.csv",
            concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(" \n\r\n\t\n")));

    assertRejected(file).hasMessageStartingWith(file + " is empty:");
  }

  @Test
  void csv_rejectsHeaderWithoutRows() {
    Path file = write(dir, "n.csv", "id,text,label\n\n");

    assertRejected(file).hasMessageContaining("has a header but no rows");
  }

  @Test
  void csv_rejectsHeaderWithoutIdColumnListingTheColumnsFound() {
    Path file = write(dir, "n.csv", "narrative_id, text\nN1,one\n");

    assertRejected(file)
        .hasMessageContaining("header (line 1) has no id column \"id\"")
        .hasMessageContaining("\"narrative_id\", \" text\"")
        .hasMessageContaining("id_column");
  }

  @Test
  void csv_rejectsHeaderWithoutTextColumn() {
    Path file = write(dir, "n.csv", "id,body\nN1,one\n");

    assertRejected(file)
        .hasMessageContaining("no text column \"text\"")
        .hasMessageContaining("text_column");
  }

  @Test
  void csv_rejectsDuplicateHeader() {
    Path file = write(dir, "n.csv", "id,text,label,text\nN1,a,b,c\n");

    assertRejected(file)
        .hasMessageContaining("header (line 1)")
        .hasMessageContaining("\"text\" twice (columns 2 and 4)");
  }

  @Test
  void csv_rejectsRowWithTooFewFieldsNamingRowAndCounts() {
    Path file = write(dir, "n.csv", "id,text,label\nN1,one,a\nN2,two\nN3,three,c\n");

    assertRejected(file)
        .hasMessageContaining("row 2 (line 3) has 2 fields, but the header has 3")
        .hasMessageContaining("quotes");
  }

  @Test
  void csv_rejectsRowWithTooManyFields() {
    Path file = write(dir, "n.csv", "id,text\nN1,one\nN2,two\nN3,hello, world\n");

    assertRejected(file).hasMessageContaining("row 3 (line 4) has 3 fields, but the header has 2");
  }

  @Test
  void csv_readsGoodRowsBeforeReportingALaterBadOne() {
    Path file = write(dir, "n.csv", "id,text\nN1,one\nN2,two\nN3\n");

    try (NarrativeReader reader = NarrativeSource.open(file, DEFAULT)) {
      assertThat(reader.next().id()).isEqualTo("N1");
      assertThat(reader.next().id()).isEqualTo("N2");
      assertThatThrownBy(reader::hasNext)
          .isInstanceOf(DataFormatException.class)
          .hasMessageContaining("row 3 (line 4)");
    }
  }

  @Test
  void csv_rejectsUnterminatedQuoteNamingTheRowWhereItOpened() {
    Path file = write(dir, "n.csv", "id,text\nN1,one\nN2,\"never closed\nN3,three\nN4,four\n");

    assertRejected(file)
        .hasMessageContaining("row 2 (line 3)")
        .hasMessageContaining("opened on line 3 is never closed");
  }

  @Test
  void csv_rejectsStrayQuoteInUnquotedField() {
    Path file = write(dir, "n.csv", "id,text\nN1,one\nN2,say \"hi\"\n");

    assertRejected(file)
        .hasMessageContaining("row 2 (line 3)")
        .hasMessageContaining("field 2 has a quote")
        .hasMessageContaining("\"\"");
  }

  @Test
  void csv_rejectsTextAfterClosingQuote() {
    Path file = write(dir, "n.csv", "id,text\nN1,\"one\"x\n");

    assertRejected(file)
        .hasMessageContaining("row 1 (line 2)")
        .hasMessageContaining("text after its closing quote ('x')");
  }

  @Test
  void csv_rejectsEmptyId() {
    Path file = write(dir, "n.csv", "id,text\nN1,one\n,two\n");

    assertRejected(file).hasMessageContaining("row 2 (line 3) has an empty id in column \"id\"");
  }

  @Test
  void csv_rejectsIdOfOnlyWhitespace() {
    Path file = write(dir, "n.csv", "id,text\n\"  \",one\n");

    assertRejected(file).hasMessageContaining("row 1 (line 2) has an empty id");
  }

  @Test
  void csv_rejectsInvalidUtf8InRow3() {
    byte[] latin1 = {'N', '3', ',', 'c', 'a', 'f', (byte) 0xE9, '\n'};
    Path file =
        writeBytes(
            dir,
            "n.csv",
            concat(utf8("id,text\nN1,one\nN2,\"two\nlines\"\n"), latin1, utf8("N4,x\n")));

    assertRejected(file)
        .hasMessageContaining("row 3 (line 5)")
        .hasMessageContaining("not UTF-8")
        .hasMessageContaining("byte offset 36");
  }

  @Test
  void csv_rejectsInvalidUtf8InHeader() {
    Path file =
        writeBytes(dir, "n.csv", concat(utf8("id,t"), new byte[] {(byte) 0xFF}, utf8("\n")));

    assertRejected(file).hasMessageContaining("header (line 1)").hasMessageContaining("not UTF-8");
  }

  @Test
  void csv_rejectsTruncatedUtf8SequenceAtEndOfFile() {
    Path file = writeBytes(dir, "n.csv", concat(utf8("id,text\nN1,caf"), new byte[] {(byte) 0xC3}));

    assertRejected(file).hasMessageContaining("row 1 (line 2)").hasMessageContaining("not UTF-8");
  }

  @Test
  void csv_rejectsRowLongerThanTheLimitInsteadOfReadingTheRestOfTheFile() {
    Path file = write(dir, "n.csv", "id,text\nN1,\"no closing quote" + "x".repeat(200) + "\n");

    assertThatThrownBy(() -> NarrativeSource.open(file, DEFAULT, 100))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("row 1 (line 2) is longer than 100 characters")
        .hasMessageContaining("quote");
  }
}
