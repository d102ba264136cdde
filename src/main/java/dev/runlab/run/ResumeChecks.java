package dev.runlab.run;

import dev.runlab.ChecksumMismatchException;
import dev.runlab.DataFormatException;
import dev.runlab.InvalidStateException;
import dev.runlab.LockHeldException;
import dev.runlab.data.DataDiff;
import dev.runlab.data.NarrativeSource;
import dev.runlab.experiment.ConfigDifference;
import dev.runlab.experiment.ConfigDrift;
import dev.runlab.experiment.ConfigJson;
import dev.runlab.experiment.ExperimentConfig;
import dev.runlab.experiment.Status;
import dev.runlab.store.Database;
import dev.runlab.store.Datasets;
import dev.runlab.store.DbLocation;
import dev.runlab.store.ExperimentRecord;
import dev.runlab.store.Experiments;
import dev.runlab.store.Results;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The safety checks before a resume sends anything (README, Resuming safely), one method per step,
 * called in order by the {@link Launcher}. A refused resume changes no result and no experiment
 * row; it leaves an event in {@code experiment_events}. Not thread-safe.
 */
final class ResumeChecks {
  private final Database db;
  private final Experiments experiments;
  private final RunEnvironment env;
  private final RunListener listener;
  private final boolean dryRun;

  /** With {@code dryRun} the checks report as usual but write no event. */
  ResumeChecks(
      Database db,
      Experiments experiments,
      RunEnvironment env,
      RunListener listener,
      boolean dryRun) {
    this.dryRun = dryRun;
    this.db = db;
    this.experiments = experiments;
    this.env = env;
    this.listener = listener;
  }

  /** Step 1: the lock; a dead holder's lock is taken over and logged. */
  static RunLock lock(
      DbLocation dbLocation,
      ExperimentRecord record,
      Experiments experiments,
      RunListener listener,
      boolean dryRun) {
    try {
      RunLock lock = RunLock.acquire(dbLocation, record.id());
      if (lock.previousHolder() != null) {
        String message =
            "took over the lock of experiment "
                + record.id()
                + " from process "
                + lock.previousHolder()
                + ", which is no longer running";
        if (!dryRun) {
          experiments.event(record.id(), "lock_takeover", message);
        }
        listener.onWarning(record.id(), message);
      }
      return lock;
    } catch (LockHeldException e) {
      if (!dryRun) {
        experiments.event(record.id(), "resume_refused", e.getMessage());
      }
      throw e;
    }
  }

  /** An event, unless this is a dry run (which writes nothing). */
  private void event(long id, String type, String message) {
    if (!dryRun) {
      experiments.event(id, type, message);
    }
  }

  /**
   * Step 2: the state machine. A crash is reported as found, not as "resuming": the checks after
   * this one may still refuse.
   */
  void state(ExperimentRecord record, boolean retryErrors) {
    Status status = record.status();
    boolean allowed = status.canResume() || (retryErrors && status == Status.COMPLETED);
    if (!allowed) {
      String next =
          status == Status.COMPLETED
              ? "; to re-run its error rows use `runlab retry-errors " + record.id() + "`"
              : "; start a new experiment instead";
      String message =
          "experiment " + record.id() + " is " + status + " and cannot be resumed" + next;
      event(record.id(), "resume_refused", message);
      throw new InvalidStateException(message);
    }
    if (status == Status.RUNNING) {
      String message =
          "experiment "
              + record.id()
              + " was running but no process holds its lock: the last"
              + " run crashed or was killed";
      event(record.id(), "crash_detected", message);
      listener.onWarning(record.id(), message);
    }
  }

  /** Step 3: the data file must be byte for byte the one the experiment started with. */
  void data(ExperimentRecord record) {
    Path file = Path.of(record.dataPath());
    if (db.isPostgres() && !java.nio.file.Files.exists(file)) {
      // a shared store holds the narratives: a machine without the file can still run them
      String message =
          file
              + " is not on this machine: its checksum cannot be compared here; the narratives are"
              + " read from the store (stored sha256 "
              + abbreviate(record.dataChecksum())
              + ") — resume where the file is to check it";
      event(record.id(), "data_check_skipped", message);
      listener.onWarning(record.id(), message);
      return;
    }
    String now;
    try {
      now = NarrativeSource.checksum(file);
    } catch (DataFormatException e) {
      String message =
          "cannot verify the data of experiment "
              + record.id()
              + ": "
              + e.getMessage()
              + "; restore "
              + file
              + " (sha256 "
              + abbreviate(record.dataChecksum())
              + ")";
      event(record.id(), "data_check_failed", message);
      throw new ChecksumMismatchException(message);
    }
    if (!now.equals(record.dataChecksum())) {
      Datasets datasets = new Datasets(db, env.clock());
      DataDiff diff = datasets.diff(datasets.get(record.datasetId()), file);
      String message =
          file
              + " changed since experiment "
              + record.id()
              + " started (sha256 "
              + record.dataChecksum()
              + " → "
              + now
              + "): "
              + diff.describe()
              + ". Start a new experiment with the new file, or restore the old one.";
      event(record.id(), "data_check_failed", message);
      throw new ChecksumMismatchException(message);
    }
    event(record.id(), "data_check", "data checksum matches (" + abbreviate(now) + ")");
  }

