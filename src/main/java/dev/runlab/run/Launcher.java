package dev.runlab.run;

import dev.runlab.InvalidStateException;
import dev.runlab.Plural;
import dev.runlab.RunlabException;
import dev.runlab.TempFolders;
import dev.runlab.data.DataColumns;
import dev.runlab.data.NarrativeReader;
import dev.runlab.data.NarrativeSource;
import dev.runlab.experiment.ConfigJson;
import dev.runlab.experiment.ConfigLoader;
import dev.runlab.experiment.ExperimentConfig;
import dev.runlab.experiment.PromptTemplate;
import dev.runlab.experiment.RunConfig;
import dev.runlab.experiment.Status;
import dev.runlab.model.ModelClients;
import dev.runlab.store.Database;
import dev.runlab.store.Datasets;
import dev.runlab.store.Datasets.Dataset;
import dev.runlab.store.DbLocation;
import dev.runlab.store.ExperimentRecord;
import dev.runlab.store.Experiments;
import dev.runlab.store.Results;
import dev.runlab.store.SharedResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Starts and resumes runs: every check of the README's "Resuming safely", in order (lock, state,
 * data checksum, config, backup) before a request is sent, then a background {@link Run}. One
 * launcher serves one front end; it is thread-safe as long as its listener is.
 */
public final class Launcher {
  private final DbLocation explicitDb;
  private final Path defaultDb;
  private final RunEnvironment env;
  private final RunListener listener;

  /**
   * @param explicitDb the database named by {@code --db} (wins over a config's {@code db:}), or
   *     null
   * @param defaultDb the database used when neither {@code --db} nor the config names one
   */
  public Launcher(DbLocation explicitDb, Path defaultDb, RunEnvironment env, RunListener listener) {
    this.explicitDb = explicitDb;
    this.defaultDb = defaultDb;
    this.env = env;
    this.listener = listener;
  }

  /** The result of a start or resume: a run going on, or the report of a dry run. */
  public record Launch(Run run, DryRunReport dryRun) {}

  /** The database a config's experiment lives in. */
  public DbLocation databaseFor(ExperimentConfig config) {
    if (explicitDb != null) {
      return explicitDb;
    }
    return config != null && config.db() != null ? config.db() : DbLocation.of(defaultDb);
  }

  /** Creates an experiment from {@code configFile} and runs it. */
  public Launch start(Path configFile, RunOptions options) {
    ExperimentConfig config = withOverrides(ConfigLoader.load(configFile), options);
    DataColumns columns = columnsOf(config);
    checkTemplate(config, columns);
    // creating the client checks the provider and its API key before anything is written
    ModelClients.create(config, env.sleeper(), env.clock(), env.environment()).close();
    String checksum = NarrativeSource.checksum(config.data());
    if (options.dryRun()) {
      return new Launch(null, dryRunStart(config, columns, checksum, options));
    }
    DbLocation dbFile = databaseFor(config);
    boolean existed = dbFile.isPostgres() || Database.exists(dbFile);
    Database opened = null;
    Dataset dataset;
    try {
      opened = Database.open(dbFile, env.clock());
      dataset = new Datasets(opened, env.clock()).findOrLoad(config.data(), columns, checksum);
    } catch (RuntimeException e) {
      if (opened != null) {
        opened.close();
      }
      // a row the load rejected: leave no database behind that this start created
      if (!existed) {
        deleteDatabase(((DbLocation.SqliteFile) dbFile).file());
      }
      throw e;
    }
    // one connection from the load to the run's start: no second open, no second read of the file
    try (Database db = opened) {
      ExperimentConfig resolved = config.withLabelColumn(dataset.labelColumn());
      String json = ConfigJson.toJson(resolved);
      Experiments experiments = new Experiments(db, env.clock());
      long id =
          experiments.create(
              new Experiments.NewExperiment(
                  resolved.name(),
                  ModelClients.displayName(resolved.model()),
                  resolved.model().provider(),
                  json,
                  ConfigJson.hash(resolved),
                  configFile.toAbsolutePath().normalize().toString(),
                  resolved.data().toString(),
                  checksum,
                  dataset.id(),
                  dataset.rows()));
      RunLock lock;
      try {
        lock = RunLock.acquire(dbFile, id);
      } catch (RuntimeException e) {
        // no orphan `running` row: the experiment never ran, say why
        experiments.changeStatus(
            id, Status.RUNNING, Status.FAILED, "not started: " + e.getMessage());
        throw e;
      }
      try {
        lock.admitWorkers();
        listener.onInfo(
            id,
            "experiment "
                + id
                + " started: "
                + Plural.of(dataset.rows(), "narrative")
                + " from "
                + resolved.data()
                + ", model "
                + ModelClients.displayName(resolved.model())
                + ", database "
                + dbFile);
        return new Launch(
            Run.start(
                new RunSpec(
                    dbFile,
                    id,
                    resolved,
                    dataset,
                    RunSpec.StartingPoint.fresh(dataset.rows()),
                    options.limit(),
                    lock),
                env,
                listener),
            null);
      } catch (RuntimeException e) {
        lock.close();
        experiments.changeStatus(
            id, Status.RUNNING, Status.FAILED, "not started: " + e.getMessage());
        throw e;
      }
    }
  }

