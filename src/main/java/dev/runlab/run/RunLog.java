package dev.runlab.run;

import dev.runlab.store.DbLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Appends what a run reports to {@code logs/experiment-<id>.log} in the database's folder, one
 * timestamped line per report, so a run's history survives the terminal it ran in. Thread-safe.
 */
public final class RunLog implements RunListener {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final Path folder;
  private final Clock clock;
  private volatile boolean broken;

  public RunLog(DbLocation db, Clock clock) {
    this.folder = db.folder().resolve("logs");
    this.clock = clock;
  }

  public static Path fileFor(DbLocation db, long experimentId) {
    return db.folder().resolve("logs").resolve("experiment-" + experimentId + ".log");
  }

  @Override
  public void onProgress(ProgressSnapshot progress) {
    append(progress.experimentId(), progress.line(zone()));
  }

  @Override
  public void onInfo(long experimentId, String message) {
    append(experimentId, "[INFO] " + message);
  }

  @Override
  public void onWarning(long experimentId, String message) {
    append(experimentId, "[WARN] " + message);
  }

  @Override
  public void onFinished(RunOutcome outcome) {
    append(
        outcome.experimentId(),
        "[" + outcome.status().dbValue().toUpperCase(Locale.ROOT) + "] " + outcome.message());
  }

  private ZoneId zone() {
    return clock.getZone();
  }

  private synchronized void append(long experimentId, String line) {
    if (experimentId <= 0 || broken) {
      return;
    }
    try {
      Files.createDirectories(folder);
      String stamped = STAMP.format(clock.instant().atZone(zone())) + " " + line + "\n";
      Files.writeString(
          folder.resolve("experiment-" + experimentId + ".log"),
          stamped,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the run matters more than its log: say so once and go on
      broken = true;
      System.err.println(
          "runlab: warning: cannot write the run log in " + folder + ": " + e.getMessage());
    }
  }

  /** Reports to every listener in turn. */
  public static RunListener all(RunListener... listeners) {
    return new RunListener() {
      @Override
      public void onProgress(ProgressSnapshot progress) {
        for (RunListener l : listeners) {
          l.onProgress(progress);
        }
      }

      @Override
      public void onInfo(long experimentId, String message) {
        for (RunListener l : listeners) {
          l.onInfo(experimentId, message);
        }
      }

      @Override
      public void onWarning(long experimentId, String message) {
        for (RunListener l : listeners) {
          l.onWarning(experimentId, message);
        }
      }

      @Override
      public void onFinished(RunOutcome outcome) {
        for (RunListener l : listeners) {
          l.onFinished(outcome);
        }
      }
    };
  }
}