  /**
   * Step 4: the stored config is authoritative; a given YAML's experimental differences are ignored
   * with a warning, its operational settings (and flags) apply and are logged.
   */
  ExperimentConfig config(ExperimentRecord record, ExperimentConfig given, RunOptions options) {
    ExperimentConfig stored = ConfigJson.fromJson(record.configJson());
    ExperimentConfig result = stored;
    if (given != null) {
      if (given.labelColumn() == null
          && (stored.labelColumn() == null
              || stored.labelColumn().equals(ExperimentConfig.DEFAULT_LABEL_COLUMN))) {
        // the YAML leaves label_column to its default, which the start resolved and stored
        given = given.withLabelColumn(stored.labelColumn());
      }
      List<ConfigDifference> diffs = ConfigDrift.compare(stored, given);
      List<ConfigDifference> experimental = diffs.stream().filter(d -> !d.operational()).toList();
      if (!experimental.isEmpty()) {
        String message =
            "the config differs from experiment "
                + record.id()
                + "'s stored config; the"
                + " database wins and these YAML values are ignored: "
                + describe(experimental);
        event(record.id(), "config_drift", message);
        listener.onWarning(record.id(), message);
      }
      result = stored.withRun(given.run());
    }
    result = Launcher.withOverrides(result, options);
    List<ConfigDifference> changed =
        ConfigDrift.compare(stored, result).stream().filter(ConfigDifference::operational).toList();
    if (!changed.isEmpty()) {
      String message = "operational settings changed on resume: " + describe(changed);
      event(record.id(), "settings_changed", message);
      listener.onInfo(record.id(), message);
    }
    return result;
  }

  private static String describe(List<ConfigDifference> diffs) {
    return diffs.stream()
        .map(d -> d.key() + " (database: " + d.stored() + ", now: " + d.given() + ")")
        .collect(Collectors.joining("; "));
  }

  /** Step 5: a copy of the database before anything changes. */
  void backup(long experimentId) {
    if (db.isPostgres()) {
      // a copy of a shared store is its operator's to make (pg_dump), not one run's
      String message =
          "no backup by runlab on PostgreSQL: back up "
              + db.location().display()
              + " with pg_dump before risky changes";
      experiments.event(experimentId, "backup_skipped", message);
      listener.onInfo(experimentId, message);
      return;
    }
    Path backup = db.backup("resume_backup", env.clock(), env.backupsKept());
    listener.onInfo(experimentId, "backup written to " + backup);
  }

  /** Moves the experiment back to running (re-opening error rows first for retry-errors). */
  ExperimentRecord reopen(
      ExperimentRecord record, ExperimentConfig config, boolean retryErrors, String category) {
    String json = ConfigJson.toJson(config);
    db.inTransaction(
        () -> {
          List<String> notes = new ArrayList<>();
          if (retryErrors) {
            int reopened = new Results(db).reopenErrors(record.id(), category);
            notes.add(
                "retry-errors re-opened "
                    + reopened
                    + " error rows"
                    + (category == null ? "" : " of category " + category));
            experiments.insertEvent(record.id(), "retry_errors", null, null, notes.get(0));
          }
          experiments.updateConfigInTransaction(record.id(), json, ConfigJson.hash(config));
          experiments.changeStatusInTransaction(
              record.id(), record.status(), Status.RUNNING, retryErrors ? notes.get(0) : "resumed");
          experiments.insertEvent(
              record.id(),
              "resumed",
              record.status(),
              Status.RUNNING,
              "resumed by process " + ProcessHandle.current().pid());
          return null;
        });
    return experiments.get(record.id());
  }

  private static String abbreviate(String checksum) {
    return checksum.length() > 12 ? checksum.substring(0, 12) + "…" : checksum;
  }
}
