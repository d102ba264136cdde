package dev.runlab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runlab.store.Results.PendingNarrative;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.PgDatabase;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the run's worker reads while it is alone on a PostgreSQL store, the leases of its hand-over,
 * and the plain insert of rows it knows are new, on a real server: an experiment of 10 narratives
 * paused after 4 (N0001–N0004 final), N0002 then made pending again with its counts.
 */
class AloneResultsTest {
  static final long ID = 1;

  @TempDir Path dir;
  PgDatabase pg;
  Database db;
  long datasetId;

  @BeforeEach
  void aPausedExperiment() {
    pg = PgDatabase.create("rl_alone");
    Workspace ws = new Workspace(dir).rows(10).onDatabase(pg.url()).write();
    ChildJvm.Result run = ws.inProcess("start", ws.config.toString(), "--limit", "4");
    assertThat(run.code()).as(run.toString()).isZero();
    pg.update(
        "UPDATE narrative_results SET status = 'pending', attempt_count = 2, failure_count = 1"
            + " WHERE narrative_id = 'N0002'");
    db = Database.openExisting(DbLocation.parse(pg.url(), null), Clock.systemUTC());
    datasetId = pg.number("SELECT dataset_id FROM experiments WHERE experiment_id = ?", ID);
  }

  @AfterEach
  void dropTheDatabase() {
    if (db != null) {
      db.close();
    }
    pg.close();
  }

  private static List<String> ids(List<PendingNarrative> page) {
    return page.stream().map(PendingNarrative::narrativeId).toList();
  }

  @Test
  void pagesOfAResume_stepOverFinalResults_andKeepAPendingRowsCounts() {
    AloneResults alone = new AloneResults(db);

    // each page looks at the next 3 narratives of the file: fewer come back when some have a
    // final result, none only at the end of the file
    List<PendingNarrative> page = alone.alonePage(ID, datasetId, 0, 3, true);

    assertThat(ids(page)).containsExactly("N0002");
    assertThat(page.get(0).attemptCount()).isEqualTo(2);
    assertThat(page.get(0).failureCount()).isEqualTo(1);
    page = alone.alonePage(ID, datasetId, alone.lastRow(), 3, true);
    assertThat(ids(page)).containsExactly("N0005", "N0006");
    assertThat(page.get(0).attemptCount()).isZero();
    assertThat(alone.lastRow()).isEqualTo(page.get(1).rowNumber());
    assertThat(ids(alone.alonePage(ID, datasetId, alone.lastRow(), 3, true)))
        .containsExactly("N0007", "N0008", "N0009");
    assertThat(ids(alone.alonePage(ID, datasetId, alone.lastRow(), 3, true)))
        .containsExactly("N0010");
    assertThat(alone.alonePage(ID, datasetId, alone.lastRow(), 3, true)).isEmpty();
  }

  @Test
  void aPageOfFinalResultsOnly_isNotTheEnd_theNextNarrativesAreRead() {
    pg.update("UPDATE narrative_results SET status = 'ok' WHERE narrative_id = 'N0002'");
    AloneResults alone = new AloneResults(db);

    assertThat(ids(alone.alonePage(ID, datasetId, 0, 2, true))).containsExactly("N0005", "N0006");
  }

  @Test
  void pagesOfAFirstRun_readTheFileWithoutLookingUpRows() {
    AloneResults alone = new AloneResults(db);

    assertThat(ids(alone.alonePage(ID, datasetId, 0, 3, false)))
        .containsExactly("N0001", "N0002", "N0003");
  }

  @Test
  void theHandOver_leasesWhatHasNoFinalResult_andLeavesFinalRowsAlone() throws Exception {
    AloneResults alone = new AloneResults(db);

    int leased =
        db.inTransaction(() -> alone.leaseHeld(ID, "w1", 60, List.of("N0001", "N0002", "N0007")));

    assertThat(leased).isEqualTo(2);
    List<Map<String, Object>> rows =
        pg.rows(
            "SELECT narrative_id, status, lease_owner, attempt_count,"
                + " lease_until::timestamptz > clock_timestamp() AS live"
                + " FROM narrative_results WHERE narrative_id IN ('N0001', 'N0002', 'N0007')"
                + " ORDER BY narrative_id");
    assertThat(rows.get(0)).containsEntry("status", "ok").containsEntry("lease_owner", null);
    assertThat(rows.get(1))
        .containsEntry("status", "pending")
        .containsEntry("lease_owner", "w1")
        .containsEntry("live", true);
    assertThat(((Number) rows.get(1).get("attempt_count")).intValue()).isEqualTo(2);
    assertThat(rows.get(2))
        .containsEntry("status", "pending")
        .containsEntry("lease_owner", "w1")
        .containsEntry("live", true);
  }

  @Test
  void insertingARowThatExists_isAUniqueViolation_andChangesNothing() {
    Results results = new Results(db);

    assertThatThrownBy(() -> db.inTransaction(() -> insert(results, "N0005", "N0003")))
        .satisfies(e -> assertThat(StoreException.isDuplicate(e)).isTrue());
    assertThat(pg.number("SELECT count(*) FROM narrative_results WHERE narrative_id = 'N0005'"))
        .as("the statement's other row rolled back")
        .isZero();

    db.inTransaction(() -> insert(results, "N0005", "N0006"));
    assertThat(pg.number("SELECT count(*) FROM narrative_results WHERE status = 'ok'"))
        .isEqualTo(3 + 2);
  }

  private static Void insert(Results results, String... ids) throws java.sql.SQLException {
    results.insertNew(
        java.util.Arrays.stream(ids)
            .map(
                id ->
                    new ResultUpdate(
                        ID,
                        id,
                        ResultUpdate.OK,
                        "{\"label\": \"fall\"}",
                        "fall",
                        1,
                        0,
                        null,
                        null,
                        40L,
                        12,
                        5,
                        "stop",
                        null,
                        Instant.now()))
            .toList());
    return null;
  }
}
