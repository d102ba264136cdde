package dev.runlab.cli;

import dev.runlab.ExitCode;
import dev.runlab.RunlabException;
import dev.runlab.run.RunEnvironment;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * The {@code runlab} command line. Exit codes (README): 0 ok, 1 the run failed, 2 usage, config or
 * data error, 3 data checksum mismatch, 4 lock held, 5 invalid state, 130 interrupted.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code =
        run(
            args,
            System.out,
            System.err,
            System.in,
            System.console() != null,
            RunEnvironment.system());
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /** Runs one command and returns its exit code; errors are printed as one sentence. */
  public static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      InputStream in,
      boolean interactive,
      RunEnvironment env) {
    Cli cli = new Cli(out, err, in, interactive, env, Cli.home());
    boolean debug = Arrays.asList(args).contains("--debug");
    CommandLine commandLine = new CommandLine(new RootCommand(cli));
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          int code = e instanceof RunlabException r ? r.exitCode().code() : ExitCode.FAILURE.code();
          String message = e instanceof RunlabException ? e.getMessage() : e.toString();
          err.println("runlab: error: " + message);
          if (debug) {
            e.printStackTrace(err);
          } else if (!(e instanceof RunlabException)) {
            err.println("runlab: run again with --debug for the stack trace");
          }
          return code;
        });
    commandLine.setParameterExceptionHandler(
        (e, params) -> {
          UsageErrors.describe(e).forEach(line -> err.println("runlab: " + line));
          return ExitCode.USAGE.code();
        });
    return commandLine.execute(args);
  }
}
