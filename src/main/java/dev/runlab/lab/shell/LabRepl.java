package dev.runlab.lab.shell;

import dev.runlab.lab.ExperimentId;
import dev.runlab.lab.Lab;
import dev.runlab.run.Run;
import dev.runlab.store.DbLocation;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.terminal.Terminal.SignalHandler;
import org.jline.utils.WriterOutputStream;

/**
 * The interactive lab: a JLine prompt over a {@link LabEvaluator}. Tab completes from JShell's
 * source analysis, an incomplete snippet continues on the next line, history is kept next to the
 * database, {@code !} is not expanded, Ctrl-C interrupts the running snippet (runs go on), Ctrl-D
 * or {@code /exit} leaves after asking to pause the runs still going. Outcomes of background runs
 * are printed above the prompt and their progress shown in a status line. The session opens in the
 * background while the first prompt is already shown. Not thread-safe: one per terminal.
 */
public final class LabRepl {
  static final String PROMPT = "lab> ";

  private final Terminal terminal;
  private final Lab lab;
  private final PrintWriter out;
  private final PrintStream snippetOut;
  private final LineReader reader;
  private final CompletableFuture<LabEvaluator> session;
  private final RunEvents events;

  /**
   * @param events the listener the lab was opened with; its messages go above the prompt
   * @param historyFile where the input history is kept, or null to keep it in memory only
   */
  public LabRepl(Terminal terminal, Lab lab, RunEvents events, Path historyFile) {
    this.terminal = terminal;
    this.lab = lab;
    this.out = terminal.writer();
    this.snippetOut =
        new PrintStream(
            new WriterOutputStream(out, terminal.encoding()), true, terminal.encoding());
    this.session = new CompletableFuture<>();
    this.events = events;
    Thread opener =
        new Thread(
            () -> {
              try {
                session.complete(LabEvaluator.open(lab));
              } catch (RuntimeException | Error e) {
                session.completeExceptionally(e);
              }
            },
            "runlab-lab-open");
    opener.setDaemon(true);
    opener.start();
    LineReaderBuilder builder =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("runlab")
            .parser(new JavaLineParser(this::isComplete))
            .completer(
                (r, line, candidates) -> {
                  LabEvaluator evaluator = session.getNow(null);
                  if (evaluator == null) {
                    return;
                  }
                  for (String s : evaluator.complete(line.line(), line.cursor())) {
                    candidates.add(new Candidate(s, s, null, null, null, null, false));
                  }
                })
            .history(new DefaultHistory())
            .variable(LineReader.SECONDARY_PROMPT_PATTERN, "...> ")
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .option(LineReader.Option.INSERT_TAB, false);
    if (historyFile != null) {
      builder.variable(LineReader.HISTORY_FILE, historyFile);
    }
    this.reader = builder.build();
    lab.display().terminalWidth(terminal::getWidth);
    events.attach(this::printAbove);
    lab.confirmWith(this::confirm);
  }

  /** Whether a line is a jshell-style command like {@code /exit} (not a comment). */
  static boolean isCommand(String line) {
    return line.strip().matches("/[A-Za-z]+(\\s.*)?");
  }

  private boolean isComplete(String buffer) {
    LabEvaluator evaluator = session.getNow(null);
    return evaluator == null || evaluator.isComplete(buffer);
  }

  private void printAbove(String message) {
    reader.printAbove(message);
  }

  private boolean confirm(String summary) {
    out.println(LabSyntax.of(summary));
    out.flush();
    return yes(answer("Resume this experiment? [y/N] "));
  }

  /** Reads the answer to a question; answers are no snippets, so they stay out of the history. */
  private String answer(String question) {
    reader.variable(LineReader.DISABLE_HISTORY, true);
    try {
      return reader.readLine(question);
    } finally {
      reader.variable(LineReader.DISABLE_HISTORY, false);
    }
  }

  private static boolean yes(String answer) {
    return answer != null
        && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
  }

