package dev.runlab.data;

import dev.runlab.DataFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits RFC 4180 CSV text into records: comma separated, fields optionally enclosed in double
 * quotes with {@code ""} for a quote inside, line breaks (CRLF, LF or a lone CR) inside quoted
 * fields kept as they are. Blank lines (nothing but spaces or tabs, unquoted) are skipped wherever
 * they are. Tracks the physical line so that every message names it; the first record returned is
 * called the header, the next ones rows 1, 2, ... Not thread-safe.
 */
final class CsvParser {
  private final Utf8Reader in;
  private final Path file;
  private final int maxRecordChars;
  private final StringBuilder field = new StringBuilder();

  /** The physical line of the next char. */
  private long line = 1;

  /** The line on which the record being read (or last returned) starts. */
  private long recordLine;

  /** How many non-blank records have been returned. */
  private long records;

  /** The index of the record being read or last returned: 0 for the header, then the row. */
  private long index;

  private int recordChars;
  private boolean recordQuoted;

  CsvParser(Utf8Reader in, Path file, int maxRecordChars) {
    this.in = in;
    this.file = file;
    this.maxRecordChars = maxRecordChars;
  }

  /** The next non-blank record, or null at the end of the input. */
  List<String> next() {
    try {
      while (true) {
        List<String> record = readRecord();
        if (record == null) {
          return null;
        }
        if (!isBlank(record)) {
          records++;
          return record;
        }
      }
    } catch (Utf8Reader.InvalidUtf8Exception e) {
      throw new DataFormatException(
          where(line)
              + " holds bytes that are not UTF-8 (at byte offset "
              + e.byteOffset()
              + "). Save the file as UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv.",
          e);
    } catch (IOException e) {
      throw new DataFormatException(
          "could not read " + file + " at " + where(line) + ": " + e.getMessage() + ".", e);
    }
  }

  /** The physical line on which the record last returned by {@link #next()} starts. */
  long recordLine() {
    return recordLine;
  }

  /**
   * Names the record being read (or just returned) for a message: "data/n.csv header (line 1)" or
   * "data/n.csv row 3 (line 4)".
   */
  String where(long physicalLine) {
    return file + (index == 0 ? " header" : " row " + index) + " (line " + physicalLine + ")";
  }

  private List<String> readRecord() throws IOException {
    index = records;
    recordLine = line;
    int c = in.read();
    if (c < 0) {
      return null;
    }
    recordChars = 0;
    recordQuoted = false;
    List<String> fields = new ArrayList<>();
    while (true) {
      c = c == '"' ? readQuoted(fields.size() + 1) : readUnquoted(c, fields.size() + 1);
      fields.add(field.toString());
      field.setLength(0);
      if (c != ',') {
        endLine(c);
        return fields;
      }
      c = in.read();
    }
  }

  /** Reads an unquoted field starting with {@code c}; returns the char that ends it. */
  private int readUnquoted(int first, int fieldNumber) throws IOException {
    int c = first;
    while (c != ',' && c != '\n' && c != '\r' && c >= 0) {
      if (c == '"') {
        throw new DataFormatException(
            where(line)
                + ": field "
                + fieldNumber
                + " has a quote (\") but does not start with one. Enclose the whole field in"
                + " quotes and double the quotes inside it, e.g. \"say \"\"hi\"\"\".");
      }
      append(c);
      c = in.read();
    }
    return c;
  }

  /** Reads a quoted field after its opening quote; returns the char after the closing quote. */
  private int readQuoted(int fieldNumber) throws IOException {
    recordQuoted = true;
    long openLine = line;
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new DataFormatException(
            where(openLine)
                + ": the quoted field "
                + fieldNumber
                + " opened on line "
                + openLine
                + " is never closed before the end of the file. Add the closing quote (\"),"
                + " and double every quote inside the field (\"\").");
      }
      if (c == '"') {
        int after = in.read();
        if (after != '"') {
          return checkAfterClosingQuote(after, fieldNumber);
        }
      } else if (c == '\n' || (c == '\r' && in.peek() != '\n')) {
        line++;
      }
      append(c);
    }
  }

  private int checkAfterClosingQuote(int c, int fieldNumber) {
    if (c == ',' || c == '\n' || c == '\r' || c < 0) {
      return c;
    }
    throw new DataFormatException(
        where(line)
            + ": field "
            + fieldNumber
            + " has text after its closing quote ('"
            + (char) c
            + "'). Double every quote inside a quoted field (\"\"), or remove the stray quote.");
  }

  private void endLine(int c) throws IOException {
    if (c == '\r' && in.peek() == '\n') {
      in.read();
    }
    if (c >= 0) {
      line++;
    }
  }

  private void append(int c) {
    if (++recordChars > maxRecordChars) {
      throw new DataFormatException(
          where(recordLine)
              + " is longer than "
              + maxRecordChars
              + " characters, the limit for one row: most likely a quote opened in it is never"
              + " closed. Check the quotes of the row that starts on line "
              + recordLine
              + ".");
    }
    field.append((char) c);
  }

  private boolean isBlank(List<String> record) {
    return record.size() == 1 && !recordQuoted && record.get(0).isBlank();
  }
}
