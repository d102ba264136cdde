package dev.runlab.lab.shell;

import dev.runlab.lab.Charts;
import dev.runlab.lab.Comparison;
import dev.runlab.lab.Display;
import dev.runlab.lab.ErrorReport;
import dev.runlab.lab.Evaluation;
import dev.runlab.lab.Experiment;
import dev.runlab.lab.ExperimentId;
import dev.runlab.lab.Lab;
import dev.runlab.run.DryRunReport;
import dev.runlab.run.ProgressSnapshot;
import dev.runlab.run.Run;
import dev.runlab.run.RunOptions;
import dev.runlab.run.RunOutcome;
import dev.runlab.store.DbLocation;
import dev.runlab.store.ExperimentRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tech.tablesaw.api.Table;

/**
 * The lab's functions as static methods, imported into every session ({@code import static
 * dev.runlab.lab.shell.LabFunctions.*}) so that snippets call {@code experiments()} or {@code
 * resume(3)} unqualified. Each call goes to the {@link Lab} of the session whose snippet thread
 * calls it (its thread group), so several sessions can share a JVM. One static per public method of
 * {@link Lab} (a test keeps them in step), each also taking a plain number where the lab takes an
 * {@link ExperimentId} ({@code errors(3)} as {@code errors(e)}), plus argument-less forms for the
 * experiment {@code use}d and {@code help()}; the parameters' {@code param(key, default)} are in
 * {@link ParamFunctions}. Public only because snippets call it. Thread-safe.
 */
public final class LabFunctions {
  private static final Map<ThreadGroup, Session> SESSIONS = new ConcurrentHashMap<>();

  private LabFunctions() {}

  record Session(Lab lab, Map<String, String> params) {}

  static void register(ThreadGroup group, Lab lab, Map<String, String> params) {
    SESSIONS.put(group, new Session(lab, params));
  }

  static void unregister(ThreadGroup group) {
    SESSIONS.remove(group);
  }

  static Session session() {
    for (ThreadGroup g = Thread.currentThread().getThreadGroup(); g != null; g = g.getParent()) {
      Session s = SESSIONS.get(g);
      if (s != null) {
        return s;
      }
    }
    // a thread of a shared pool (a parallel stream): the session, when there is only one
    List<Session> all = List.copyOf(SESSIONS.values());
    if (all.size() == 1) {
      return all.get(0);
    }
    throw new IllegalStateException(
        "no lab session on thread "
            + Thread.currentThread().getName()
            + "; call the lab's functions from the snippet's own threads");
  }

  /** The session's lab. */
  public static Lab lab() {
    return session().lab();
  }

  /** Every session function with a one-line example. */
  public static SessionHelp help() {
    return SessionHelp.INSTANCE;
  }

  private static ExperimentId id(long id) {
    return ExperimentId.of(id);
  }

  /** The experiment argument-less calls mean. */
  private static ExperimentId current() {
    return ExperimentId.of(currentId());
  }

  // ---- the session's objects -----------------------------------------------------------------

  public static Display display() {
    return lab().display();
  }

  public static Charts chart() {
    return lab().chart();
  }

  public static DbLocation database() {
    return lab().database();
  }

  // ---- experiments ---------------------------------------------------------------------------

  public static Table experiments() {
    return lab().experiments();
  }

  public static Experiment experiment(long id) {
    return experiment(id(id));
  }

  public static Experiment experiment(ExperimentId id) {
    return lab().experiment(id);
  }

  public static Experiment use(long id) {
    return use(id(id));
  }

  public static Experiment use(ExperimentId id) {
    return lab().use(id);
  }

  public static long currentId() {
    return lab().currentId();
  }

  public static long previousId(long id) {
    return previousId(id(id));
  }

  public static long previousId(ExperimentId id) {
    return lab().previousId(id);
  }

  public static List<ExperimentRecord> records() {
    return lab().records();
  }

  public static ExperimentRecord latestIncomplete() {
    return lab().latestIncomplete();
  }

  // ---- runs ----------------------------------------------------------------------------------

  public static Experiment start(String configPath) {
    return start(Path.of(configPath), RunOptions.DEFAULT);
  }

  public static Experiment start(Path configPath, RunOptions options) {
    return lab().start(configPath, options);
  }

  public static DryRunReport dryRunStart(Path configPath, RunOptions options) {
    return lab().dryRunStart(configPath, options);
  }

  public static Experiment resume(long id) {
    return resume(id(id), RunOptions.DEFAULT);
  }

  public static Experiment resume(ExperimentId id) {
    return resume(id, RunOptions.DEFAULT);
  }

  public static Experiment resume(ExperimentId id, RunOptions options) {
    return lab().resume(id, options);
  }

  public static DryRunReport dryRunResume(ExperimentId id, RunOptions options) {
    return lab().dryRunResume(id, options);
  }

