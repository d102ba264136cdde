package dev.runlab.lab.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.lab.LabFixtures;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.InProcess;
import java.nio.file.Files;
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
    try (LabReplTest.Session lab = new LabReplTest.Session(db, null)) {
      int at = lab.await(0, "lab> ");
      lab.type("experiment(99)\r");
      lab.await(at, "list the experiments with `experiments()`");
      assertThat(lab.text()).doesNotContain("runlab list");
      lab.type("/exit\r");
    }
    ChildJvm.Result cli = InProcess.runlab("status", "99", "--db", db.toString());
    assertThat(cli.code()).isEqualTo(2);
    assertThat(cli.err()).contains("`runlab list`").doesNotContain("experiments()");
    // a runbook is run from the command line: its errors say what to type there
    Path book = dir.resolve("book.jsh");
    Files.writeString(book, "experiment(99)\n");
    ChildJvm.Result runbook = InProcess.runlab("run", book.toString(), "--db", db.toString());
    assertThat(runbook.code()).isEqualTo(2);
    assertThat(runbook.err()).contains("`runlab list`");
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
