package dev.runlab.lab;

import dev.runlab.InvalidStateException;
import dev.runlab.RunlabException;
import dev.runlab.experiment.Status;
import dev.runlab.run.DryRunReport;
import dev.runlab.run.Launcher;
import dev.runlab.run.ProgressSnapshot;
import dev.runlab.run.Run;
import dev.runlab.run.RunEnvironment;
import dev.runlab.run.RunListener;
import dev.runlab.run.RunLog;
import dev.runlab.run.RunOptions;
import dev.runlab.run.RunOutcome;
import dev.runlab.store.Database;
import dev.runlab.store.DbLocation;
import dev.runlab.store.ExperimentRecord;
import dev.runlab.store.Experiments;
import dev.runlab.store.ProviderBatches;
import dev.runlab.store.ResultQueries;
import dev.runlab.store.Results;
import dev.runlab.store.ScoreSheet;
import dev.runlab.store.Workers;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import tech.tablesaw.api.Table;

/**
 * The session API: one engine behind every front end. The command line, the interactive lab,
 * runbooks and notebooks all call these methods; none has logic of its own. Each function has one
 * form: an experiment is named by an {@link ExperimentId} (a number, {@code ExperimentId.of(3)}, or
 * an {@link Experiment} handle). A lab works on one database and drives the runs it starts or
 * resumes in background threads, holding their locks until they stop. Only {@link #start} creates
 * the database; every other function needs it to exist. Thread-safe.
 */
public final class Lab implements AutoCloseable {
  /** The database used when neither {@code --db} nor a config names one. */
  public static final Path DEFAULT_DB = Path.of("data", "runlab.db");

  private final DbLocation dbFile;
  private final RunEnvironment env;
  private final LabRuns runs;
  private final Display display = new Display();
  private final Charts charts = new Charts(this);
  private volatile Long current;
  private volatile Predicate<String> confirm = summary -> false;

  private Lab(DbLocation explicitDb, Path defaultDb, RunEnvironment env, RunListener frontEnd) {
    this.dbFile = explicitDb == null ? DbLocation.of(defaultDb) : explicitDb;
    this.env = env;
    RunListener listener = RunLog.all(new RunLog(dbFile, env.clock()), frontEnd);
    this.runs = new LabRuns(new Launcher(explicitDb, defaultDb, env, listener), dbFile, env);
  }

  /**
   * Opens a session on {@code explicitDb}, or when that is null on {@code defaultDb} (usually
   * {@code data/runlab.db} in runlab's folder), reporting runs to {@code frontEnd}. A config's
   * {@code db:} key applies to {@code start} only when no database was named explicitly. Opening
   * writes nothing.
   */
  public static Lab open(
      DbLocation explicitDb, Path defaultDb, RunEnvironment env, RunListener frontEnd) {
    return new Lab(explicitDb, defaultDb, env, frontEnd);
  }

  public DbLocation database() {
    return dbFile;
  }

  public Display display() {
    return display;
  }

  /** The session's {@code chart} object. */
  public Charts chart() {
    return charts;
  }

  public RunEnvironment environment() {
    return env;
  }

  /** How {@link #resume(RunOptions, boolean)} asks: given the summary, true means go ahead. */
  public void confirmWith(Predicate<String> question) {
    this.confirm = question;
  }

  // ---- experiments -------------------------------------------------------------------------

  /** All experiments, newest first, with their progress (a crashed one shows as crashed). */
  public Table experiments() {
    return Summaries.forPeople(
        Tables.of("experiments", read(db -> new ResultQueries(db).experiments())), runs::crashed);
  }

  /** A handle on the experiment; a usage error (exit 2) when there is none. */
  public Experiment experiment(ExperimentId id) {
    record(id);
    return new Experiment(this, id.id());
  }

  ExperimentRecord record(ExperimentId id) {
    return read(db -> new Experiments(db, env.clock()).get(id.id()));
  }

  String summary(ExperimentId id) {
    return read(
        db -> {
          ExperimentRecord e = new Experiments(db, env.clock()).get(id.id());
          boolean crashed = e.status() == Status.RUNNING && runs.crashed(e.id());
          return Summaries.summary(
              e,
              new Results(db).counts(id.id()),
              new ProviderBatches(db).all(id.id()),
              db.isPostgres() ? new Workers(db).of(id.id()) : List.of(),
              env.zone(),
              crashed);
        });
  }

