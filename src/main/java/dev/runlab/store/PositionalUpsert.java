package dev.runlab.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The upsert (or, with a template without ON CONFLICT, the insert) of result rows on PostgreSQL,
 * whose driver knows no numbered parameters: each row binds all of its values. Rows go in
 * statements of {@link Results#CHUNK}, the rest one by one in a JDBC batch; a narrative twice in
 * one statement would be an error there (ON CONFLICT cannot touch a row twice), so such a chunk
 * goes row by row. Not thread-safe (one connection).
 */
final class PositionalUpsert {
  private final Database db;
  private final String template;
  private PreparedStatement upsertOne;
  private PreparedStatement upsertChunk;

  /** {@code template}: the statement with {@code %s} where the rows' values go. */
  PositionalUpsert(Database db, String template) {
    this.db = db;
    this.template = template;
  }

  void upsert(List<ResultUpdate> updates) throws SQLException {
    if (upsertOne == null) {
      upsertOne = db.connection().prepareStatement(sql(1));
      upsertChunk = db.connection().prepareStatement(sql(Results.CHUNK));
    }
    int i = 0;
    for (;
        i + Results.CHUNK <= updates.size() && distinct(updates, i, Results.CHUNK);
        i += Results.CHUNK) {
      for (int r = 0; r < Results.CHUNK; r++) {
        bindPositional(upsertChunk, r * POSITIONAL_PARAMS, updates.get(i + r));
      }
      upsertChunk.executeUpdate();
    }
    if (i == updates.size()) {
      return;
    }
    for (; i < updates.size(); i++) {
      bindPositional(upsertOne, 0, updates.get(i));
      upsertOne.addBatch();
    }
    upsertOne.executeBatch();
  }

  private static final int POSITIONAL_PARAMS = 19;

  private String sql(int rows) {
    StringBuilder values = new StringBuilder();
    String row =
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " CASE WHEN ? = 'pending' THEN NULL ELSE ? END)";
    for (int r = 0; r < rows; r++) {
      values.append(r == 0 ? row : ",\n" + row);
    }
    return String.format(template, values);
  }

  private static boolean distinct(List<ResultUpdate> updates, int from, int count) {
    Set<String> ids = new HashSet<>();
    for (int r = from; r < from + count; r++) {
      if (!ids.add(updates.get(r).experimentId() + "/" + updates.get(r).narrativeId())) {
        return false;
      }
    }
    return true;
  }

  private static void bindPositional(PreparedStatement ps, int offset, ResultUpdate u)
      throws SQLException {
    String at = Timestamps.format(u.at());
    ps.setLong(offset + 1, u.experimentId());
    ps.setString(offset + 2, u.narrativeId());
    ps.setString(offset + 3, u.status());
    ps.setString(offset + 4, u.responseText());
    ps.setString(offset + 5, u.parsedLabel());
    ps.setInt(offset + 6, u.attemptCount());
    ps.setInt(offset + 7, u.failureCount());
    ps.setString(offset + 8, u.errorMessage());
    ps.setString(offset + 9, u.errorMessage());
    ps.setString(offset + 10, u.errorCategory());
    Results.setLong(ps, offset + 11, u.latencyMs());
    Results.setInt(ps, offset + 12, u.promptTokens());
    Results.setInt(ps, offset + 13, u.completionTokens());
    ps.setString(offset + 14, u.finishReason());
    ps.setString(offset + 15, u.systemFingerprint());
    ps.setString(offset + 16, at);
    ps.setString(offset + 17, at);
    ps.setString(offset + 18, u.status());
    ps.setString(offset + 19, at);
  }
}
