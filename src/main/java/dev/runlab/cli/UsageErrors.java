package dev.runlab.cli;

import dev.runlab.experiment.DidYouMean;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line picocli could not parse, as one sentence: an unknown command or option with the
 * closest known one ("did you mean start?", by the same {@link DidYouMean} as the config errors),
 * an argument a command does not take, a missing one, or picocli's own message; then where the help
 * is. Exit 2. Stateless.
 */
final class UsageErrors {
  private UsageErrors() {}

  /** The lines to print on stderr, each to be prefixed with {@code runlab: }. */
  static List<String> describe(ParameterException e) {
    CommandLine commandLine = e.getCommandLine();
    String command = commandLine.getCommandSpec().qualifiedName(" ");
    String sentence = e.getMessage();
    if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      sentence = unmatched(commandLine.getCommandSpec(), command, unmatched.getUnmatched().get(0));
    } else if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()) {
      ArgSpec arg = missing.getMissing().get(0);
      sentence =
          arg instanceof OptionSpec option
              ? command + " " + option.longestName() + " needs a value (" + arg.paramLabel() + ")"
              : command + " needs " + arg.paramLabel();
    }
    List<String> lines = new ArrayList<>();
    lines.add("error: " + sentence);
    lines.add("see `" + command + " --help`");
    return lines;
  }

  private static String unmatched(CommandSpec spec, String command, String argument) {
    if (argument.startsWith("-")) {
      String name =
          argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
      List<String> options = new ArrayList<>();
      for (OptionSpec option : spec.options()) {
        options.add(option.longestName());
      }
      return command + " has no option " + name + DidYouMean.hint(name, options);
    }
    if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
      List<String> names = new ArrayList<>(spec.subcommands().keySet());
      String hint = DidYouMean.hint(argument, names);
      return command
          + " has no command "
          + argument
          + (hint.isEmpty() ? "; the commands are " + String.join(", ", names) : hint);
    }
    return command + " takes no argument " + quote(argument);
  }

  private static String quote(String argument) {
    return "'" + argument + "'";
  }
}