  /** Sets the experiment that argument-less calls mean. */
  public Experiment use(ExperimentId id) {
    Experiment e = experiment(id);
    current = id.id();
    return e;
  }

  /** The experiment argument-less calls mean: the one {@link #use}d, else the newest. */
  public long currentId() {
    Long id = current;
    if (id != null) {
      return id;
    }
    return records().stream()
        .findFirst()
        .map(ExperimentRecord::id)
        .orElseThrow(
            () ->
                RunlabException.usage(
                    "there are no experiments in "
                        + dbFile
                        + " yet; start one with `runlab start CONFIG.yaml` or `runlab demo`"));
  }

  /**
   * The newest experiment older than {@code id}: what a comparison of the newest experiment
   * compares it with by default. Exit 2 when there is none.
   */
  public long previousId(ExperimentId id) {
    return records().stream()
        .map(ExperimentRecord::id)
        .filter(other -> other < id.id())
        .findFirst()
        .orElseThrow(
            () ->
                RunlabException.usage(
                    "there is no experiment before experiment "
                        + id.id()
                        + " in "
                        + dbFile
                        + "; run a second one to compare with"));
  }

  /** The stored rows of all experiments, newest first. */
  public List<ExperimentRecord> records() {
    return read(db -> new Experiments(db, env.clock()).list());
  }

  /** The newest running, paused or failed experiment; exit 5 when there is none. */
  public ExperimentRecord latestIncomplete() {
    return read(db -> new Experiments(db, env.clock()).latestIncomplete())
        .orElseThrow(
            () ->
                new InvalidStateException(
                    "no incomplete experiment in "
                        + dbFile
                        + " to resume; list them with `runlab list`"));
  }

  // ---- runs ----------------------------------------------------------------------------------

  /** Creates an experiment from a config file (and the database, if new) and runs it. */
  public Experiment start(Path configPath, RunOptions options) {
    return launched(runs.launcher().start(configPath, options));
  }

  /** What a start would do, without sending or writing anything. */
  public DryRunReport dryRunStart(Path configPath, RunOptions options) {
    return runs.launcher().start(configPath, options.withDryRun(true)).dryRun();
  }

  /** Resumes the experiment in the background after the safety checks. */
  public Experiment resume(ExperimentId id, RunOptions options) {
    runs.refuseIfRunningHere(id.id());
    return launched(runs.launcher().resume(id.id(), options));
  }

  public DryRunReport dryRunResume(ExperimentId id, RunOptions options) {
    runs.refuseIfRunningHere(id.id());
    return runs.launcher().resume(id.id(), options.withDryRun(true)).dryRun();
  }

  /**
   * Resumes the newest incomplete experiment; unless {@code yes}, after showing its summary and
   * asking (see {@link #confirmWith}): null when the answer is no.
   */
  public Experiment resume(RunOptions options, boolean yes) {
    ExperimentId latest = ExperimentId.of(latestIncomplete().id());
    if (!yes && !confirm.test(summary(latest))) {
      return null;
    }
    return resume(latest, options);
  }

  /**
   * Adds this process as a worker to a running experiment of a shared PostgreSQL store (exit 2 on
   * SQLite, 5 when it is not running); the run goes on in the background like a resume.
   */
  public Experiment join(ExperimentId id, RunOptions options) {
    runs.refuseIfRunningHere(id.id());
    return launched(runs.launcher().join(id.id(), options));
  }

  /** Re-opens the error rows of an experiment (of one category, or all when null) and runs them. */
  public Experiment retryErrors(ExperimentId id, String category, RunOptions options) {
    runs.refuseIfRunningHere(id.id());
    return launched(runs.launcher().retryErrors(id.id(), category, options));
  }

  public DryRunReport dryRunRetryErrors(ExperimentId id, String category, RunOptions options) {
    runs.refuseIfRunningHere(id.id());
    return runs.launcher().retryErrors(id.id(), category, options.withDryRun(true)).dryRun();
  }

