package dev.runlab.bench;

import dev.runlab.TempFolders;
import dev.runlab.run.Launcher;
import dev.runlab.run.Run;
import dev.runlab.run.RunEnvironment;
import dev.runlab.run.RunListener;
import dev.runlab.run.RunOptions;
import dev.runlab.run.RunOutcome;
import dev.runlab.store.Database;
import dev.runlab.store.DbLocation;
import dev.runlab.store.Timestamps;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code runlab bench engine}: N narratives through the simulated model at zero latency, against
 * plain batched inserts of the same number of rows into the same store (SQLite, or the PostgreSQL
 * database of {@code --db}) in the same process; prints both rates, their ratio and the peak heap.
 * Target: the engine at 50% or more of the plain insert rate, with a peak heap under 256 MB.
 */
public final class EngineBenchmark {
  private final PrintStream out;
  private final Path work;
  private final int items;
  private final int rounds;
  private final DbLocation.Postgres pg;

  /**
   * @param pg a PostgreSQL store to measure on (both the engine and the plain inserts), or null for
   *     SQLite files in {@code work}
   */
  public EngineBenchmark(
      PrintStream out, Path work, int items, int rounds, DbLocation.Postgres pg) {
    this.out = out;
    this.work = work;
    this.items = items;
    this.rounds = rounds;
    this.pg = pg;
  }

  /** One measured round: the plain inserts, then the engine, right after each other. */
  private record Round(
      double plain,
      double engine,
      Duration load,
      Duration run,
      double cpuMicrosPerItem,
      String threads,
      String status) {
    double ratio() {
      return engine / plain;
    }
  }

