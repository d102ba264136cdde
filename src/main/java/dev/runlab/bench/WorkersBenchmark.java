package dev.runlab.bench;

import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.run.Launcher;
import dev.runlab.run.Run;
import dev.runlab.run.RunEnvironment;
import dev.runlab.run.RunListener;
import dev.runlab.run.RunOptions;
import dev.runlab.store.Database;
import dev.runlab.store.DbLocation;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code runlab bench workers --db postgresql://...}: one experiment answered by 1, 2 and 4 workers
 * on a shared PostgreSQL store, against the stand-in server at 200 ms latency; prints each
 * throughput and its scaling over one worker. Targets: at least 1.8× with 2 workers and 3.4× with
 * 4. The workers run in this JVM (each with its own connections, lock session, leases and
 * heartbeat, as separate processes would have); the model's latency, not the CPU, is what they
 * share out.
 */
public final class WorkersBenchmark {
  private static final int CONCURRENCY = 8;

  private final PrintStream out;
  private final Path work;
  private final int items;
  private final DbLocation.Postgres pg;

  public WorkersBenchmark(PrintStream out, Path work, int items, DbLocation.Postgres pg) {
    this.out = out;
    this.work = work;
    this.items = items;
    this.pg = pg;
  }

  public void run() throws Exception {
    out.printf(
        Locale.ROOT,
        "bench workers: %,d narratives against the stand-in server at 200 ms latency, run.concurrency"
            + " %d per worker, on %s%n",
        items,
        CONCURRENCY,
        pg.display());
    double one = 0;
    for (int workers : new int[] {1, 2, 4}) {
      double rate = round(workers);
      if (workers == 1) {
        one = rate;
      }
      double scaling = rate / one;
      String target = workers == 2 ? " (target >= 1.8x)" : workers == 4 ? " (target >= 3.4x)" : "";
      boolean pass = workers == 1 || scaling >= (workers == 2 ? 1.8 : 3.4);
      out.printf(
          Locale.ROOT,
          "  %d worker%s: %,7.1f requests/s, %.2fx one worker%s %s%n",
          workers,
          workers == 1 ? " " : "s",
          rate,
          scaling,
          target,
          workers == 1 ? "" : pass ? "PASS" : "FAIL");
    }
  }

  /** The throughput of {@code workers} workers on one experiment, first answer to last. */
  private double round(int workers) throws Exception {
    try (FakeLlmServer server =
        FakeLlmServer.start(FakeLlmOptions.defaults().withApiKey(HttpRuns.KEY).withLatency(200))) {
      Path dir = work.resolve("workers-" + workers);
      Path config =
          HttpRuns.prepare(
              dir,
              server,
              new HttpRuns.Setup(
                  "openai", items, null, "concurrency: " + CONCURRENCY + ", lease_seconds: 30"));
      RunEnvironment env =
          RunEnvironment.system()
              .withProgressInterval(Duration.ofHours(1))
              .withEnvironment(Map.of(HttpRuns.KEY_VAR, HttpRuns.KEY)::get);
      Launcher launcher = new Launcher(pg, dir.resolve("unused.db"), env, new RunListener() {});
      List<Run> runs = new ArrayList<>();
      Run primary = launcher.start(config, RunOptions.DEFAULT).run();
      runs.add(primary);
      for (int w = 1; w < workers; w++) {
        runs.add(launcher.join(primary.experimentId(), RunOptions.DEFAULT).run());
      }
      for (Run run : runs) {
        run.await();
      }
      List<FakeLlmServer.Logged> log = server.log();
      Instant first = log.get(0).at();
      Instant last = log.get(log.size() - 1).at();
      forget(pg, primary.experimentId());
      return log.size() / (Duration.between(first, last).toMillis() / 1000.0);
    }
  }

  /**
   * Deletes a measured experiment's rows: a bench database is scratch, and every round starts from
   * the same table sizes.
   */
  static void forget(DbLocation.Postgres pg, long experimentId) {
    try (Database db = Database.open(pg, Clock.systemUTC())) {
      db.inTransaction(
          () -> {
            for (String table :
                new String[] {"narrative_results", "workers", "experiment_events", "experiments"}) {
              db.execute("DELETE FROM " + table + " WHERE experiment_id = " + experimentId);
            }
            return null;
          });
      // and their dead row versions (the experiment's row has one per commit): the next round's
      // tables and indexes as small as the first's, whether or not the server runs autovacuum
      db.execute("VACUUM ANALYZE narrative_results, experiments, workers");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cleaning up after a bench round: " + e.getMessage(), e);
    }
  }
}