  private Experiment launched(Launcher.Launch launch) {
    long id = runs.launched(launch);
    current = id;
    return new Experiment(this, id);
  }

  /** The runs this lab drives now. */
  public List<Run> activeRuns() {
    return runs.active();
  }

  /** The latest run of the experiment in this lab, going on or ended. */
  public Optional<Run> run(ExperimentId id) {
    return runs.run(id.id());
  }

  /** Pauses an experiment run here or by another process; waits up to 30 s for it to stop. */
  public Experiment pause(ExperimentId id) {
    runs.stop(id.id(), false);
    return experiment(id);
  }

  public Experiment cancel(ExperimentId id) {
    runs.stop(id.id(), true);
    return experiment(id);
  }

  /** Waits for this lab's run of the experiment to end; returns at once when none runs here. */
  public Experiment await(ExperimentId id) {
    runs.await(id.id());
    return experiment(id);
  }

  /** The outcome of the last run of the experiment in this lab, when it ended here. */
  public Optional<RunOutcome> outcome(ExperimentId id) {
    return runs.run(id.id()).map(run -> run.completion().getNow(null));
  }

  // ---- reading -------------------------------------------------------------------------------

  /** Progress: live from this lab's run, else as stored. */
  public ProgressSnapshot progress(ExperimentId id) {
    return runs.active(id.id()).map(Run::progress).orElseGet(() -> ProgressSnapshot.of(record(id)));
  }

  public ErrorReport errors(ExperimentId id) {
    record(id);
    return new ErrorReport(this, id.id(), display);
  }

  /** Accuracy against the gold labels, by the one rule of {@link dev.runlab.store.Scoring}. */
  public Evaluation.Accuracy accuracy(ExperimentId id) {
    return Evaluation.accuracy(scores(id));
  }

  /** Gold labels against answers: rows are gold labels, columns answers, cells counts. */
  public Table confusion(ExperimentId id) {
    return LabelScores.confusion(scores(id));
  }

  /** Per label: precision, recall, F1 and support (scored results with that gold label). */
  public Table labelScores(ExperimentId id) {
    return LabelScores.perLabel(scores(id));
  }

  /**
   * Two experiments on the same data set: accuracy of each, agreement, and the narratives where
   * their answers differ.
   */
  public Comparison compare(ExperimentId first, ExperimentId second) {
    Comparison.requireSameData(record(first), record(second));
    return Comparison.of(scores(first), scores(second));
  }

  /** Results completed over time in equal buckets: bucket start, count and rate per minute. */
  public Table throughput(ExperimentId id) {
    record(id);
    return Throughput.table(id.id(), read(db -> new ResultQueries(db).completionTimes(id.id())));
  }

  /** One row per result, with the gold label and whether the answer is {@code correct}. */
  public Table results(ExperimentId id) {
    record(id);
    return Tables.of(
        "results of experiment " + id.id(), read(db -> new ResultQueries(db).results(id.id())));
  }

  /** Every narrative of the experiment's data set with its result status (empty: not sent yet). */
  public Table narratives(ExperimentId id) {
    record(id);
    return Tables.of(
        "narratives of experiment " + id.id(),
        read(db -> new ResultQueries(db).narratives(id.id())));
  }

  /** Writes the results to {@code out} as csv or jsonl; returns the row count. */
  public long export(ExperimentId id, String format, Path out) {
    return read(
        db -> {
          new Experiments(db, env.clock()).get(id.id());
          return Exporter.export(new ResultQueries(db), id.id(), format, out);
        });
  }

  /** Any query on the database, as a table. */
  public Table sql(String query) {
    return Tables.of("sql", read(db -> new ResultQueries(db).query(query)));
  }

  private ScoreSheet scores(ExperimentId id) {
    record(id);
    return read(db -> new ResultQueries(db).scores(id.id()));
  }

  /** Runs {@code reading} on a connection to the lab's database, which must exist. */
  <T> T read(Function<Database, T> reading) {
    try (Database db = Database.openExisting(dbFile, env.clock())) {
      return reading.apply(db);
    }
  }

  /** Pauses every run this lab drives and waits for them to stop (batch committed). */
  @Override
  public void close() {
    runs.pauseAll("paused: the lab is closing");
  }
}