  public void run() throws IOException, InterruptedException {
    // a long run spends nearly all its time in compiled code: measure that steady state, not the
    // JIT compiling the engine during the first seconds
    int warmUpItems = Math.max(20_000, items);
    out.printf(
        Locale.ROOT,
        "bench engine: %,d narratives, sim model at zero latency, in %s%n"
            + "  warm-up (untimed): 2 rounds of %,d rows of each kind, so both sides run compiled"
            + " code%n"
            + "  then %d measured rounds, each the plain inserts and right after them the engine"
            + " (a shared machine's speed drifts: the ratio is taken within a round)%n",
        items,
        pg == null ? work : pg.display(),
        warmUpItems,
        rounds);
    // twice: the second round recompiles what the first compiled before a run's start-up code
    // (config, data load, checks) had been seen, so the measured rounds run settled code
    for (int round = 1; round <= 2; round++) {
      Path warmUp = Files.createDirectories(work.resolve("warm-up-" + round));
      plainInserts(warmUp.resolve("plain.db"), warmUpItems);
      forget(startEngine(warmUp, warmUpItems).await().experimentId());
      TempFolders.deleteTree(warmUp);
    }

    resetPeaks();
    List<Round> measured = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      Path dir = Files.createDirectories(work.resolve("round-" + r));
      Round round = round(dir);
      TempFolders.deleteTree(dir);
      measured.add(round);
      out.printf(
          Locale.ROOT,
          "  round %d: plain %,9.0f rows/s | engine %,9.0f items/s in %s (%s; data load %s"
              + " before it) | ratio %3.0f%%%n"
              + "           engine CPU %.1f µs per item; by thread: %s%n",
          r,
          round.plain(),
          round.engine(),
          seconds(round.run()),
          round.status(),
          seconds(round.load()),
          100 * round.ratio(),
          round.cpuMicrosPerItem(),
          round.threads());
    }
    long peakMb = peakHeapBytes() / (1024 * 1024);
    double ratio = median(measured.stream().mapToDouble(Round::ratio).toArray());
    out.printf(
        Locale.ROOT,
        "  plain batched inserts : %,10.0f rows/s (median of the rounds)%n",
        median(measured.stream().mapToDouble(Round::plain).toArray()));
    out.printf(
        Locale.ROOT,
        "  engine (dispatch, sim, parse, write) : %,10.0f items/s (median of the rounds)%n",
        median(measured.stream().mapToDouble(Round::engine).toArray()));
    out.printf(
        Locale.ROOT,
        "  engine CPU per item   : %.1f µs (median; process CPU time over the run, %d cores)%n",
        median(measured.stream().mapToDouble(Round::cpuMicrosPerItem).toArray()),
        Runtime.getRuntime().availableProcessors());
    out.printf(
        Locale.ROOT,
        "  ratio engine / plain  : %.0f%% (median of the rounds' ratios; target >= 50%%) %s%n",
        100 * ratio,
        ratio >= 0.5 ? "PASS" : "FAIL");
    out.printf(
        Locale.ROOT,
        "  peak heap             : %d MB (over all rounds; target < 256 MB) %s%n",
        peakMb,
        peakMb < 256 ? "PASS" : "FAIL");
  }

  private Round round(Path dir) throws IOException, InterruptedException {
    double plain = plainInserts(dir.resolve("plain.db"), items);
    Instant loadStart = Instant.now();
    Run run = startEngine(dir, items);
    Instant runStart = Instant.now();
    long cpuStart = processCpuNanos();
    ThreadCpu threads = new ThreadCpu();
    Optional<RunOutcome> ended;
    do {
      threads.sample();
    } while ((ended = run.await(Duration.ofMillis(20))).isEmpty());
    Duration runTime = Duration.between(runStart, Instant.now());
    long cpu = processCpuNanos() - cpuStart;
    forget(run.experimentId());
    return new Round(
        plain,
        items / (runTime.toNanos() / 1e9),
        Duration.between(loadStart, runStart),
        runTime,
        cpu / 1000.0 / items,
        threads.summary(runTime),
        ended.get().status().toString());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** Writes the data and config into {@code dir} and starts a run there over {@code n} items. */
  private Run startEngine(Path dir, int n) throws IOException {
    Path config = writeConfig(dir, writeData(dir, n));
    RunEnvironment env = RunEnvironment.system().withProgressInterval(Duration.ofHours(1));
    Path db = dir.resolve("engine.db");
    return new Launcher(pg != null ? pg : DbLocation.of(db), db, env, new RunListener() {})
        .start(config, RunOptions.DEFAULT)
        .run();
  }

  private static Path writeData(Path dir, int items) throws IOException {
    Path data = dir.resolve("narratives.csv");
    String[] texts = {
      "Worker fell from a ladder while painting and hit the floor",
      "Patient burned hand on hot grease while cooking",
      "Driver injured in a car collision on the highway",
      "Cut finger with a kitchen knife while slicing bread",
      "Strained lower back lifting heavy boxes at the warehouse",
    };
    String[] labels = {"fall", "burn", "motor_vehicle", "cut_pierce", "overexertion"};
    return BenchmarkData.writeNarratives(data, items, "B", texts, labels);
  }

  private static Path writeConfig(Path dir, Path data) throws IOException {
    Path config = dir.resolve("bench.yaml");
    Files.writeString(
        config,
        "name: bench-engine\n"
            + "data: "
            + data.getFileName()
            + "\n"
            + "model: {provider: sim, latency_ms: 0}\n"
            + "prompt: {template: \"Classify: {text}\"}\n"
            + "parse: {type: json, field: label}\n"
            + "run: {concurrency: 4, batch_size: 100}\n");
    return config;
  }

  /**
   * Plain batched inserts of the same rows the engine writes (every column of a result row, with
   * the same uniqueness constraint) in transactions of 100: the ceiling the engine is measured
   * against.
   */
  /** On PostgreSQL, the round's experiment is deleted after it (a bench database is scratch). */
  private void forget(long experimentId) {
    if (pg != null) {
      WorkersBenchmark.forget(pg, experimentId);
    }
  }

  private double plainInserts(Path dbFile, int items) {
    try (Database db =
        pg != null ? Database.open(pg, java.time.Clock.systemUTC()) : Database.open(dbFile)) {
      db.execute("DROP TABLE IF EXISTS plain");
      db.connection()
          .createStatement()
          .execute(
              """
              CREATE TABLE plain (experiment_id INTEGER, narrative_id TEXT, status TEXT,
                response_text TEXT, parsed_label TEXT, attempt_count INTEGER,
                failure_count INTEGER, first_error_message TEXT, last_error_message TEXT,
                error_category TEXT, latency_ms INTEGER, prompt_tokens INTEGER,
                completion_tokens INTEGER, finish_reason TEXT, system_fingerprint TEXT,
                created_at TEXT, updated_at TEXT, completed_at TEXT,
                UNIQUE (experiment_id, narrative_id))
              """);
      long start = System.nanoTime();
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement(
                  "INSERT INTO plain VALUES (1, ?, 'ok', ?, 'fall', 1, 0, NULL, NULL, NULL, 0, ?,"
                      + " 5, 'stop', NULL, ?, ?, ?)")) {
        for (int batch = 0; batch < items; batch += 100) {
          int from = batch;
          db.inTransaction(
              () -> {
                for (int i = from; i < Math.min(items, from + 100); i++) {
                  String now = Timestamps.format(Instant.now());
                  ps.setString(1, "B" + (10_000_000 + i));
                  ps.setString(2, "{\"label\": \"fall\"}");
                  ps.setInt(3, 40 + i % 7);
                  ps.setString(4, now);
                  ps.setString(5, now);
                  ps.setString(6, now);
                  ps.addBatch();
                }
                ps.executeBatch();
                return null;
              });
        }
      }
      double rate = items / ((System.nanoTime() - start) / 1e9);
      db.execute("DROP TABLE plain");
      return rate;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("the plain insert baseline failed: " + e.getMessage(), e);
    }
  }

  /**
   * The CPU time of the run's threads (writer, workers, page reader), read every 20 ms while they
   * live: where a run's time goes.
   */
  private static final class ThreadCpu {
    private final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, Long> cpu = new HashMap<>();

    void sample() {
      for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
        if (info == null || !info.getThreadName().startsWith("runlab-")) {
          continue;
        }
        long time = bean.getThreadCpuTime(info.getThreadId());
        if (time >= 0) {
          String role = info.getThreadName().replaceAll("-\\d+$", "").replaceFirst("^runlab-?", "");
          names.put(info.getThreadId(), role.isEmpty() ? "other" : role);
          cpu.put(info.getThreadId(), time);
        }
      }
    }

    String summary(Duration run) {
      Map<String, Long> byRole = new TreeMap<>();
      cpu.forEach((id, time) -> byRole.merge(names.get(id), time, Long::sum));
      StringBuilder s = new StringBuilder();
      byRole.forEach(
          (role, time) ->
              s.append(s.length() == 0 ? "" : ", ")
                  .append(
                      String.format(Locale.ROOT, "%s %.0f%%", role, 100.0 * time / run.toNanos())));
      return s.toString();
    }
  }

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
