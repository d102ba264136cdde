package dev.runlab.store;

import dev.runlab.RunlabException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbered schema migrations ({@code db/migration/V<n>.sql}), one set for both stores: written
 * for SQLite, mapped to PostgreSQL's types by {@link Dialect#migration}. The version is SQLite's
 * {@code user_version}, or the row of {@code runlab_schema} on PostgreSQL. A SQLite file is backed
 * up before an older schema is upgraded; on PostgreSQL DDL is transactional (a failed upgrade
 * leaves the schema as it was) and backups are the operator's ({@code pg_dump}).
 */
final class Migrations {
  private static final String MIGRATIONS = "/db/migration/V%d.sql";

  private Migrations() {}

  /** The newest schema version this build knows. */
  static int latest() {
    int version = 0;
    while (Database.class.getResource(String.format(MIGRATIONS, version + 1)) != null) {
      version++;
    }
    return version;
  }

  /** Brings {@code db} to the newest version (nothing to do when it is there already). */
  static void migrate(Database db, Clock clock) {
    int latest = latest();
    int current = db.schemaVersion();
    if (current == latest) {
      return;
    }
    if (current > latest) {
      throw RunlabException.usage(
          db.location().display()
              + " has schema version "
              + current
              + " but this runlab knows only up to "
              + latest
              + "; use a newer runlab for this database");
    }
    if (current > 0 && !db.isPostgres()) {
      db.backup("migration_backup_v" + current, clock, Integer.MAX_VALUE);
    }
    db.inTransaction(
        () -> {
          if (db.isPostgres()) {
            // one migrating process at a time
            db.execute("SELECT pg_advisory_xact_lock(" + Database.LOCK_KEY + ", 0)");
            db.execute("CREATE TABLE IF NOT EXISTS runlab_schema (version INTEGER NOT NULL)");
          }
          // another process may have migrated between our check and our write lock
          apply(db, db.schemaVersion() + 1, latest);
          return null;
        });
  }

  /** Runs migrations {@code from} to {@code to}, each followed by its version number. */
  static void apply(Database db, int from, int to) throws SQLException {
    for (int v = from; v <= to; v++) {
      for (String sql : statements(String.format(MIGRATIONS, v))) {
        db.execute(db.dialect().migration(sql));
      }
      if (db.isPostgres()) {
        db.execute("DELETE FROM runlab_schema");
        db.execute("INSERT INTO runlab_schema (version) VALUES (" + v + ")");
      } else {
        db.execute("PRAGMA user_version = " + v);
      }
    }
  }

  static List<String> statements(String resource) {
    String script;
    try (InputStream in = Database.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing migration " + resource);
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        statements.add(current.toString());
        current.setLength(0);
      }
    }
    return statements;
  }
}
