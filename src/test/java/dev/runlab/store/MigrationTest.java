package dev.runlab.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.InProcess;
import dev.runlab.testsupport.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A schema version 1 database (made from V1.sql) is backed up, then upgraded to the newest. */
class MigrationTest {
  @TempDir Path dir;

  @Test
  void versionOneDatabaseIsBackedUpThenUpgraded() throws Exception {
    Path db = dir.resolve("old.db");
    Database.createAtVersion(db, 1);
    Sql.update(
        db,
        "INSERT INTO datasets (dataset_id, data_path, data_checksum, format, id_column,"
            + " text_column, columns_json, n_rows, loaded_at) VALUES (1, 'x.csv', 'abc', 'csv',"
            + " 'id', 'text', '[\"id\",\"text\"]', 0, '2026-01-01T00:00:00Z')");
    Sql.update(
        db,
        "INSERT INTO experiments (experiment_id, name, status, model, provider, config_json,"
            + " config_hash, data_path, data_checksum, dataset_id, n_narratives_total,"
            + " started_at) VALUES (1, 'old-run', 'paused', 'sim', 'sim', '{}', 'h', 'x.csv',"
            + " 'abc', 1, 0, '2026-01-01T00:00:00Z')");
    assertThat(Sql.number(db, "PRAGMA user_version")).isEqualTo(1);
    int newest = Database.latestSchemaVersion();
    assertThat(newest).isGreaterThan(1);

    ChildJvm.Result list = InProcess.runlab("list", "--db", db.toString());

    assertThat(list.code()).as(list.toString()).isZero();
    assertThat(list.out()).contains("old-run");
    assertThat(Sql.number(db, "PRAGMA user_version")).isEqualTo(newest);
    assertThat(Sql.number(db, "SELECT n_requests FROM experiments WHERE experiment_id = 1"))
        .isZero();
    assertThat(Sql.rows(db, "SELECT name FROM pragma_table_info('narrative_results')"))
        .anyMatch(row -> "system_fingerprint".equals(row.get("name")));
    List<Path> backups;
    try (Stream<Path> files = Files.list(dir)) {
      backups =
          files
              .filter(f -> f.getFileName().toString().startsWith("old.db.migration_backup_v1_"))
              .toList();
    }
    assertThat(backups).hasSize(1);
    Path backup = backups.get(0);
    assertThat(Sql.number(backup, "PRAGMA user_version")).isEqualTo(1);
    assertThat(Sql.text(backup, "SELECT name FROM experiments")).isEqualTo("old-run");
    assertThat(Sql.rows(backup, "SELECT name FROM pragma_table_info('experiments')"))
        .noneMatch(row -> "n_requests".equals(row.get("name")));

    // opening the newest schema again takes no further backup
    assertThat(InProcess.runlab("list", "--db", db.toString()).code()).isZero();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(f -> f.toString().contains("migration_backup"))).hasSize(1);
    }
  }
}
