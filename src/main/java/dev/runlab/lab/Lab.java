package dev.runlab.lab;

import dev.runlab.ExitCode;
import dev.runlab.InvalidStateException;
import dev.runlab.LockHeldException;
import dev.runlab.RunlabException;
import dev.runlab.run.DryRunReport;
import dev.runlab.run.Launcher;
import dev.runlab.run.ProgressSnapshot;
import dev.runlab.run.Run;
import dev.runlab.run.RunEnvironment;
import dev.runlab.run.RunListener;
import dev.runlab.run.RunLog;
import dev.runlab.run.RunOptions;
import dev.runlab.run.RunOutcome;
import dev.runlab.run.RunStopper;
import dev.runlab.store.Database;
import dev.runlab.store.ExperimentRecord;
import dev.runlab.store.Experiments;
import dev.runlab.store.Results;
import dev.runlab.store.StoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import tech.tablesaw.api.Table;

/**
 * The session API: one engine behind every front end. The command line, the interactive lab,
 * runbooks and notebooks all call these methods; none has logic of its own. A lab works on one
 * database and drives the runs it starts or resumes in background threads, holding their locks
 * until they stop. Thread-safe.
 */
public final class Lab implements AutoCloseable {
  /** The database used when neither {@code --db} nor a config names one. */
  public static final Path DEFAULT_DB = Path.of("data", "runlab.db");

  private final Path dbFile;
  private final Launcher launcher;
  private final RunEnvironment env;
  private final Map<Long, Run> runs = new ConcurrentHashMap<>();
  private final Display display = new Display();
  private final Charts charts = new Charts(this);
  private volatile Long current;
  private volatile Predicate<String> confirm = summary -> false;

  private Lab(Path explicitDb, Path defaultDb, RunEnvironment env, RunListener frontEnd) {
    this.dbFile = (explicitDb == null ? defaultDb : explicitDb).toAbsolutePath().normalize();
    this.env = env;
    RunListener listener = RunLog.all(new RunLog(dbFile, env.clock()), frontEnd);
    this.launcher = new Launcher(explicitDb, defaultDb, env, listener);
  }

  /**
   * Opens a session on {@code explicitDb}, or when that is null on {@code defaultDb} (usually
   * {@code data/runlab.db} in runlab's folder), reporting runs to {@code frontEnd}. A config's
   * {@code db:} key applies to {@code start} only when no database was named explicitly.
   */
  public static Lab open(
      Path explicitDb, Path defaultDb, RunEnvironment env, RunListener frontEnd) {
    return new Lab(explicitDb, defaultDb, env, frontEnd);
  }

