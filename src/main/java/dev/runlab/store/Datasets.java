package dev.runlab.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlab.DataFormatException;
import dev.runlab.data.DataColumns;
import dev.runlab.data.DataDiff;
import dev.runlab.data.Narrative;
import dev.runlab.data.NarrativeReader;
import dev.runlab.data.NarrativeSource;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The loaded data sets ({@code datasets}) and their rows ({@code source_narratives}). A data file
 * is loaded once per checksum and column choice and shared by the experiments that use it. Not
 * thread-safe (one {@link Database} connection).
 */
public final class Datasets {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int DIFF_SAMPLE = 10;

  private final Database db;
  private final Clock clock;

  public Datasets(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** One loaded data set. {@code labelColumn} is null when the data has no gold labels. */
  public record Dataset(
      long id,
      String dataPath,
      String checksum,
      String idColumn,
      String textColumn,
      String labelColumn,
      List<String> columns,
      long rows) {}

  /**
   * The data set for {@code file} with {@code checksum} and these columns: the stored one when it
   * was loaded before, else the file streamed into {@code source_narratives} in one transaction (so
   * a row that fails leaves nothing behind).
   */
  public Dataset findOrLoad(Path file, DataColumns columns, String checksum) {
    try (NarrativeReader reader = NarrativeSource.open(file, columns)) {
      String label =
          columns.label() != null && reader.columns().contains(columns.label())
              ? columns.label()
              : null;
      Optional<Dataset> existing = find(checksum, columns.id(), columns.text(), label);
      if (existing.isPresent()) {
        return existing.get();
      }
      Dataset loaded = db.inTransaction(() -> load(file, columns, checksum, label, reader));
      db.checkpoint();
      if (db.isPostgres()) {
        analyze(); // the planner's row counts: a run's claims walk these rows in file order
      }
      return loaded;
    }
  }

  private void analyze() {
    try {
      db.execute("ANALYZE source_narratives");
    } catch (SQLException e) {
      throw new StoreException("analyzing the loaded data set: " + e.getMessage(), e);
    }
  }

  private Dataset load(
      Path file, DataColumns columns, String checksum, String label, NarrativeReader reader)
      throws SQLException {
    long datasetId;
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                """
                INSERT INTO datasets (data_path, data_checksum, format, id_column, text_column,
                  label_column, columns_json, n_rows, loaded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)
                """)) {
      ps.setString(1, file.toString());
      ps.setString(2, checksum);
      ps.setString(3, formatOf(file));
      ps.setString(4, columns.id());
      ps.setString(5, columns.text());
      ps.setString(6, label == null ? "" : label);
      ps.setString(7, toJson(reader.columns()));
      ps.setString(8, Timestamps.format(clock.instant()));
      ps.executeUpdate();
      datasetId = db.lastInsertRowid();
    }
    long rows = insertRows(file, datasetId, checksum, columns, label, reader);
    try (PreparedStatement ps =
        db.connection().prepareStatement("UPDATE datasets SET n_rows = ? WHERE dataset_id = ?")) {
      ps.setLong(1, rows);
      ps.setLong(2, datasetId);
      ps.executeUpdate();
    }
    return new Dataset(
        datasetId,
        file.toString(),
        checksum,
        columns.id(),
        columns.text(),
        label,
        reader.columns(),
        rows);
  }

  private long insertRows(
      Path file,
      long datasetId,
      String checksum,
      DataColumns columns,
      String label,
      NarrativeReader reader)
      throws SQLException {
    long rows = 0;
    Map<String, Long> seen = db.isPostgres() ? new HashMap<>() : null;
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                """
                INSERT INTO source_narratives (dataset_id, row_number, narrative_id, text, label,
                  fields_json, row_hash, data_checksum)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
      while (reader.hasNext()) {
        Narrative n = reader.next();
        ps.setLong(1, datasetId);
        ps.setLong(2, n.rowNumber());
        ps.setString(3, n.id());
        ps.setString(4, n.text());
        ps.setString(5, label == null ? null : n.label());
        ps.setString(6, extraFieldsJson(n, columns, label));
        ps.setString(7, n.rowHash());
        ps.setString(8, checksum);
        if (seen != null) {
          // PostgreSQL: rows go in batches (one round trip per 1,000, not per row), so a duplicate
          // id is caught here rather than by the key, whose error would end the whole batch
          Long first = seen.putIfAbsent(n.id(), n.rowNumber());
          if (first != null) {
            throw duplicate(file, n, first);
          }
          ps.addBatch();
          if (++rows % LOAD_BATCH == 0) {
            ps.executeBatch();
          }
          continue;
        }
        try {
          ps.executeUpdate();
        } catch (SQLException e) {
          if (isConstraintViolation(e)) {
            throw duplicateId(file, datasetId, n);
          }
          throw e;
        }
        rows++;
      }
      if (seen != null && rows % LOAD_BATCH != 0) {
        ps.executeBatch();
      }
    }
    return rows;
  }

  private static final int LOAD_BATCH = 1_000;

  private DataFormatException duplicateId(Path file, long datasetId, Narrative n)
      throws SQLException {
    long firstRow = 0;
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                "SELECT row_number FROM source_narratives WHERE dataset_id = ? AND narrative_id = ?")) {
      ps.setLong(1, datasetId);
      ps.setString(2, n.id());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          firstRow = rs.getLong(1);
        }
      }
    }
    return duplicate(file, n, firstRow);
  }

  private static DataFormatException duplicate(Path file, Narrative n, long firstRow) {
    return new DataFormatException(
        file
            + " row "
            + n.rowNumber()
            + ": duplicate id '"
            + n.id()
            + "' (first at row "
            + firstRow
            + "); ids must be unique — fix the file and start again");
  }

  private static boolean isConstraintViolation(SQLException e) {
    return e.getMessage() != null && e.getMessage().contains("SQLITE_CONSTRAINT")
        || e.getSQLState() != null && e.getSQLState().startsWith("23");
  }

  private static String extraFieldsJson(Narrative n, DataColumns columns, String label) {
    Map<String, String> extra = new LinkedHashMap<>(n.fields());
    extra.remove(columns.id());
    extra.remove(columns.text());
    if (label != null) {
      extra.remove(label);
    }
    return extra.isEmpty() ? null : toJson(extra);
  }

  private static String formatOf(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".csv") ? "csv" : "jsonl";
  }

  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public Optional<Dataset> find(String checksum, String idColumn, String textColumn, String label) {
    return query(
        """
        SELECT dataset_id, data_path, data_checksum, id_column, text_column, label_column,
               columns_json, n_rows
          FROM datasets
         WHERE data_checksum = ? AND id_column = ? AND text_column = ? AND label_column = ?
        """,
        checksum,
        idColumn,
        textColumn,
        label == null ? "" : label);
  }

  public Dataset get(long datasetId) {
    return query(
            """
            SELECT dataset_id, data_path, data_checksum, id_column, text_column, label_column,
                   columns_json, n_rows
              FROM datasets WHERE dataset_id = ?
            """,
            datasetId)
        .orElseThrow(() -> new IllegalStateException("no data set " + datasetId));
  }

  private Optional<Dataset> query(String sql, Object... args) {
    try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String label = rs.getString(6);
        List<String> names = List.of(JSON.readValue(rs.getString(7), String[].class));
        return Optional.of(
            new Dataset(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                label.isEmpty() ? null : label,
                names,
                rs.getLong(8)));
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new StoreException("reading data sets: " + e.getMessage(), e);
    }
  }

  /**
   * Compares {@code file} with the stored rows of {@code dataset} by id and row hash. Uses a
   * temporary table, so the database file is not changed.
   */
  public DataDiff diff(Dataset dataset, Path file) {
    DataColumns columns =
        new DataColumns(dataset.idColumn(), dataset.textColumn(), dataset.labelColumn(), false);
    try {
      db.execute(
          "CREATE TEMP TABLE IF NOT EXISTS new_rows (narrative_id TEXT PRIMARY KEY, row_hash TEXT)");
      db.execute("DELETE FROM new_rows");
      String readError = loadNewRows(file, columns);
      DataDiff diff =
          new DataDiff(
              count(ADDED, dataset.id()),
              count(REMOVED, dataset.id()),
              count(ALTERED, dataset.id()),
              ids(ADDED, dataset.id()),
              ids(REMOVED, dataset.id()),
              ids(ALTERED, dataset.id()),
              readError);
      db.execute("DROP TABLE new_rows");
      return diff;
    } catch (SQLException e) {
      throw new StoreException("comparing " + file + " with its stored rows: " + e.getMessage(), e);
    }
  }

  private static final String ADDED =
      """
      FROM new_rows n
      WHERE NOT EXISTS (SELECT 1 FROM source_narratives s
                         WHERE s.dataset_id = ? AND s.narrative_id = n.narrative_id)
      """;
  private static final String REMOVED =
      """
      FROM source_narratives n
      WHERE n.dataset_id = ?
        AND NOT EXISTS (SELECT 1 FROM new_rows t WHERE t.narrative_id = n.narrative_id)
      """;
  private static final String ALTERED =
      """
      FROM new_rows n JOIN source_narratives s
        ON s.dataset_id = ? AND s.narrative_id = n.narrative_id
      WHERE s.row_hash <> n.row_hash
      """;

  private String loadNewRows(Path file, DataColumns columns) throws SQLException {
    db.execute("BEGIN");
    try (NarrativeReader reader = NarrativeSource.open(file, columns);
        PreparedStatement ps =
            db.connection()
                .prepareStatement("INSERT INTO new_rows VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      long n = 0;
      try {
        while (reader.hasNext()) {
          Narrative row = reader.next();
          ps.setString(1, row.id());
          ps.setString(2, row.rowHash());
          ps.addBatch();
          if (++n % LOAD_BATCH == 0) {
            ps.executeBatch();
          }
        }
        return null;
      } catch (DataFormatException e) {
        return e.getMessage();
      } finally {
        ps.executeBatch(); // what was read before the end or a malformed row
      }
    } finally {
      db.execute("COMMIT");
    }
  }

  private long count(String from, long datasetId) throws SQLException {
    try (PreparedStatement ps = db.connection().prepareStatement("SELECT count(*) " + from)) {
      ps.setLong(1, datasetId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private List<String> ids(String from, long datasetId) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement(
                "SELECT n.narrative_id "
                    + from
                    + " ORDER BY n.narrative_id LIMIT "
                    + DIFF_SAMPLE)) {
      ps.setLong(1, datasetId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }
}
