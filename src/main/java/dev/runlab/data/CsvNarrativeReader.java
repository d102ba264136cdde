package dev.runlab.data;

import dev.runlab.DataFormatException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads narratives from a CSV file whose first record is the header. Not thread-safe. */
final class CsvNarrativeReader extends StreamingNarrativeReader {
  private final CsvParser parser;
  private List<String> header;
  private long row;

  CsvNarrativeReader(Path file, DataColumns dataColumns, Utf8Reader input, int maxRowChars) {
    super(file, dataColumns, input);
    this.parser = new CsvParser(input, file, maxRowChars);
  }

  @Override
  void start() {
    List<String> names = parser.next();
    if (names == null) {
      throw new DataFormatException(
          file
              + " is empty: it has no header and no rows. Point data: in the config at the right"
              + " file, or write a header line (e.g. id,text) and one line per narrative.");
    }
    String where = parser.where(parser.recordLine());
    checkNoDuplicates(names, where);
    checkHas(names, dataColumns.id(), "id", where, "set id_column in the config to");
    checkHas(names, dataColumns.text(), "text", where, "set text_column in the config to");
    if (dataColumns.labelRequired()) {
      checkHas(
          names,
          dataColumns.label(),
          "label",
          where,
          "remove label_column from the config if this data set has no gold labels, or set it to");
    }
    header = List.copyOf(names);
    if (!hasNext()) {
      throw new DataFormatException(
          file
              + " has a header but no rows. Add one line per narrative below the header, or point"
              + " data: in the config at the right file.");
    }
  }

  @Override
  public List<String> columns() {
    return header;
  }

  @Override
  Narrative readRow() {
    List<String> record = parser.next();
    if (record == null) {
      return null;
    }
    row++;
    String where = parser.where(parser.recordLine());
    if (record.size() != header.size()) {
      throw new DataFormatException(
          where
              + " has "
              + record.size()
              + (record.size() == 1 ? " field" : " fields")
              + ", but the header has "
              + header.size()
              + " ("
              + quoted(header)
              + "). Enclose fields that contain commas in quotes (\"a, b\"), and check for a"
              + " missing or extra comma.");
    }
    Map<String, String> fields = new LinkedHashMap<>(header.size() * 2);
    for (int i = 0; i < header.size(); i++) {
      fields.put(header.get(i), record.get(i));
    }
    return narrative(row, where, fields);
  }

  private static void checkNoDuplicates(List<String> names, String where) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      Integer first = seen.putIfAbsent(names.get(i), i + 1);
      if (first != null) {
        throw new DataFormatException(
            where
                + " names the column \""
                + names.get(i)
                + "\" twice (columns "
                + first
                + " and "
                + (i + 1)
                + "). Rename or remove one of them.");
      }
    }
  }

  private static void checkHas(
      List<String> names, String column, String role, String where, String remedy) {
    if (!names.contains(column)) {
      throw new DataFormatException(
          where
              + " has no "
              + role
              + " column \""
              + column
              + "\"; the columns are "
              + quoted(names)
              + ". Rename the column in the file, or "
              + remedy
              + " one of these.");
    }
  }
}
