package dev.runlab.lab;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.runlab.RunlabException;
import dev.runlab.store.ResultQueries;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Writes an experiment's results (with gold labels and {@code correct}) to CSV (RFC 4180) or JSONL.
 * The file is written next to its target and moved into place at the end, so a failed export leaves
 * nothing half written. API keys are never part of a result row.
 */
final class Exporter {
  private Exporter() {}

  static long export(ResultQueries queries, long experimentId, String format, Path out) {
    String kind = format.toLowerCase(Locale.ROOT);
    if (!kind.equals("csv") && !kind.equals("jsonl")) {
      throw RunlabException.usage("--format must be csv or jsonl, got '" + format + "'");
    }
    Path target = out.toAbsolutePath().normalize();
    if (!Files.isDirectory(target.getParent())) {
      throw RunlabException.usage(
          "cannot write " + out + ": folder " + target.getParent() + " does not exist");
    }
    Path temp = target.resolveSibling("." + target.getFileName() + ".partial");
    try {
      long rows;
      try (BufferedWriter writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        rows =
            queries.export(
                experimentId, kind.equals("csv") ? new CsvSink(writer) : new JsonlSink(writer));
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return rows;
    } catch (IOException e) {
      deleteQuietly(temp);
      throw RunlabException.usage("cannot write " + out + ": " + e.getMessage());
    } catch (RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  private static final class CsvSink implements ResultQueries.RowSink {
    private final Writer w;

    CsvSink(Writer w) {
      this.w = w;
    }

    @Override
    public void header(List<String> columns) throws IOException {
      for (int c = 0; c < columns.size(); c++) {
        w.write((c > 0 ? "," : "") + csv(columns.get(c)));
      }
      w.write("\r\n");
    }

    @Override
    public void row(Object[] values) throws IOException {
      for (int c = 0; c < values.length; c++) {
        Object v = values[c];
        w.write((c > 0 ? "," : "") + (v == null ? "" : csv(v.toString())));
      }
      w.write("\r\n");
    }
  }

  static String csv(String value) {
    if (value.isEmpty()
        || value.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private static final class JsonlSink implements ResultQueries.RowSink {
    private final Writer w;
    private final JsonFactory factory = new JsonFactory();
    private List<String> columns;

    JsonlSink(Writer w) {
      this.w = w;
    }

    @Override
    public void header(List<String> names) {
      this.columns = names;
    }

    @Override
    public void row(Object[] values) throws IOException {
      JsonGenerator json = factory.createGenerator(w);
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.writeStartObject();
      for (int c = 0; c < values.length; c++) {
        Object v = values[c];
        String name = columns.get(c);
        if (v == null) {
          json.writeNullField(name);
        } else if (v instanceof Number number && name.equals("correct")) {
          json.writeBooleanField(name, number.intValue() != 0);
        } else if (v instanceof Integer || v instanceof Long) {
          json.writeNumberField(name, ((Number) v).longValue());
        } else {
          json.writeStringField(name, v.toString());
        }
      }
      json.writeEndObject();
      json.flush();
      w.write("\n");
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // best effort: the partial file is hidden and the next export replaces it
    }
  }
}