  public Path database() {
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

  /** How {@link #resume()} asks before resuming: given the summary, true means go ahead. */
  public void confirmWith(Predicate<String> question) {
    this.confirm = question;
  }

  // ---- experiments -------------------------------------------------------------------------

  /** All experiments of the database, newest first, with their progress. */
  public Table experiments() {
    return sql(
        """
        SELECT experiment_id AS id, name, status, model,
               n_narratives_completed || '/' || n_narratives_total AS done,
               round(100.0 * n_narratives_completed / max(n_narratives_total, 1), 1) AS pct,
               n_errors AS errors, substr(started_at, 1, 19) AS started,
               substr(estimated_completion_time, 1, 19) AS eta
          FROM experiments ORDER BY experiment_id DESC
        """);
  }

  public Experiment experiment(long id) {
    record(id);
    return new Experiment(this, id);
  }

  public Experiment experiment(Experiment e) {
    return experiment(e.id());
  }

  ExperimentRecord record(long id) {
    try (Database db = Database.open(dbFile, env.clock())) {
      return new Experiments(db, env.clock()).get(id);
    }
  }

  String summary(long id) {
    try (Database db = Database.open(dbFile, env.clock())) {
      ExperimentRecord e = new Experiments(db, env.clock()).get(id);
      return Summaries.summary(e, new Results(db).counts(id), env.zone());
    }
  }

  /** Sets the experiment that argument-less calls mean. */
  public Experiment use(long id) {
    Experiment e = experiment(id);
    current = id;
    return e;
  }

  public Experiment use(Experiment e) {
    return use(e.id());
  }

  /** The experiment argument-less calls mean: the one {@link #use}d, else the newest. */
  public long currentId() {
    Long id = current;
    if (id != null) {
      return id;
    }
    try (Database db = Database.open(dbFile, env.clock())) {
      return new Experiments(db, env.clock())
          .list().stream()
              .findFirst()
              .map(ExperimentRecord::id)
              .orElseThrow(
                  () ->
                      RunlabException.usage(
                          "there are no experiments in "
                              + dbFile
                              + " yet; start one with"
                              + " start(\"data/demo/experiment.yaml\")"));
    }
  }

  /**
   * The newest experiment older than {@code id}: what a comparison of the newest experiment
   * compares it with by default. Exit 2 when there is none.
   */
  public long previousId(long id) {
    return records().stream()
        .map(ExperimentRecord::id)
        .filter(other -> other < id)
        .findFirst()
        .orElseThrow(
            () ->
                RunlabException.usage(
                    "there is no experiment before experiment "
                        + id
                        + " in "
                        + dbFile
                        + "; run a second one to compare with"));
  }

  // ---- runs ----------------------------------------------------------------------------------

  /** Creates an experiment from a config file and runs it in the background. */
  public Experiment start(String configPath) {
    return start(Path.of(configPath), RunOptions.DEFAULT);
  }

  public Experiment start(Path configPath, RunOptions options) {
    return launched(launcher.start(configPath, options));
  }

  /** What a start would do, without sending or writing anything. */
  public DryRunReport dryRunStart(Path configPath, RunOptions options) {
    return launcher.start(configPath, options.withDryRun(true)).dryRun();
  }

  /** Resumes experiment {@code id} in the background after the safety checks. */
  public Experiment resume(long id) {
    return resume(id, RunOptions.DEFAULT);
  }

  public Experiment resume(Experiment e) {
    return resume(e.id());
  }

  public Experiment resume(long id, RunOptions options) {
    refuseIfRunningHere(id);
    return launched(launcher.resume(id, options));
  }

  public DryRunReport dryRunResume(long id, RunOptions options) {
    refuseIfRunningHere(id);
    return launcher.resume(id, options.withDryRun(true)).dryRun();
  }

  /**
   * Resumes the newest incomplete experiment after showing its summary and asking (see {@link
   * #confirmWith}); null when the answer is no.
   */
  public Experiment resume() {
    return resume(RunOptions.DEFAULT, false);
  }

  public Experiment resume(RunOptions options, boolean yes) {
    ExperimentRecord latest = latestIncomplete();
    String summary = summary(latest.id());
    if (!yes && !confirm.test(summary)) {
      return null;
    }
    return resume(latest.id(), options);
  }

  /** The newest running, paused or failed experiment; exit 5 when there is none. */
  public ExperimentRecord latestIncomplete() {
    try (Database db = Database.open(dbFile, env.clock())) {
      Optional<ExperimentRecord> latest = new Experiments(db, env.clock()).latestIncomplete();
      return latest.orElseThrow(
          () ->
              new InvalidStateException(
                  "no incomplete experiment in "
                      + dbFile
                      + " to resume; list them with"
                      + " `runlab list`"));
    }
  }

  /** Re-opens the error rows of an experiment (of one category, or all when null) and runs them. */
  public Experiment retryErrors(long id, String category) {
    return retryErrors(id, category, RunOptions.DEFAULT);
  }

  public Experiment retryErrors(long id, String category, RunOptions options) {
    refuseIfRunningHere(id);
    return launched(launcher.retryErrors(id, category, options));
  }

  public DryRunReport dryRunRetryErrors(long id, String category, RunOptions options) {
    refuseIfRunningHere(id);
    return launcher.retryErrors(id, category, options.withDryRun(true)).dryRun();
  }

  private void refuseIfRunningHere(long id) {
    Run run = runs.get(id);
    if (run != null && run.isActive()) {
      throw new LockHeldException(
          "experiment "
              + id
              + " is already running in this lab (process "
              + ProcessHandle.current().pid()
              + "); pause("
              + id
              + ") it first");
    }
  }

  private Experiment launched(Launcher.Launch launch) {
    Run run = launch.run();
    runs.put(run.experimentId(), run);
    current = run.experimentId();
    return new Experiment(this, run.experimentId());
  }

  /** The runs this lab drives now. */
  public List<Run> activeRuns() {
    return runs.values().stream().filter(Run::isActive).toList();
  }

  /** The latest run of {@code id} in this lab, going on or ended. */
  public Optional<Run> run(long id) {
    return Optional.ofNullable(runs.get(id));
  }

  /** Pauses an experiment run here or by another process; waits up to 30 s for it to stop. */
  public Experiment pause(long id) {
    return stop(id, false);
  }

  public Experiment pause(Experiment e) {
    return pause(e.id());
  }

  public Experiment cancel(long id) {
    return stop(id, true);
  }

  public Experiment cancel(Experiment e) {
    return cancel(e.id());
  }

  private Experiment stop(long id, boolean cancel) {
    Run run = runs.get(id);
    try {
      if (run != null && run.isActive()) {
        if (cancel) {
          run.requestCancel("cancelled from the lab");
        } else {
          run.requestPause("paused from the lab");
        }
        if (run.await(Duration.ofSeconds(60)).isEmpty()) {
          throw RunlabException.failure(
              "experiment " + id + " did not stop within 60 s; its requests may be slow", null);
        }
      } else {
        new RunStopper(dbFile, env.clock(), env.sleeper(), Duration.ofSeconds(30)).stop(id, cancel);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunlabException(
          ExitCode.INTERRUPTED, "interrupted while waiting for experiment " + id + " to stop");
    }
    return experiment(id);
  }

  /** Waits for this lab's run of {@code id} to end; returns at once when none runs here. */
  public Experiment await(long id) {
    Run run = runs.get(id);
    if (run != null && run.isActive()) {
      try {
        run.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RunlabException(
            ExitCode.INTERRUPTED, "interrupted while waiting for experiment " + id);
      }
    }
    return experiment(id);
  }

  public Experiment await(Experiment e) {
    return await(e.id());
  }

  /** The outcome of the last run of {@code id} in this lab, when it ended here. */
  public Optional<RunOutcome> outcome(long id) {
    Run run = runs.get(id);
    return run == null ? Optional.empty() : Optional.ofNullable(run.completion().getNow(null));
  }

  // ---- reading -------------------------------------------------------------------------------

  /** Progress of {@code id}: live from this lab's run, else as stored. */
  public ProgressSnapshot progress(long id) {
    Run run = runs.get(id);
    return run != null && run.isActive() ? run.progress() : ProgressSnapshot.of(record(id));
  }

  public ProgressSnapshot progress(Experiment e) {
    return progress(e.id());
  }

  public ProgressSnapshot progress() {
    return progress(currentId());
  }

  public ErrorReport errors(long id) {
    record(id);
    return new ErrorReport(dbFile, id, display);
  }

  public ErrorReport errors(Experiment e) {
    return errors(e.id());
  }

  public ErrorReport errors() {
    return errors(currentId());
  }

  public Evaluation.Accuracy accuracy(long id) {
    try (Database db = Database.open(dbFile, env.clock())) {
      new Experiments(db, env.clock()).get(id);
      return Evaluation.accuracy(db, id);
    }
  }

  public Evaluation.Accuracy accuracy(Experiment e) {
    return accuracy(e.id());
  }

  /** Gold labels against answers: rows are gold labels, columns answers, cells counts. */
  public Table confusion(long id) {
    return LabelScores.confusion(scoring(id));
  }

  public Table confusion(Experiment e) {
    return confusion(e.id());
  }

  /** Per label: precision, recall, F1 and support (scored results with that gold label). */
  public Table labelScores(long id) {
    return LabelScores.perLabel(scoring(id));
  }

  public Table labelScores(Experiment e) {
    return labelScores(e.id());
  }

  /**
   * Two experiments on the same data set: accuracy of each, agreement, and the narratives where
   * their answers differ.
   */
  public Comparison compare(long id1, long id2) {
    try (Database db = Database.open(dbFile, env.clock())) {
      Experiments experiments = new Experiments(db, env.clock());
      ExperimentRecord a = experiments.get(id1);
      ExperimentRecord b = experiments.get(id2);
      if (a.datasetId() != b.datasetId()) {
        throw RunlabException.usage(
            "experiments "
                + id1
                + " and "
                + id2
                + " ran on different data ("
                + a.dataPath()
                + " and "
                + b.dataPath()
                + "); compare experiments of the same data file");
      }
      return Comparison.of(
          Evaluation.accuracy(db, id1),
          Evaluation.accuracy(db, id2),
          Scoring.read(db, id1),
          Scoring.read(db, id2));
    }
  }

  public Comparison compare(Experiment a, Experiment b) {
    return compare(a.id(), b.id());
  }

  /**
   * Results completed over time in equal buckets, from their stored completion times: bucket start,
   * count and rate per minute.
   */
  public Table throughput(long id) {
    try (Database db = Database.open(dbFile, env.clock())) {
      new Experiments(db, env.clock()).get(id);
      return Throughput.of(db, id);
    }
  }

  public Table throughput(Experiment e) {
    return throughput(e.id());
  }

  private Scoring scoring(long id) {
    try (Database db = Database.open(dbFile, env.clock())) {
      new Experiments(db, env.clock()).get(id);
      return Scoring.read(db, id);
    }
  }

  /** One row per result of {@code id}, with the gold label and whether the answer matches it. */
  public Table results(long id) {
    record(id);
    return query(
        "results of experiment " + id,
        """
        SELECT r.narrative_id, r.status, s.label AS gold_label, r.parsed_label,
               CASE WHEN s.label IS NULL OR s.label = '' OR r.status <> 'ok' THEN NULL
                    ELSE lower(trim(r.parsed_label)) = lower(trim(s.label)) END AS correct,
               r.attempt_count, r.error_category, r.latency_ms, r.prompt_tokens,
               r.completion_tokens, r.completed_at, r.response_text
          FROM narrative_results r
          JOIN experiments e ON e.experiment_id = r.experiment_id
          JOIN source_narratives s ON s.dataset_id = e.dataset_id AND s.narrative_id = r.narrative_id
         WHERE r.experiment_id = ?
         ORDER BY s.row_number
        """,
        id);
  }

  public Table results(Experiment e) {
    return results(e.id());
  }

  /** Every narrative of {@code id}'s data set with its result status (empty: not sent yet). */
  public Table narratives(long id) {
    record(id);
    return query(
        "narratives of experiment " + id,
        """
        SELECT s.row_number, s.narrative_id, s.label, r.status, r.parsed_label, r.attempt_count,
               s.text
          FROM experiments e
          JOIN source_narratives s ON s.dataset_id = e.dataset_id
          LEFT JOIN narrative_results r
            ON r.experiment_id = e.experiment_id AND r.narrative_id = s.narrative_id
         WHERE e.experiment_id = ?
         ORDER BY s.row_number
        """,
        id);
  }

  public Table narratives(Experiment e) {
    return narratives(e.id());
  }

  /** Writes the results of {@code id} to {@code out} as csv or jsonl; returns the row count. */
  public long export(long id, String format, Path out) {
    try (Database db = Database.open(dbFile, env.clock())) {
      new Experiments(db, env.clock()).get(id);
      return Exporter.export(db, id, format, out);
    }
  }

  /** The stored rows of all experiments, newest first. */
  public List<ExperimentRecord> records() {
    try (Database db = Database.open(dbFile, env.clock())) {
      return new Experiments(db, env.clock()).list();
    }
  }

  /** Any query on the database, as a table. */
  public Table sql(String query) {
    return query("sql", query);
  }

  private Table query(String name, String sql, Object... args) {
    try (Database db = Database.open(dbFile, env.clock())) {
      return Tables.query(db.connection(), name, sql, args);
    } catch (SQLException e) {
      throw RunlabException.usage("SQL error: " + e.getMessage());
    } catch (StoreException e) {
      throw e;
    }
  }

  /** Pauses every run this lab drives and waits for them to stop (batch committed). */
  @Override
  public void close() {
    for (Run run : activeRuns()) {
      run.requestPause("paused: the lab is closing");
    }
    for (Run run : activeRuns()) {
      try {
        run.await(Duration.ofSeconds(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