  /** The newest incomplete experiment, after its summary and a question (null when declined). */
  /** Adds this lab as a worker to running experiment {@code id} of a shared PostgreSQL store. */
  public static Experiment join(long id) {
    return join(id(id), RunOptions.DEFAULT);
  }

  public static Experiment join(ExperimentId id, RunOptions options) {
    return lab().join(id, options);
  }

  public static Experiment resume() {
    return resume(RunOptions.DEFAULT, false);
  }

  /** The newest incomplete experiment; asks first unless {@code yes}. */
  public static Experiment resume(boolean yes) {
    return resume(RunOptions.DEFAULT, yes);
  }

  public static Experiment resume(RunOptions options, boolean yes) {
    return lab().resume(options, yes);
  }

  public static Experiment retryErrors(long id, String category) {
    return retryErrors(id(id), category, RunOptions.DEFAULT);
  }

  public static Experiment retryErrors(ExperimentId id, String category) {
    return retryErrors(id, category, RunOptions.DEFAULT);
  }

  public static Experiment retryErrors(ExperimentId id, String category, RunOptions options) {
    return lab().retryErrors(id, category, options);
  }

  public static DryRunReport dryRunRetryErrors(
      ExperimentId id, String category, RunOptions options) {
    return lab().dryRunRetryErrors(id, category, options);
  }

  public static List<Run> activeRuns() {
    return lab().activeRuns();
  }

  public static Optional<Run> run(long id) {
    return run(id(id));
  }

  public static Optional<Run> run(ExperimentId id) {
    return lab().run(id);
  }

  public static Experiment pause(long id) {
    return pause(id(id));
  }

  public static Experiment pause(ExperimentId id) {
    return lab().pause(id);
  }

  public static Experiment cancel(long id) {
    return cancel(id(id));
  }

  public static Experiment cancel(ExperimentId id) {
    return lab().cancel(id);
  }

  public static Experiment await(long id) {
    return await(id(id));
  }

  public static Experiment await(ExperimentId id) {
    return lab().await(id);
  }

  public static Optional<RunOutcome> outcome(long id) {
    return outcome(id(id));
  }

  public static Optional<RunOutcome> outcome(ExperimentId id) {
    return lab().outcome(id);
  }

  // ---- reading: the experiment use()d, a number, or an id ------------------------------------

  public static ProgressSnapshot progress() {
    return progress(current());
  }

  public static ProgressSnapshot progress(long id) {
    return progress(id(id));
  }

  public static ProgressSnapshot progress(ExperimentId id) {
    return lab().progress(id);
  }

  public static ErrorReport errors() {
    return errors(current());
  }

  public static ErrorReport errors(long id) {
    return errors(id(id));
  }

  public static ErrorReport errors(ExperimentId id) {
    return lab().errors(id);
  }

  public static Evaluation.Accuracy accuracy() {
    return accuracy(current());
  }

  public static Evaluation.Accuracy accuracy(long id) {
    return accuracy(id(id));
  }

  public static Evaluation.Accuracy accuracy(ExperimentId id) {
    return lab().accuracy(id);
  }

  public static Table confusion() {
    return confusion(current());
  }

  public static Table confusion(long id) {
    return confusion(id(id));
  }

  public static Table confusion(ExperimentId id) {
    return lab().confusion(id);
  }

  public static Table labelScores() {
    return labelScores(current());
  }

  public static Table labelScores(long id) {
    return labelScores(id(id));
  }

  public static Table labelScores(ExperimentId id) {
    return lab().labelScores(id);
  }

  public static Comparison compare(long first, long second) {
    return compare(id(first), id(second));
  }

  public static Comparison compare(ExperimentId first, ExperimentId second) {
    return lab().compare(first, second);
  }

  public static Table throughput() {
    return throughput(current());
  }

  public static Table throughput(long id) {
    return throughput(id(id));
  }

  public static Table throughput(ExperimentId id) {
    return lab().throughput(id);
  }

  public static Table results() {
    return results(current());
  }

  public static Table results(long id) {
    return results(id(id));
  }

  public static Table results(ExperimentId id) {
    return lab().results(id);
  }

  public static Table narratives() {
    return narratives(current());
  }

  public static Table narratives(long id) {
    return narratives(id(id));
  }

  public static Table narratives(ExperimentId id) {
    return lab().narratives(id);
  }

  public static long export(long id, String format, String out) {
    return export(id(id), format, Path.of(out));
  }

  public static long export(ExperimentId id, String format, String out) {
    return export(id, format, Path.of(out));
  }

  public static long export(ExperimentId id, String format, Path out) {
    return lab().export(id, format, out);
  }

  public static Table sql(String query) {
    return lab().sql(query);
  }
}
