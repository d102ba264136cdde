package dev.runlab.lab.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.lab.Lab;
import dev.runlab.lab.LabFixtures;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.InProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Next steps in the syntax of the place the user is: the lab's calls inside, commands outside. */
class LabSyntaxTest {
  @TempDir Path dir;

  @Test
  void runlabCommands_becomeTheLabsCalls_whenThereIsOne() {
    assertThat(LabSyntax.of("paused — resume with `runlab resume 3`"))
        .isEqualTo("paused — resume with `resume(3)`");
    assertThat(LabSyntax.of("no experiment 9; list the experiments with `runlab list`"))
        .isEqualTo("no experiment 9; list the experiments with `experiments()`");
    assertThat(LabSyntax.of("`runlab start CONFIG.yaml` or `runlab demo` creates one"))
        .isEqualTo(
            "`start(\"CONFIG.yaml\")` or `start(\"data/demo/experiment.yaml\")` creates one");
    assertThat(
            LabSyntax.of(
                "use `runlab retry-errors 4`, or `runlab retry-errors 4 --category" + " timeout`"))
        .isEqualTo("use `retryErrors(4, null)`, or `retryErrors(4, \"timeout\")`");
    assertThat(LabSyntax.of("`runlab errors 2 --by category`; `runlab status 2`; `runlab pause 2`"))
        .isEqualTo("`errors(2).byCategory()`; `experiment(2)`; `pause(2)`");
    // no call of the session does these: they stay commands for a shell
    assertThat(LabSyntax.of("install it with `runlab kernel install`"))
        .isEqualTo("install it with `runlab kernel install`");
    assertThat(LabSyntax.of("no command here")).isEqualTo("no command here");
  }

  @Test
  void inTheLab_aWrongIdSaysExperiments_onTheCommandLine_runlabList() throws Exception {
    Path db = LabFixtures.create(dir);
    try (Lab lab = LabFixtures.open(db);
        LabEvaluator shell = LabEvaluator.open(lab)) {
      Outcome outcome =
          shell.eval(
              "experiment(99)",
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertThat(outcome.failure().orElseThrow().error())
          .contains("`experiments()`")
          .doesNotContain("runlab list");
    }
    ChildJvm.Result cli = InProcess.runlab("status", "99", "--db", db.toString());
    assertThat(cli.code()).isEqualTo(2);
    assertThat(cli.err()).contains("`runlab list`").doesNotContain("experiments()");
  }

  @Test
  void theRunsMessages_inTheLab_nameTheLabsCalls() {
    RunEvents events = new RunEvents();
    StringBuilder shown = new StringBuilder();
    events.attach(m -> shown.append(m).append('\n'));
    events.onWarning(3, "stop it with `runlab pause 3`");
    events.onInfo(3, "resume with `runlab resume 3`");
    assertThat(shown.toString())
        .isEqualTo("warning: stop it with `pause(3)`\nresume with `resume(3)`\n");
  }
}
