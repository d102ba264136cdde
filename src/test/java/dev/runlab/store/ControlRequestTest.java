package dev.runlab.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Control requests cross processes as pause or cancel (the schema allows nothing else). */
class ControlRequestTest {
  @TempDir Path dir;

  private static Experiments.Progress progress() {
    return new Experiments.Progress(0, 0, null, null, 0, 0, 0, 0, 0, null, null);
  }

  @Test
  void aPauseOrCancelRequest_reachesTheWriterAsItsConstant() throws Exception {
    try (Database db = Database.open(dir.resolve("c.db"))) {
      Experiments experiments = experiment(db);
      assertThat(db.inTransaction(() -> experiments.recordProgressInTransaction(1, progress())))
          .isNull();

      assertThat(experiments.requestControl(1, ControlRequest.CANCEL)).isTrue();
      assertThat(db.inTransaction(() -> experiments.recordProgressInTransaction(1, progress())))
          .isEqualTo(ControlRequest.CANCEL);
      assertThat(experiments.events(1))
          .extracting(Experiments.Event::type)
          .contains("cancel_requested");
    }
  }

  private static Experiments experiment(Database db) throws Exception {
    db.execute(
        "INSERT INTO datasets (dataset_id, data_path, data_checksum, format, id_column,"
            + " text_column, columns_json, n_rows, loaded_at) VALUES (1, 'x.csv', 'abc', 'csv',"
            + " 'id', 'text', '[\"id\",\"text\"]', 0, '2026-11-29T09:00:00Z')");
    db.execute(
        "INSERT INTO experiments (experiment_id, name, status, model, provider, config_json,"
            + " config_hash, data_path, data_checksum, dataset_id, n_narratives_total,"
            + " started_at) VALUES (1, 'e', 'running', 'sim', 'sim', '{}', 'h', 'x.csv', 'abc',"
            + " 1, 0, '2026-11-29T09:00:00Z')");
    return new Experiments(db, Clock.systemUTC());
  }
}
