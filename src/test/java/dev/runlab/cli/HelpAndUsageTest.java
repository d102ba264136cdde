package dev.runlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.runlab.run.RunEnvironment;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.InProcess;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Help that reads, and command lines that are wrong answered with one sentence and exit 2. */
class HelpAndUsageTest {
  @TempDir Path home;

  @Test
  void everyCommandsSummary_isOneWholeSentence() {
    List<CommandLine> all = allCommands();
    assertThat(all).hasSizeGreaterThan(15);
    for (CommandLine c : all) {
      String[] description = c.getCommandSpec().usageMessage().description();
      String name = c.getCommandSpec().qualifiedName(" ");
      assertThat(description).as(name).isNotEmpty();
      assertThat(description[0])
          .as(name + "'s summary")
          .matches("[A-Z].*[^.]\\.")
          .doesNotContain(". ")
          .hasSizeLessThanOrEqualTo(100);
    }
  }

  @Test
  void everyDescription_isAValidFormat_soHelpShowsItAsWritten() {
    List<CommandLine> all = allCommands();
    for (CommandLine c : all) {
      // picocli formats each description line (a bare % breaks it: it then warns on stderr and
      // prints the line raw)
      List<String> lines =
          new ArrayList<>(List.of(c.getCommandSpec().usageMessage().description()));
      c.getCommandSpec().options().forEach(o -> lines.addAll(List.of(o.description())));
      c.getCommandSpec()
          .positionalParameters()
          .forEach(p -> lines.addAll(List.of(p.description())));
      for (String line : lines) {
        assertThatCode(() -> String.format(java.util.Locale.ROOT, line))
            .as(c.getCommandSpec().qualifiedName(" ") + ": " + line)
            .doesNotThrowAnyException();
      }
    }
  }

  /** Every command and subcommand of runlab's command line. */
  private List<CommandLine> allCommands() {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    Cli cli =
        new Cli(
            nowhere,
            nowhere,
            new ByteArrayInputStream(new byte[0]),
            false,
            RunEnvironment.system(),
            home);
    List<CommandLine> all = new ArrayList<>();
    collect(new CommandLine(new RootCommand(cli)), all);
    return all;
  }

  private static void collect(CommandLine c, List<CommandLine> all) {
    all.add(c);
    c.getSubcommands().values().forEach(sub -> collect(sub, all));
  }

  @Test
  void theCommandList_showsWholeSentences() {
    ChildJvm.Result help = InProcess.runlab("--help");

    assertThat(help.code()).isZero();
    List<String> commands = new ArrayList<>();
    boolean inList = false;
    for (String line : help.out().lines().toList()) {
      if (line.equals("Commands:")) {
        inList = true;
      } else if (inList && line.startsWith("  ") && !line.startsWith("    ")) {
        commands.add(line.strip());
      } else if (inList && line.startsWith("    ")) {
        commands.set(commands.size() - 1, commands.get(commands.size() - 1) + " " + line.strip());
      }
    }
    assertThat(commands).hasSizeGreaterThan(15).allSatisfy(c -> assertThat(c).endsWith("."));
  }

  @Test
  void anUnknownCommand_getsDidYouMean_andExit2_inAChildJvm() {
    ChildJvm.Result r = ChildJvm.run(home, "strat", "good.yaml");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("runlab: error: runlab has no command strat (did you mean start?)\n")
        .contains("runlab: see `runlab --help`")
        .doesNotContain("Unmatched", "  --help");
  }

  @Test
  void unknownOptionsAndArguments_areNamed_withTheClosestOption() {
    ChildJvm.Result option = InProcess.runlab("resume", "--yse");
    assertThat(option.code()).isEqualTo(2);
    assertThat(option.err())
        .isEqualTo(
            "runlab: error: runlab resume has no option --yse (did you mean --yes?)\n"
                + "runlab: see `runlab resume --help`\n");

    ChildJvm.Result sub = InProcess.runlab("kernel", "instal");
    assertThat(sub.code()).isEqualTo(2);
    assertThat(sub.err()).contains("runlab kernel has no command instal (did you mean install?)");

    ChildJvm.Result extra = InProcess.runlab("list", "extra");
    assertThat(extra.code()).isEqualTo(2);
    assertThat(extra.err()).contains("runlab list takes no argument 'extra'");

    ChildJvm.Result missing = InProcess.runlab("start");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("runlab start needs CONFIG.yaml");

    ChildJvm.Result far = InProcess.runlab("--zzzzzz");
    assertThat(far.err()).contains("runlab has no option --zzzzzz").doesNotContain("did you mean");
  }
}
