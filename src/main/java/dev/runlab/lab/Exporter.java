package dev.runlab.lab;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.runlab.RunlabException;
import dev.runlab.store.Database;
import dev.runlab.store.StoreException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Writes an experiment's results (with gold labels) to CSV (RFC 4180) or JSONL. The file is written
 * next to its target and moved into place at the end, so a failed export leaves nothing half
 * written. API keys are never part of a result row.
 */
final class Exporter {
  private static final String ROWS =
      """
      SELECT r.experiment_id, r.narrative_id, r.status, s.label AS gold_label, r.parsed_label,
             CASE WHEN s.label IS NULL OR s.label = '' OR r.status <> 'ok' THEN NULL
                  ELSE lower(trim(r.parsed_label)) = lower(trim(s.label)) END AS correct,
             r.attempt_count, r.error_category, r.first_error_message, r.last_error_message,
             r.latency_ms, r.prompt_tokens, r.completion_tokens, r.finish_reason,
             r.system_fingerprint, r.completed_at, r.response_text
        FROM narrative_results r
        JOIN experiments e ON e.experiment_id = r.experiment_id
        JOIN source_narratives s ON s.dataset_id = e.dataset_id AND s.narrative_id = r.narrative_id
       WHERE r.experiment_id = ?
       ORDER BY s.row_number
      """;

  private Exporter() {}

  static long export(Database db, long experimentId, String format, Path out) {
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
    try (PreparedStatement ps = db.connection().prepareStatement(ROWS)) {
      ps.setLong(1, experimentId);
      long rows;
      try (ResultSet rs = ps.executeQuery();
          BufferedWriter writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        rows = kind.equals("csv") ? writeCsv(rs, writer) : writeJsonl(rs, writer);
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return rows;
    } catch (IOException e) {
      deleteQuietly(temp);
      throw RunlabException.usage("cannot write " + out + ": " + e.getMessage());
    } catch (SQLException e) {
      deleteQuietly(temp);
      throw new StoreException("exporting experiment " + experimentId + ": " + e.getMessage(), e);
    }
  }

  private static long writeCsv(ResultSet rs, Writer w) throws SQLException, IOException {
    ResultSetMetaData meta = rs.getMetaData();
    int n = meta.getColumnCount();
    for (int c = 1; c <= n; c++) {
      w.write((c > 1 ? "," : "") + csv(meta.getColumnLabel(c)));
    }
    w.write("\r\n");
    long rows = 0;
    while (rs.next()) {
      for (int c = 1; c <= n; c++) {
        Object v = rs.getObject(c);
        w.write((c > 1 ? "," : "") + (v == null ? "" : csv(v.toString())));
      }
      w.write("\r\n");
      rows++;
    }
    return rows;
  }

  static String csv(String value) {
    if (value.isEmpty()
        || value.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private static long writeJsonl(ResultSet rs, Writer w) throws SQLException, IOException {
    ResultSetMetaData meta = rs.getMetaData();
    int n = meta.getColumnCount();
    JsonFactory factory = new JsonFactory();
    long rows = 0;
    while (rs.next()) {
      JsonGenerator json = factory.createGenerator(w);
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.writeStartObject();
      for (int c = 1; c <= n; c++) {
        Object v = rs.getObject(c);
        String name = meta.getColumnLabel(c);
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
      rows++;
    }
    return rows;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // best effort: the partial file is hidden and the next export replaces it
    }
  }
}
