package dev.runlab.cli;

import dev.runlab.RunlabException;
import dev.runlab.lab.Lab;
import dev.runlab.lab.shell.LabRepl;
import dev.runlab.lab.shell.RunEvents;
import dev.runlab.store.DbLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code runlab} without a command: the interactive lab on a terminal, or, when standard input is
 * not a terminal, standard input run as a runbook ({@code echo 'experiments()' | runlab}).
 */
final class LabCommand {
  /** The history file of the lab, next to the database. */
  static final String HISTORY = ".runlab_history";

  private LabCommand() {}

  static int run(Cli cli, DbLocation explicitDb) {
    if (!cli.interactive) {
      String source;
      try {
        source = new String(cli.in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw RunlabException.usage("cannot read standard input: " + e.getMessage());
      }
      return RunCommand.runScript(cli, explicitDb, "<stdin>", source, Map.of());
    }
    RunEvents events = new RunEvents();
    try (Lab lab = Lab.open(explicitDb, cli.defaultDb(), cli.env, events);
        Terminal terminal = TerminalBuilder.builder().system(true).name("runlab").build()) {
      // next to the database; a lab on a database that does not exist writes nothing there
      Path history =
          Files.isDirectory(lab.database().folder())
              ? lab.database().folder().resolve(HISTORY)
              : null;
      return new LabRepl(terminal, lab, events, history).run();
    } catch (IOException e) {
      throw RunlabException.failure("the terminal could not be opened: " + e.getMessage(), e);
    }
  }
}
