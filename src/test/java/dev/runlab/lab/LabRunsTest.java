package dev.runlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runlab.LockHeldException;
import dev.runlab.model.Sleeper;
import dev.runlab.run.RunEnvironment;
import dev.runlab.run.RunListener;
import dev.runlab.run.RunOptions;
import dev.runlab.store.DbLocation;
import dev.runlab.testsupport.FakeClock;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs driven through the lab in this JVM with a fake clock: times written come from the injected
 * clock, each resume backs up first and only the newest three backups stay, and a second resume of
 * a run the lab is driving is refused like one from outside.
 */
class LabRunsTest {
  static final Instant T0 = Instant.parse("2030-01-02T03:04:05Z");

  @TempDir Path dir;

  @Test
  void resumesInTheLabUseTheClockAndKeepTheNewestThreeBackups() throws Exception {
    Workspace ws = new Workspace(dir).rows(40).write();
    FakeClock clock = new FakeClock(T0);
    RunEnvironment env = RunEnvironment.system().withClock(clock, Sleeper.SYSTEM);
    try (Lab lab = Lab.open(DbLocation.of(ws.db), ws.db, env, new RunListener() {})) {
      Experiment first = lab.start(ws.config, RunOptions.DEFAULT.withLimit(5));
      lab.await(first);
      assertThat(Sql.status(ws.db, 1)).isEqualTo("paused");
      assertThat(Sql.text(ws.db, "SELECT started_at FROM experiments"))
          .startsWith("2030-01-02T03:04:05");

      for (int i = 1; i <= 4; i++) {
        clock.advance(Duration.ofMinutes(1));
        lab.await(lab.resume(ExperimentId.of(1), RunOptions.DEFAULT.withLimit(5)));
      }
      assertThat(Sql.number(ws.db, "SELECT n_narratives_completed FROM experiments")).isEqualTo(25);
      List<String> backups;
      try (Stream<Path> files = Files.list(dir)) {
        backups =
            files
                .map(f -> f.getFileName().toString())
                .filter(n -> n.startsWith("runlab.db.resume_backup_"))
                .sorted()
                .toList();
      }
      assertThat(backups)
          .containsExactly(
              "runlab.db.resume_backup_20300102T030605.000Z",
              "runlab.db.resume_backup_20300102T030705.000Z",
              "runlab.db.resume_backup_20300102T030805.000Z");
      assertThat(
              Sql.text(
                  ws.db,
                  "SELECT max(event_time) FROM experiment_events WHERE event_type = 'resumed'"))
          .startsWith("2030-01-02T03:08:05");

      // a run the lab drives holds its lock: a second resume in the same lab is refused
      Experiment running = lab.resume(ExperimentId.of(1), RunOptions.DEFAULT);
      try {
        assertThatThrownBy(() -> lab.resume(ExperimentId.of(1), RunOptions.DEFAULT))
            .isInstanceOf(LockHeldException.class)
            .hasMessageContaining("process " + ProcessHandle.current().pid());
      } finally {
        lab.await(running);
      }
      assertThat(Sql.status(ws.db, 1)).isEqualTo("completed");
      // a second backup within the same millisecond gets its own name
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.contains("backup")))
            .hasSize(3)
            .contains("runlab.db.resume_backup_20300102T030805.000Z-2");
      }
      assertThat(Sql.number(ws.db, "SELECT count(*) FROM narrative_results")).isEqualTo(40);
    }
  }
}