  /** Reads and runs snippets until the user leaves; returns the exit code. */
  public int run() {
    Path cwd = Path.of("").toAbsolutePath();
    DbLocation location = lab.database();
    String db =
        location instanceof DbLocation.SqliteFile f && f.file().startsWith(cwd)
            ? cwd.relativize(f.file()).toString()
            : location.display();
    // two short lines: an 80-column terminal shows them unwrapped
    out.println("runlab lab on " + db + ".");
    out.println("help() lists the functions; Tab completes; Ctrl-C interrupts; Ctrl-D leaves.");
    out.flush();
    StatusLine status = new StatusLine(terminal, lab);
    // for the whole session, so that a Ctrl-C between two reads never ends the JVM; while a line
    // is read, JLine's own handler turns it into UserInterruptException
    SignalHandler previous = terminal.handle(Signal.INT, signal -> stopSnippet());
    try {
      while (true) {
        String input;
        try {
          input = reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          if (leave()) {
            return 0;
          }
          continue;
        }
        String trimmed = input.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        if (isCommand(trimmed)) {
          if (command(trimmed)) {
            return 0;
          }
          continue;
        }
        evaluate(input);
      }
    } finally {
      terminal.handle(Signal.INT, previous);
      status.close();
      session.thenAccept(LabEvaluator::close);
      try {
        reader.getHistory().save();
      } catch (IOException e) {
        out.println("warning: the history could not be saved: " + e.getMessage());
      }
      out.flush();
    }
  }

  private void stopSnippet() {
    LabEvaluator evaluator = session.getNow(null);
    if (evaluator != null) {
      evaluator.stop();
    }
  }

  private LabEvaluator evaluator() {
    try {
      return session.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private void evaluate(String input) {
    LabEvaluator evaluator = evaluator();
    // Ctrl-C must raise INT while a snippet runs, also on terminals whose defaults do not
    Attributes saved = terminal.getAttributes();
    Attributes signals = new Attributes(saved);
    signals.setLocalFlag(Attributes.LocalFlag.ISIG, true);
    terminal.setAttributes(signals);
    try {
      evaluator.eval(input, snippetOut, this::show);
    } finally {
      terminal.setAttributes(saved);
    }
    out.flush();
  }

  private void show(SnippetResult r) {
    // in the lab, next steps are the lab's calls: `resume(3)`, not `runlab resume 3`
    if (r.kind() == SnippetResult.Kind.VALUE && !r.rendering().isEmpty()) {
      out.println(LabSyntax.of(r.rendering()));
    } else if (!r.ok()) {
      out.println(
          r.exception() instanceof InterruptedException ? "interrupted" : LabSyntax.of(r.error()));
    }
    out.flush();
  }

  /** Runs a jshell-style command; true when the lab should end. */
  private boolean command(String line) {
    String[] parts = line.split("\\s+", 2);
    switch (parts[0]) {
      case "/exit", "/quit" -> {
        return leave();
      }
      case "/vars" -> evaluator().variables().forEach(out::println);
      case "/imports" -> evaluator().imports().forEach(out::println);
      case "/list" -> evaluator().history().forEach(out::println);
      case "/history" -> reader.getHistory().forEach(e -> out.println(e.line()));
      case "/help" -> out.println(LabFunctions.help());
      case "/save" -> save(parts.length > 1 ? parts[1].strip() : "");
      default -> out.println("unknown command " + parts[0] + "; the lab knows " + COMMANDS);
    }
    out.flush();
    return false;
  }

  static final String COMMANDS = "/vars /imports /list /history /save FILE /help /exit";

  private void save(String file) {
    if (file.isEmpty()) {
      out.println("/save needs a file name, e.g. /save session.jsh");
      return;
    }
    try {
      Files.write(Path.of(file), evaluator().history());
      out.println("saved the snippets to " + file);
    } catch (IOException e) {
      out.println("could not write " + file + ": " + e.getMessage());
    }
  }

  /** Leaves when no run goes on, or after asking and pausing them; false to stay. */
  private boolean leave() {
    List<Run> active = lab.activeRuns();
    if (active.isEmpty()) {
      return true;
    }
    String ids =
        String.join(", ", active.stream().map(r -> String.valueOf(r.experimentId())).toList());
    String answer;
    try {
      answer = answer("Experiment " + ids + " is still running here. Pause and leave? [y/N] ");
    } catch (UserInterruptException e) {
      return false;
    } catch (EndOfFileException e) {
      answer = "y";
    }
    if (!yes(answer)) {
      return false;
    }
    events.leavingTheLab(); // "resume with `runlab resume 1`": the next step is in the shell
    for (Run run : active) {
      long id = run.experimentId();
      out.println("pausing experiment " + id + " after the requests in flight ...");
      out.flush();
      lab.pause(ExperimentId.of(id));
    }
    out.flush();
    return true;
  }
}
