package dev.runlab.cli;

import dev.runlab.RunlabException;
import dev.runlab.lab.ErrorReport;
import dev.runlab.lab.ExperimentId;
import dev.runlab.lab.Lab;
import dev.runlab.lab.TextTable;
import dev.runlab.model.ErrorCategory;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code runlab errors ID [--by category]}. */
@Command(
    name = "errors",
    mixinStandardHelpOptions = true,
    description = "Show the final errors of an experiment, by category or as samples.")
final class ErrorsCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "the experiment id")
  long id;

  @Option(names = "--by", paramLabel = "category", description = "group by: category (the default)")
  String by = "category";

  @Option(
      names = "--samples",
      paramLabel = "N",
      description = "show N error rows instead of the summary")
  Integer samples;

  @Option(
      names = "--category",
      paramLabel = "C",
      description = "with --samples: only this category")
  String category;

  @Override
  public Integer call() {
    if (!"category".equals(by)) {
      throw RunlabException.usage("--by takes only 'category', got '" + by + "'");
    }
    if (category != null) {
      checkCategory(category);
    }
    Cli cli = root.cli;
    try (Lab lab = cli.lab(common.db)) {
      ErrorReport report = lab.errors(ExperimentId.of(id));
      if (samples != null) {
        cli.out.println(TextTable.render(report.samples(category, samples), lab.display()));
      } else {
        cli.out.println(report);
      }
      return 0;
    }
  }

  static void checkCategory(String category) {
    try {
      ErrorCategory.fromDb(category);
    } catch (IllegalArgumentException e) {
      throw RunlabException.usage(
          "unknown error category '"
              + category
              + "'; categories: "
              + Arrays.stream(ErrorCategory.values())
                  .map(ErrorCategory::dbValue)
                  .collect(Collectors.joining(", ")));
    }
  }
}
