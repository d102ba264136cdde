package dev.runlab.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.runlab.DataFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads narratives from a JSON Lines file: one JSON object per line, blank lines skipped. String
 * values are taken as they are; numbers and booleans as their JSON text ({@code 17}, {@code 1.50},
 * {@code true}); {@code null} as an absent cell; nested objects and arrays as their compact JSON.
 * Not thread-safe.
 */
final class JsonlNarrativeReader extends StreamingNarrativeReader {
  private static final JsonMapper JSON = new JsonMapper();

  private final int maxLineChars;
  private final StringBuilder lineText = new StringBuilder();
  private final Set<String> keys = new LinkedHashSet<>();
  private final Set<String> rowKeys = new HashSet<>();
  private long line;
  private long row;

  JsonlNarrativeReader(Path file, DataColumns dataColumns, Utf8Reader input, int maxLineChars) {
    super(file, dataColumns, input);
    this.maxLineChars = maxLineChars;
  }

  @Override
  void start() {
    if (!hasNext()) {
      throw new DataFormatException(
          file
              + " is empty: it has no JSON objects. Point data: in the config at the right file,"
              + " or write one JSON object per line, e.g. {\"id\": \"N1\", \"text\": \"...\"}.");
    }
    // a required label column must be a key of the first object; later rows may leave it out
    if (dataColumns.labelRequired() && !keys.contains(dataColumns.label())) {
      throw new DataFormatException(
          where()
              + " has no label field \""
              + dataColumns.label()
              + "\"; its keys are "
              + quoted(keys)
              + ". Add the label to the rows, set label_column in the config to the right key,"
              + " or remove label_column if this data set has no gold labels.");
    }
  }

  @Override
  public List<String> columns() {
    return List.copyOf(keys);
  }

  @Override
  Narrative readRow() {
    String text;
    do {
      text = readLine();
      if (text == null) {
        return null;
      }
    } while (text.isBlank());
    row++;
    return narrative(row, where(), parseObject(text));
  }

  private String where() {
    return file + " row " + row + " (line " + line + ")";
  }

  /** The next line without its line break (LF, CRLF or a lone CR), or null at end of file. */
  private String readLine() {
    line++;
    try {
      String text = readLineText();
      if (text == null) {
        line--;
      }
      return text;
    } catch (Utf8Reader.InvalidUtf8Exception e) {
      row++;
      throw new DataFormatException(
          where()
              + " holds bytes that are not UTF-8 (at byte offset "
              + e.byteOffset()
              + "). Save the file as UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 in.jsonl >"
              + " out.jsonl.",
          e);
    } catch (IOException e) {
      throw new DataFormatException("could not read " + file + " at line " + line + ": " + e, e);
    }
  }

  private String readLineText() throws IOException {
    int c = input.read();
    if (c < 0) {
      return null;
    }
    lineText.setLength(0);
    while (c >= 0 && c != '\n') {
      if (c == '\r') {
        if (input.peek() == '\n') {
          input.read();
        }
        break;
      }
      if (lineText.length() == maxLineChars) {
        row++;
        throw new DataFormatException(
            where()
                + " is longer than "
                + maxLineChars
                + " characters, the limit for one row. Shorten the row's text.");
      }
      lineText.append((char) c);
      c = input.read();
    }
    return lineText.toString();
  }

  private Map<String, String> parseObject(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    rowKeys.clear();
    try (JsonParser p = JSON.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw notAnObject(kind(first));
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        if (!rowKeys.add(name)) {
          throw new DataFormatException(
              where() + " has the key \"" + name + "\" twice. Keep one of them.");
        }
        JsonToken value = p.nextToken();
        keys.add(name);
        String cell = cell(p, value, name);
        if (cell != null) {
          fields.put(name, cell);
        }
      }
      JsonToken after = p.nextToken();
      if (after != null) {
        throw notAnObject("an object followed by " + kind(after));
      }
      return fields;
    } catch (JsonProcessingException e) {
      throw invalidJson(e);
    } catch (IOException e) {
      throw new DataFormatException(where() + " could not be parsed: " + e, e);
    }
  }

  private String cell(JsonParser p, JsonToken value, String name) throws IOException {
    switch (value) {
      case VALUE_NULL:
        return null;
      case START_OBJECT:
      case START_ARRAY:
        if (name.equals(dataColumns.id())) {
          throw new DataFormatException(
              where()
                  + " has "
                  + kind(value)
                  + " as its id \""
                  + name
                  + "\". Use a string or a number as the id.");
        }
        JsonNode nested = JSON.readTree(p);
        return JSON.writeValueAsString(nested);
      default:
        // strings as they are; numbers and booleans as written in the file
        return p.getText();
    }
  }

  private DataFormatException invalidJson(JsonProcessingException e) {
    String column = e.getLocation() == null ? "" : ", at column " + e.getLocation().getColumnNr();
    return new DataFormatException(
        where()
            + " is not valid JSON ("
            + e.getOriginalMessage().replaceAll("\\s+", " ")
            + column
            + "). Each line must hold one complete JSON object; fix or remove the line.",
        e);
  }

  private DataFormatException notAnObject(String found) {
    return new DataFormatException(
        where()
            + " is "
            + found
            + ", not a JSON object. Write one JSON object per line, e.g."
            + " {\"id\": \"N1\", \"text\": \"...\"}.");
  }

  private static String kind(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    switch (token) {
      case START_ARRAY:
        return "an array";
      case START_OBJECT:
        return "an object";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      default:
        return "null";
    }
  }
}