  /**
   * The dry run of a start: the data is loaded into a scratch database in a temporary folder (which
   * also checks every row), so the real database is neither created nor changed.
   */
  private DryRunReport dryRunStart(
      ExperimentConfig config, DataColumns columns, String checksum, RunOptions options) {
    Path scratchDir;
    try {
      scratchDir = Files.createTempDirectory("runlab-dry-run");
    } catch (IOException e) {
      throw RunlabException.failure("cannot create a scratch folder for the dry run", e);
    }
    try (Database db = Database.open(scratchDir.resolve("dry-run.db"), env.clock())) {
      Dataset dataset = new Datasets(db, env.clock()).findOrLoad(config.data(), columns, checksum);
      ExperimentConfig resolved = config.withLabelColumn(dataset.labelColumn());
      return DryRuns.estimate(db, 0, resolved, dataset, null, options.limit());
    } finally {
      TempFolders.deleteTree(scratchDir);
    }
  }

  private static void deleteDatabase(Path dbFile) {
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      try {
        Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + suffix));
      } catch (IOException e) {
        // a leftover empty database is harmless; the error below says what to fix
      }
    }
  }

  /**
   * Resumes experiment {@code id} after the checks, in order: lock, state, data, config, backup.
   */
  public Launch resume(long id, RunOptions options) {
    return reopen(id, options, null, false);
  }

  /**
   * Re-opens the error rows of experiment {@code id} (all, or those of {@code category}) and runs
   * them, after the same checks as a resume; a completed experiment may be retried too.
   */
  public Launch retryErrors(long id, String category, RunOptions options) {
    return reopen(id, options, category, true);
  }

  private Launch reopen(long id, RunOptions options, String category, boolean retryErrors) {
    ExperimentConfig given = options.config() == null ? null : ConfigLoader.load(options.config());
    DbLocation dbFile = databaseFor(given);
    try (Database db = Database.openExisting(dbFile, env.clock())) {
      Experiments experiments = new Experiments(db, env.clock());
      ExperimentRecord record = experiments.get(id);
      RunLock lock = ResumeChecks.lock(dbFile, record, experiments, listener, options.dryRun());
      try {
        ResumeChecks checks = new ResumeChecks(db, experiments, env, listener, options.dryRun());
        checks.state(record, retryErrors);
        checks.data(record);
        ExperimentConfig config = checks.config(record, given, options);
        BatchModeCheck.check(db, id, config);
        // the provider's API key must be there before the backup and before any request
        ModelClients.create(config, env.sleeper(), env.clock(), env.environment()).close();
        Dataset dataset = new Datasets(db, env.clock()).get(record.datasetId());
        if (options.dryRun()) {
          lock.close();
          String errorsOf = retryErrors ? (category == null ? "" : category) : null;
          return new Launch(
              null, DryRuns.estimate(db, id, config, dataset, errorsOf, options.limit()));
        }
        checks.backup(id);
        ExperimentRecord reopened = checks.reopen(record, config, retryErrors, category);
        if (db.isPostgres()) {
          // the lock was free: no worker lives to hold a lease
          new SharedResults(db).clearLeases(id);
          lock.admitWorkers();
        }
        Results.Counts counts = new Results(db).counts(id);
        return new Launch(
            Run.start(
                new RunSpec(
                    dbFile,
                    id,
                    config,
                    dataset,
                    new RunSpec.StartingPoint(
                        reopened.total(),
                        counts.completed(),
                        counts.errors(),
                        reopened.activeSeconds()),
                    options.limit(),
                    lock),
                env,
                listener),
            null);
      } catch (RuntimeException e) {
        lock.close();
        throw e;
      }
    }
  }

  /**
   * Adds this process as a worker to running experiment {@code id} of a shared PostgreSQL store:
   * its stored config (operational settings from {@code options}), the narratives claimed in leases
   * beside the other workers. Exit 2 on SQLite, 5 when the experiment is not running.
   */
  public Launch join(long id, RunOptions options) {
    if (!(explicitDb instanceof DbLocation.Postgres pg)) {
      throw RunlabException.usage(
          "runlab join needs a shared PostgreSQL store (--db postgresql://[USER@]HOST[:PORT]/"
              + "DATABASE): a SQLite database is run by one process at a time; run experiment "
              + id
              + " with `runlab resume "
              + id
              + "`");
    }
    try (Database db = Database.openExisting(pg, env.clock())) {
      Experiments experiments = new Experiments(db, env.clock());
      ExperimentRecord record = experiments.get(id);
      if (record.status() != Status.RUNNING) {
        throw new InvalidStateException(
            "experiment "
                + id
                + " is "
                + record.status()
                + "; workers join a running experiment only"
                + (record.status().isIncomplete()
                    ? " — start it with `runlab resume " + id + "`, then join"
                    : ""));
      }
      ExperimentConfig config = withOverrides(ConfigJson.fromJson(record.configJson()), options);
      if (config.run().batchMode()) {
        throw RunlabException.usage(
            "experiment " + id + " runs in batch mode (run.mode: batch); workers join online runs");
      }
      // the API key of this machine must be there before the worker registers
      ModelClients.create(config, env.sleeper(), env.clock(), env.environment()).close();
      Dataset dataset = new Datasets(db, env.clock()).get(record.datasetId());
      RunLock lock = AdvisoryLock.join(pg, id);
      try {
        Results.Counts counts = new Results(db).counts(id);
        experiments.event(
            id,
            "worker_joined",
            "process " + ProcessHandle.current().pid() + " on " + dev.runlab.store.Hostname.get());
        listener.onInfo(
            id,
            "joined experiment "
                + id
                + " as a worker ("
                + Plural.of(record.total() - counts.completed(), "narrative")
                + " without a final result); Ctrl-C leaves, `runlab pause "
                + id
                + "` stops every worker");
        return new Launch(
            Run.start(
                new RunSpec(
                    pg,
                    id,
                    config,
                    dataset,
                    new RunSpec.StartingPoint(
                        record.total(),
                        counts.completed(),
                        counts.errors(),
                        record.activeSeconds()),
                    options.limit(),
                    lock,
                    true),
                env,
                listener),
            null);
      } catch (RuntimeException e) {
        lock.close();
        throw e;
      }
    }
  }

  static DataColumns columnsOf(ExperimentConfig config) {
    boolean explicitLabel = config.labelColumn() != null;
    return new DataColumns(
        config.idColumn(),
        config.textColumn(),
        explicitLabel ? config.labelColumn() : ExperimentConfig.DEFAULT_LABEL_COLUMN,
        explicitLabel);
  }

  /** Checks that every {@code {column}} of the prompt names a column of the data file. */
  static void checkTemplate(ExperimentConfig config, DataColumns columns) {
    Set<String> available = new LinkedHashSet<>();
    try (NarrativeReader reader = NarrativeSource.open(config.data(), columns)) {
      available.addAll(reader.columns());
    }
    available.add("id");
    available.add("text");
    if (available.contains(columns.label())) {
      available.add("label");
    }
    String where = config.data().getFileName().toString();
    PromptTemplate.parse(config.prompt().template()).checkColumns(available, where);
    if (config.prompt().system() != null) {
      PromptTemplate.parse(config.prompt().system()).checkColumns(available, where);
    }
  }

  static ExperimentConfig withOverrides(ExperimentConfig config, RunOptions options) {
    RunConfig run = config.run();
    if (options.concurrency() != null) {
      run = run.withConcurrency(options.concurrency());
    }
    if (options.batchSize() != null) {
      run = run.withBatchSize(options.batchSize());
    }
    return config.withRun(run);
  }
}
