package dev.runlab.notebook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Builds nbformat 4 output objects: stream, execute_result, display_data and error. */
public final class Outputs {
  private Outputs() {}

  /** Text written to {@code stdout} or {@code stderr}. */
  public static ObjectNode stream(String name, String text) {
    ObjectNode out = Notebook.JSON.createObjectNode();
    out.put("output_type", "stream");
    out.put("name", name);
    out.set("text", Cell.lines(text));
    return out;
  }

  /** The value of a cell: one entry per MIME type ({@code text/plain}, {@code text/html}...). */
  public static ObjectNode executeResult(int executionCount, Map<String, String> data) {
    ObjectNode out = Notebook.JSON.createObjectNode();
    out.put("output_type", "execute_result");
    out.put("execution_count", executionCount);
    out.set("data", bundle(data));
    out.putObject("metadata");
    return out;
  }

  /** Something shown by a cell besides its value, e.g. a chart passed to {@code show(...)}. */
  public static ObjectNode displayData(Map<String, String> data) {
    ObjectNode out = Notebook.JSON.createObjectNode();
    out.put("output_type", "display_data");
    out.set("data", bundle(data));
    out.putObject("metadata");
    return out;
  }

  public static ObjectNode error(String name, String value, List<String> traceback) {
    ObjectNode out = Notebook.JSON.createObjectNode();
    out.put("output_type", "error");
    out.put("ename", name);
    out.put("evalue", value);
    ArrayNode lines = out.putArray("traceback");
    traceback.forEach(lines::add);
    return out;
  }

  private static ObjectNode bundle(Map<String, String> data) {
    ObjectNode bundle = Notebook.JSON.createObjectNode();
    data.forEach(
        (mime, text) -> {
          // images are one base64 string; text types are arrays of lines
          if (mime.startsWith("image/png")) {
            bundle.put(mime, text);
          } else {
            bundle.set(mime, Cell.lines(text));
          }
        });
    return bundle;
  }
}
