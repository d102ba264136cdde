package dev.runlab.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One notebook cell, a view on its JSON object (changes go into the notebook). Source and
 * multi-line texts are read as a string or an array of lines, and written as lines that keep their
 * {@code \n}, as Jupyter does. Not thread-safe.
 */
public final class Cell {
  private final ObjectNode json;

  Cell(ObjectNode json) {
    this.json = json;
  }

  /** A new code cell with {@code source}, no outputs, and the given tags. */
  public static Cell code(String id, String source, String... tags) {
    ObjectNode json = Notebook.JSON.createObjectNode();
    json.put("cell_type", "code");
    json.put("execution_count", (Integer) null);
    json.put("id", id);
    ObjectNode metadata = json.putObject("metadata");
    if (tags.length > 0) {
      ArrayNode t = metadata.putArray("tags");
      for (String tag : tags) {
        t.add(tag);
      }
    }
    json.putArray("outputs");
    json.set("source", lines(source));
    return new Cell(json);
  }

  /** A new markdown cell. */
  public static Cell markdown(String id, String source) {
    ObjectNode json = Notebook.JSON.createObjectNode();
    json.put("cell_type", "markdown");
    json.put("id", id);
    json.putObject("metadata");
    json.set("source", lines(source));
    return new Cell(json);
  }

  public String id() {
    JsonNode id = json.get("id");
    return id == null || !id.isTextual() ? null : id.asText();
  }

  /** {@code code}, {@code markdown}, {@code raw} or an unknown type, kept as is. */
  public String type() {
    return json.path("cell_type").asText();
  }

  public boolean isCode() {
    return "code".equals(type());
  }

  public String source() {
    return text(json.get("source"));
  }

  public List<String> tags() {
    List<String> tags = new ArrayList<>();
    json.path("metadata").path("tags").forEach(t -> tags.add(t.asText()));
    return tags;
  }

  /** Removes the outputs and execution count left from an earlier run. */
  public void clearOutputs() {
    if (isCode()) {
      json.putArray("outputs");
      json.put("execution_count", (Integer) null);
    }
  }

  public void setExecutionCount(int count) {
    json.put("execution_count", count);
  }

  public void addOutput(ObjectNode output) {
    JsonNode outputs = json.get("outputs");
    if (!(outputs instanceof ArrayNode)) {
      outputs = json.putArray("outputs");
    }
    ((ArrayNode) outputs).add(output);
  }

  public List<ObjectNode> outputs() {
    List<ObjectNode> outputs = new ArrayList<>();
    json.path("outputs").forEach(o -> outputs.add((ObjectNode) o));
    return outputs;
  }

  public ObjectNode json() {
    return json;
  }

  /** Text that nbformat stores as one string or an array of strings. */
  static String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return "";
    }
    if (node.isArray()) {
      StringBuilder out = new StringBuilder();
      node.forEach(line -> out.append(line.asText()));
      return out.toString();
    }
    return node.asText();
  }

  /** {@code text} as nbformat's array of lines, each but the last ending in {@code \n}. */
  static ArrayNode lines(String text) {
    ArrayNode lines = Notebook.JSON.createArrayNode();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl + 1;
      lines.add(text.substring(start, end));
      start = end;
    }
    return lines;
  }
}
