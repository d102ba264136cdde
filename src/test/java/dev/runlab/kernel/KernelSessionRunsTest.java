package dev.runlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.lab.ExperimentId;
import dev.runlab.lab.Lab;
import dev.runlab.lab.shell.RunEvents;
import dev.runlab.run.RunEnvironment;
import dev.runlab.store.DbLocation;
import dev.runlab.testsupport.Poll;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs started from kernel cells: they go on between cells, and closing the kernel pauses them. */
class KernelSessionRunsTest {
  @TempDir Path dir;

  private static KernelSession open(Workspace ws) {
    RunEvents events = new RunEvents();
    return KernelSession.open(
        Lab.open(DbLocation.of(ws.db), ws.db, RunEnvironment.system(), events), events);
  }

  private static String value(KernelSession session, String code) {
    RecordedOutput out = new RecordedOutput();
    KernelSession.Execution execution = session.execute(code, false, true, out);
    assertThat(execution.failure()).as(out.events().toString()).isNull();
    return out.last("result").bundle().get("text/plain");
  }

  @Test
  void aRunGoesOnBetweenCellsAndClosingTheSessionPausesIt() {
    Workspace ws = new Workspace(dir).rows(2000).latencyMs(20).concurrency(2).write();
    KernelSession session = open(ws);
    try {
      assertThat(value(session, "var run = start(\"" + ws.config + "\");\nrun.id()"))
          .isEqualTo("1");
      long first = Long.parseLong(value(session, "progress(1).completed()"));
      // no cell runs while we wait: the run goes on by itself
      Poll.until(
          Duration.ofSeconds(60),
          "progress between cells",
          () -> session.lab().progress(ExperimentId.of(1)).completed() > first);
      assertThat(Long.parseLong(value(session, "progress(1).completed()"))).isGreaterThan(first);
    } finally {
      session.close();
    }
    assertThat(Sql.status(ws.db, 1)).isEqualTo("paused");
    assertThat(Sql.number(ws.db, "SELECT n_narratives_completed FROM experiments"))
        .isLessThan(2000);
  }

  @Test
  void theOutcomeOfARunShowsInTheCellsOutputAndResumeWithoutAnIdRefusesToAsk() {
    Workspace ws = new Workspace(dir).rows(20).write();
    try (KernelSession session = open(ws)) {
      RecordedOutput awaited = new RecordedOutput();
      session.execute("await(start(\"" + ws.config + "\")).id()", false, true, awaited);
      assertThat(awaited.stream("stderr")).contains("experiment 1 completed");

      value(
          session,
          "await(start(Path.of(\"" + ws.config + "\"), RunOptions.DEFAULT.withLimit(5))).id()");
      RecordedOutput asked = new RecordedOutput();
      session.execute("resume()", false, true, asked);
      assertThat(asked.last("error").text()).contains("no terminal to ask on").contains("resume(");
    }
  }
}
