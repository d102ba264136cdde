package dev.runlab.cli;

import dev.runlab.RunlabException;
import dev.runlab.lab.Lab;
import dev.runlab.report.HtmlReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code runlab report ID --out report.html}. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write an experiment's report as one self-contained HTML file.",
      "It holds the summary, throughput, errors, accuracy, per-label scores and the confusion"
          + " matrix, as tables and inline SVG charts."
    })
final class ReportCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "the experiment id")
  long id;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "the HTML file to write (default: report-ID.html)")
  Path out;

  @Override
  public Integer call() {
    Path file = out == null ? Path.of("report-" + id + ".html") : out;
    try (Lab lab = root.cli.lab(common.db)) {
      String html = HtmlReport.render(lab, id, root.cli.env.clock().instant());
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(file, html, StandardCharsets.UTF_8);
      root.cli.out.println("wrote the report of experiment " + id + " to " + file);
      return 0;
    } catch (IOException e) {
      throw RunlabException.usage("cannot write " + file + ": " + e.getMessage());
    }
  }
}
