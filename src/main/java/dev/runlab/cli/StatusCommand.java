package dev.runlab.cli;

import dev.runlab.experiment.Status;
import dev.runlab.lab.ExperimentId;
import dev.runlab.lab.Lab;
import dev.runlab.store.ExperimentRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code runlab status [ID]}: the stored progress, also of a run another process drives. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show an experiment's status and progress line from the database.",
      "Without ID: every running experiment, or the newest one when none runs."
    })
final class StatusCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Mixin CommonOptions common;

  @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "the experiment id")
  Long id;

  @Override
  public Integer call() {
    Cli cli = root.cli;
    try (Lab lab = cli.lab(common.db)) {
      if (id != null) {
        cli.out.println(lab.experiment(ExperimentId.of(id)));
        return 0;
      }
      List<Long> running =
          lab.records().stream()
              .filter(e -> e.status() == Status.RUNNING)
              .map(ExperimentRecord::id)
              .toList();
      List<Long> shown = running.isEmpty() ? List.of(lab.currentId()) : running;
      for (long experimentId : shown) {
        cli.out.println(lab.experiment(ExperimentId.of(experimentId)));
      }
      return 0;
    }
  }
}
