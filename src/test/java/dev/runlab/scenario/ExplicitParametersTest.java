package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.lab.Lab;
import dev.runlab.run.RunEnvironment;
import dev.runlab.run.RunListener;
import dev.runlab.run.RunOptions;
import dev.runlab.store.DbLocation;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped notebook and runbook, run with explicit parameters that name the oldest experiment
 * (experiment 1, before which there is none): a passed parameter's default is never evaluated, so
 * {@code param("other_experiment_id", () -> previousId(experiment_id))} does not fail when both ids
 * are given.
 */
class ExplicitParametersTest {
  @TempDir static Path dir;
  static Workspace ws;

  @BeforeAll
  static void twoExperiments_theOldestPaused() {
    ws = new Workspace(dir).rows(40).faults("bad_output: 0.2").concurrency(2).write();
    try (Lab lab =
        Lab.open(DbLocation.of(ws.db), ws.db, RunEnvironment.system(), new RunListener() {})) {
      lab.await(lab.start(ws.config, RunOptions.DEFAULT.withLimit(20)));
      lab.await(lab.start(ws.config, RunOptions.DEFAULT));
    }
    assertThat(Sql.status(ws.db, 1)).isEqualTo("paused");
  }

  @Test
  void theNotebooks_withTheOldestExperiment() throws Exception {
    notebook("progress-report", "experiment_id=1");
    notebook("error-analysis", "experiment_id=1");
    String compare = notebook("compare-models", "experiment_id=1", "other_experiment_id=2");
    assertThat(compare).contains("experiment 1").contains("experiment 2").contains("agreement");
  }

  @Test
  void theRunbooks_withTheOldestExperiment() {
    assertThat(runbook("error-analysis", "id=1", "samples=2").out())
        .contains("experiment 1 \"test-run\"");
    assertThat(runbook("monitor", "id=1", "every=1").out()).contains("[PROGRESS] 20/40");
    assertThat(runbook("compare", "a=2", "b=1").out())
        .contains("experiment 2 against experiment 1")
        .contains("agreement");
    assertThat(runbook("resume-latest", "yes=true").out()).contains("completed");
    assertThat(Sql.status(ws.db, 1)).isEqualTo("completed");
  }

  private static ChildJvm.Result runbook(String name, String... params) {
    List<String> args = new ArrayList<>(List.of("run", "repl-scripts/" + name + ".jsh"));
    for (String p : params) {
      args.add("-p");
      args.add(p);
    }
    ChildJvm.Result r = ws.inProcess(args.toArray(String[]::new));
    assertThat(r.code()).as(name + "\n" + r).isZero();
    return r;
  }

  /** Runs a notebook; returns the executed notebook's text. */
  private static String notebook(String name, String... params) throws Exception {
    Path out = dir.resolve(name + ".out.ipynb");
    List<String> args =
        new ArrayList<>(
            List.of("notebook", "run", "notebooks/" + name + ".ipynb", "--out", out.toString()));
    for (String p : params) {
      args.add("-p");
      args.add(p);
    }
    ChildJvm.Result r = ws.inProcess(args.toArray(String[]::new));
    assertThat(r.code()).as(name + "\n" + r).isZero();
    String text = Files.readString(out);
    assertThat(text).doesNotContain("\"output_type\": \"error\"");
    return text;
  }
}
