package dev.runlab.store;

import dev.runlab.store.CopyChecks.Chosen;
import dev.runlab.store.StoreCopy.Copied;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writes of a {@link StoreCopy} inside the target's transaction: an experiment's row (its id
 * kept, or new when renumbering), then the rows that follow it under its target id, and its data
 * set (the target's own when it has the same one, else copied once per copy under a new id). Not
 * thread-safe.
 */
final class CopyWriter {
  private static final String DATASET_KEY =
      """
      SELECT data_checksum, id_column, text_column, label_column FROM datasets WHERE dataset_id = ?
      """;
  private static final String FIND_DATASET =
      """
      SELECT dataset_id FROM datasets
       WHERE data_checksum = ? AND id_column = ? AND text_column = ? AND label_column = ?
      """;
  private static final String OF_IT = "WHERE experiment_id = ? ORDER BY ";

  private final Database from;
  private final Database to;
  private final boolean renumber;
  private final TableCopy tables;
  private final Map<Long, Long> datasets = new HashMap<>();

  /** A data set at the target: its id, and how many narratives were copied (0 when reused). */
  private record TargetDataset(long id, boolean reused, long narratives) {}

  CopyWriter(Database from, Database to, boolean renumber) {
    this.from = from;
    this.to = to;
    this.renumber = renumber;
    this.tables = new TableCopy(from, to);
  }

  /** Copies experiment {@code c} and what belongs to it; returns what it became. */
  Copied experiment(Chosen c) throws SQLException {
    TargetDataset dataset = dataset(c.datasetId());
    List<Object> args = List.of(c.id());
    tables.copy(
        "experiments",
        "WHERE experiment_id = ?",
        args,
        Map.of("dataset_id", dataset.id()),
        renumber ? Set.of("experiment_id") : Set.of());
    long targetId = renumber ? to.lastInsertRowid() : c.id();
    Map<String, Object> owner = Map.of("experiment_id", targetId);
    long results =
        tables.copy("narrative_results", OF_IT + "result_id", args, owner, Set.of("result_id"));
    long events =
        tables.copy("experiment_events", OF_IT + "event_id", args, owner, Set.of("event_id"));
    long batches = tables.copy("provider_batches", OF_IT + "submission_id", args, owner, Set.of());
    tables.copy(
        "provider_batch_requests",
        "WHERE submission_id IN (SELECT submission_id FROM provider_batches"
            + " WHERE experiment_id = ?) ORDER BY submission_id, seq",
        args,
        Map.of(),
        Set.of());
    long workers = tables.copy("workers", OF_IT + "worker_id", args, owner, Set.of());
    return new Copied(
        c.id(),
        targetId,
        results,
        events,
        batches,
        workers,
        dataset.reused(),
        dataset.narratives());
  }

  /** The target's data set for the source's {@code datasetId}, copied there when it has none. */
  private TargetDataset dataset(long datasetId) throws SQLException {
    Long known = datasets.get(datasetId);
    if (known == null) {
      known = findDataset(datasetId);
    }
    if (known != null) {
      datasets.put(datasetId, known);
      return new TargetDataset(known, true, 0);
    }
    List<Object> args = List.of(datasetId);
    tables.copy("datasets", "WHERE dataset_id = ?", args, Map.of(), Set.of("dataset_id"));
    long id = to.lastInsertRowid();
    long narratives =
        tables.copy(
            "source_narratives",
            "WHERE dataset_id = ? ORDER BY row_number",
            args,
            Map.of("dataset_id", id),
            Set.of());
    datasets.put(datasetId, id);
    return new TargetDataset(id, false, narratives);
  }

  /** The target's data set with the same unique key as the source's {@code datasetId}, or null. */
  private Long findDataset(long datasetId) throws SQLException {
    try (PreparedStatement key = from.connection().prepareStatement(DATASET_KEY);
        PreparedStatement find = to.connection().prepareStatement(FIND_DATASET)) {
      key.setLong(1, datasetId);
      try (ResultSet k = key.executeQuery()) {
        if (!k.next()) {
          throw new SQLException("data set " + datasetId + " of the source is missing");
        }
        for (int i = 1; i <= 4; i++) {
          find.setString(i, k.getString(i));
        }
      }
      try (ResultSet found = find.executeQuery()) {
        return found.next() ? found.getLong(1) : null;
      }
    }
  }
}
