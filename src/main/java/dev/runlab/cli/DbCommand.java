package dev.runlab.cli;

import dev.runlab.RunlabException;
import dev.runlab.run.RunLock;
import dev.runlab.store.Database;
import dev.runlab.store.DbLocation;
import dev.runlab.store.StoreCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code runlab db copy --from A --to B [--experiment ID ...] [--renumber]}. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = {
      "Work on runlab's stores as a whole: copy experiments between them.",
      "A store is a SQLite file or postgresql://[USER@]HOST[:PORT]/DATABASE."
    },
    subcommands = {DbCommand.Copy.class})
final class DbCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Override
  public Integer call() {
    throw RunlabException.usage(
        "runlab db needs a command: `runlab db copy --from A --to B` copies experiments");
  }

  @Command(
      name = "copy",
      mixinStandardHelpOptions = true,
      description = {
        "Copy experiments with their data sets, results and events to another store.",
        "From and to a SQLite file or a PostgreSQL database, in one transaction at the target"
            + " (created if needed): a failure or refusal leaves it as it was. Experiment ids are"
            + " kept; one the target has already is refused unless --renumber gives the copies"
            + " new ids. A data set the target has already (same checksum and columns) is reused."
            + " A running experiment is refused (exit 5) unless its process died."
      })
  static final class Copy implements Callable<Integer> {
    @ParentCommand DbCommand parent;

    @Option(
        names = "--from",
        required = true,
        paramLabel = "PATH|URL",
        converter = CommonOptions.DbConverter.class,
        description = "the store to copy from: a SQLite file or a PostgreSQL URL")
    DbLocation from;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "PATH|URL",
        converter = CommonOptions.DbConverter.class,
        description = "the store to copy to, created or upgraded if needed")
    DbLocation to;

    @Option(
        names = "--experiment",
        paramLabel = "ID",
        description = "an experiment to copy (repeatable; default: every one)")
    List<Long> experiments = new ArrayList<>();

    @Option(names = "--renumber", description = "give the copies new experiment ids at the target")
    boolean renumber;

    @Option(names = "--debug", description = "print stack traces of errors")
    boolean debug;

    @Override
    public Integer call() {
      Cli cli = parent.root.cli;
      if (from.equals(to)) {
        throw RunlabException.usage(
            "--from and --to both name " + from.display() + "; copy to another store");
      }
      Clock clock = cli.env.clock();
      List<StoreCopy.Copied> copied;
      try (Database source = Database.openExisting(from, clock);
          StoreCopy copy =
              StoreCopy.of(source, experiments, id -> RunLock.heldByALiveProcess(from, id))) {
        if (copy.experimentIds().isEmpty()) {
          cli.out.println("no experiments in " + from.display() + "; nothing copied");
          return 0;
        }
        copied = into(copy, clock);
      }
      copied.forEach(c -> cli.out.println(line(c)));
      cli.out.println(total(copied));
      return 0;
    }

    /** The copy into the target; a SQLite file it created for a copy that failed is removed. */
    private List<StoreCopy.Copied> into(StoreCopy copy, Clock clock) {
      boolean created = !to.isPostgres() && !Database.exists(to);
      try (Database target = Database.open(to, clock)) {
        return copy.into(target, renumber, clock);
      } catch (RuntimeException e) {
        if (created) {
          Path file = ((DbLocation.SqliteFile) to).file();
          for (String suffix : new String[] {"", "-wal", "-shm"}) {
            try {
              Files.deleteIfExists(Path.of(file + suffix));
            } catch (IOException ignored) {
              // an empty database left behind does no harm
            }
          }
        }
        throw e;
      }
    }

    /** "experiment 3 → 7: 2,400 results, 18 events, data set reused". */
    static String line(StoreCopy.Copied c) {
      StringBuilder line = new StringBuilder();
      line.append("experiment ").append(c.sourceId()).append(" → ").append(c.targetId());
      line.append(": ").append(count(c.results(), "result"));
      line.append(", ").append(count(c.events(), "event"));
      if (c.batches() > 0) {
        line.append(", ").append(count(c.batches(), "provider batch"));
      }
      if (c.workers() > 0) {
        line.append(", ").append(count(c.workers(), "worker"));
      }
      line.append(
          c.datasetReused()
              ? ", data set reused"
              : ", data set copied (" + count(c.narratives(), "narrative") + ")");
      return line.toString();
    }

    private String total(List<StoreCopy.Copied> copied) {
      long results = copied.stream().mapToLong(StoreCopy.Copied::results).sum();
      long events = copied.stream().mapToLong(StoreCopy.Copied::events).sum();
      return "copied "
          + count(copied.size(), "experiment")
          + " ("
          + count(results, "result")
          + ", "
          + count(events, "event")
          + ") from "
          + from.display()
          + " to "
          + to.display();
    }

    /** "2,400 results", "1 event", "3 provider batches". */
    static String count(long n, String noun) {
      String plural = noun.endsWith("ch") ? noun + "es" : noun + "s";
      return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? noun : plural);
    }
  }
}
