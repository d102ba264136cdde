package dev.runlab.lab.shell;

import dev.runlab.RunlabException;
import dev.runlab.lab.Charts;
import dev.runlab.lab.Comparison;
import dev.runlab.lab.Display;
import dev.runlab.lab.ErrorReport;
import dev.runlab.lab.Evaluation;
import dev.runlab.lab.Experiment;
import dev.runlab.lab.Lab;
import dev.runlab.run.DryRunReport;
import dev.runlab.run.ProgressSnapshot;
import dev.runlab.run.Run;
import dev.runlab.run.RunOptions;
import dev.runlab.run.RunOutcome;
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
 * {@link Lab} (a test keeps them in step), plus argument-less forms for the experiment {@code
 * use}d, {@code param(key, default)} and {@code help()}. Public only because snippets call it.
 * Thread-safe.
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

  private static Session session() {
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

  // ---- parameters and help -----------------------------------------------------------------

  /** The parameter {@code -p key=...} as a String, else {@code fallback}. */
  public static String param(String key, String fallback) {
    String v = session().params().get(key);
    return v == null ? fallback : v;
  }

  public static long param(String key, long fallback) {
    String v = session().params().get(key);
    return v == null ? fallback : parse(key, v, "a whole number", Long::parseLong);
  }

  public static int param(String key, int fallback) {
    String v = session().params().get(key);
    return v == null ? fallback : parse(key, v, "a whole number", Integer::parseInt);
  }

  public static double param(String key, double fallback) {
    String v = session().params().get(key);
    return v == null ? fallback : parse(key, v, "a number", Double::parseDouble);
  }

  public static boolean param(String key, boolean fallback) {
    String v = session().params().get(key);
    if (v == null) {
      return fallback;
    }
    return parse(
        key,
        v,
        "true or false",
        s -> {
          if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
          }
          throw new IllegalArgumentException(s);
        });
  }

  private interface Parser<T> {
    T parse(String text);
  }

  private static <T> T parse(String key, String value, String what, Parser<T> parser) {
    try {
      return parser.parse(value.strip());
    } catch (IllegalArgumentException e) {
      throw RunlabException.usage(
          "parameter "
              + key
              + "=\""
              + value
              + "\" is not "
              + what
              + "; pass it like -p "
              + key
              + "=...");
    }
  }

  /** Every session function with a one-line example. */
  public static SessionHelp help() {
    return SessionHelp.INSTANCE;
  }

  // ---- the session's objects -----------------------------------------------------------------

  public static Display display() {
    return lab().display();
  }

  public static Charts chart() {
    return lab().chart();
  }

  public static Path database() {
    return lab().database();
  }

  // ---- experiments ---------------------------------------------------------------------------

  public static Table experiments() {
    return lab().experiments();
  }

  public static Experiment experiment(long id) {
    return lab().experiment(id);
  }

  public static Experiment experiment(Experiment e) {
    return lab().experiment(e);
  }

  public static Experiment use(long id) {
    return lab().use(id);
  }

  public static Experiment use(Experiment e) {
    return lab().use(e);
  }

  public static long currentId() {
    return lab().currentId();
  }

  public static long previousId(long id) {
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
    return lab().start(configPath);
  }

  public static Experiment start(Path configPath, RunOptions options) {
    return lab().start(configPath, options);
  }

  public static DryRunReport dryRunStart(Path configPath, RunOptions options) {
    return lab().dryRunStart(configPath, options);
  }

  public static Experiment resume(long id) {
    return lab().resume(id);
  }

  public static Experiment resume(Experiment e) {
    return lab().resume(e);
  }

  public static Experiment resume(long id, RunOptions options) {
    return lab().resume(id, options);
  }

  public static DryRunReport dryRunResume(long id, RunOptions options) {
    return lab().dryRunResume(id, options);
  }

  /** The newest incomplete experiment, after its summary and a question (null when declined). */
  public static Experiment resume() {
    return lab().resume();
  }

  /** The newest incomplete experiment; asks first unless {@code yes}. */
  public static Experiment resume(boolean yes) {
    return lab().resume(RunOptions.DEFAULT, yes);
  }

  public static Experiment resume(RunOptions options, boolean yes) {
    return lab().resume(options, yes);
  }

  public static Experiment retryErrors(long id, String category) {
    return lab().retryErrors(id, category);
  }

  public static Experiment retryErrors(long id, String category, RunOptions options) {
    return lab().retryErrors(id, category, options);
  }

  public static DryRunReport dryRunRetryErrors(long id, String category, RunOptions options) {
    return lab().dryRunRetryErrors(id, category, options);
  }

  public static List<Run> activeRuns() {
    return lab().activeRuns();
  }

  public static Optional<Run> run(long id) {
    return lab().run(id);
  }

  public static Experiment pause(long id) {
    return lab().pause(id);
  }

  public static Experiment pause(Experiment e) {
    return lab().pause(e);
  }

  public static Experiment cancel(long id) {
    return lab().cancel(id);
  }

  public static Experiment cancel(Experiment e) {
    return lab().cancel(e);
  }

  public static Experiment await(long id) {
    return lab().await(id);
  }

  public static Experiment await(Experiment e) {
    return lab().await(e);
  }

  public static Optional<RunOutcome> outcome(long id) {
    return lab().outcome(id);
  }

  // ---- reading -------------------------------------------------------------------------------

  public static ProgressSnapshot progress() {
    return lab().progress();
  }

  public static ProgressSnapshot progress(long id) {
    return lab().progress(id);
  }

  public static ProgressSnapshot progress(Experiment e) {
    return lab().progress(e);
  }

  public static ErrorReport errors() {
    return lab().errors();
  }

  public static ErrorReport errors(long id) {
    return lab().errors(id);
  }

  public static ErrorReport errors(Experiment e) {
    return lab().errors(e);
  }

  public static Evaluation.Accuracy accuracy() {
    return lab().accuracy(currentId());
  }

  public static Evaluation.Accuracy accuracy(long id) {
    return lab().accuracy(id);
  }

  public static Evaluation.Accuracy accuracy(Experiment e) {
    return lab().accuracy(e);
  }

  public static Table confusion() {
    return lab().confusion(currentId());
  }

  public static Table confusion(long id) {
    return lab().confusion(id);
  }

  public static Table confusion(Experiment e) {
    return lab().confusion(e);
  }

  public static Table labelScores() {
    return lab().labelScores(currentId());
  }

  public static Table labelScores(long id) {
    return lab().labelScores(id);
  }

  public static Table labelScores(Experiment e) {
    return lab().labelScores(e);
  }

  public static Comparison compare(long id1, long id2) {
    return lab().compare(id1, id2);
  }

  public static Comparison compare(Experiment a, Experiment b) {
    return lab().compare(a, b);
  }

  public static Table throughput() {
    return lab().throughput(currentId());
  }

  public static Table throughput(long id) {
    return lab().throughput(id);
  }

  public static Table throughput(Experiment e) {
    return lab().throughput(e);
  }

  public static Table results() {
    return lab().results(currentId());
  }

  public static Table results(long id) {
    return lab().results(id);
  }

  public static Table results(Experiment e) {
    return lab().results(e);
  }

  public static Table narratives() {
    return lab().narratives(currentId());
  }

  public static Table narratives(long id) {
    return lab().narratives(id);
  }

  public static Table narratives(Experiment e) {
    return lab().narratives(e);
  }

  public static long export(long id, String format, Path out) {
    return lab().export(id, format, out);
  }

  public static long export(long id, String format, String out) {
    return lab().export(id, format, Path.of(out));
  }

  public static Table sql(String query) {
    return lab().sql(query);
  }
}
