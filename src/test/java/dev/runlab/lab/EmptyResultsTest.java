package dev.runlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.run.ResumeLock;
import dev.runlab.run.RunEnvironment;
import dev.runlab.run.RunListener;
import dev.runlab.store.DbLocation;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Experiments without errors, or without any result, render in the lab (no ClassCastException). */
class EmptyResultsTest {
  @TempDir Path dir;

  @Test
  void errorsAndResultsOfEmptyExperimentsRender() {
    Workspace ws = new Workspace(dir).rows(20).write();
    assertThat(ws.inProcess("start", ws.config.toString(), "--limit", "5").code()).isZero();
    try (ResumeLock taken = ResumeLock.acquire(ws.db, 2)) {
      ChildJvm.Result refused = ws.inProcess("start", ws.config.toString());
      assertThat(refused.code()).isEqualTo(4); // experiment 2: failed, without a single result
      assertThat(taken.file()).exists();
    }

    try (Lab lab =
        Lab.open(DbLocation.of(ws.db), ws.db, RunEnvironment.system(), new RunListener() {})) {
      for (long id : new long[] {1, 2}) {
        ErrorReport errors = lab.errors(ExperimentId.of(id));
        Table byCategory = errors.byCategory();
        assertThat(byCategory.rowCount()).isZero();
        assertThat(byCategory.columnNames()).contains("category", "count", "retryable");
        assertThat(errors.count()).isZero();
        assertThat(errors.toString()).contains("no final errors");
        assertThat(TextTable.render(errors.samples(3), lab.display())).contains("narrative_id");
      }
      Table none = lab.results(ExperimentId.of(2));
      assertThat(none.rowCount()).isZero();
      assertThat(TextTable.render(none, lab.display())).contains("narrative_id", "parsed_label");

      Table five = lab.results(ExperimentId.of(1));
      assertThat(five.rowCount()).isEqualTo(5);
      assertThat(five.column("error_category").countMissing()).isEqualTo(5);
      assertThat(TextTable.render(five, lab.display())).contains("error_category", "N0001");
      assertThat(TextTable.render(lab.sql("SELECT NULL AS empty_value"), lab.display()))
          .contains("empty_value");
    }
  }
}
