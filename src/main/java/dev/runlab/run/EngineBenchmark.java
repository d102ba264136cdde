package dev.runlab.run;

import dev.runlab.TempFolders;
import dev.runlab.store.Database;
import dev.runlab.store.Timestamps;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code runlab bench engine}: N narratives through the simulated model at zero latency, against
 * plain batched inserts of the same number of rows into SQLite in the same process; prints both
 * rates, their ratio and the peak heap. Target: the engine at 50% or more of the plain insert rate,
 * with a peak heap under 256 MB.
 */
public final class EngineBenchmark {
  private final PrintStream out;
  private final Path work;
  private final int items;

  public EngineBenchmark(PrintStream out, Path work, int items) {
    this.out = out;
    this.work = work;
    this.items = items;
  }

  public void run() throws IOException, InterruptedException {
    // a long run spends nearly all its time in compiled code: measure that steady state, not the
    // JIT compiling the engine during the first seconds
    int warmUpItems = Math.max(20_000, items);
    out.printf(
        Locale.ROOT,
        "bench engine: %,d narratives, sim model at zero latency, in %s%n"
            + "  warm-up (untimed): 2 rounds of %,d rows of each kind first, so both sides run compiled"
            + " code%n",
        items,
        work,
        warmUpItems);
    // twice: the second round recompiles what the first compiled before a run's start-up code
    // (config, data load, checks) had been seen, so the measured round runs settled code
    for (int round = 1; round <= 2; round++) {
      Path warmUp = Files.createDirectories(work.resolve("warm-up-" + round));
      plainInserts(warmUp.resolve("plain.db"), warmUpItems);
      startEngine(warmUp, warmUpItems).await();
      TempFolders.deleteTree(warmUp);
    }

    double plain = plainInserts(work.resolve("plain.db"), items);
    out.printf(Locale.ROOT, "  plain batched inserts : %,10.0f rows/s%n", plain);
    resetPeaks();
    Instant loadStart = Instant.now();
    Run run = startEngine(work, items);
    Instant runStart = Instant.now();
    long cpuStart = processCpuNanos();
    RunOutcome outcome = run.await();
    Duration runTime = Duration.between(runStart, Instant.now());
    long cpu = processCpuNanos() - cpuStart;
    double engine = items / (runTime.toNanos() / 1e9);
    double ratio = engine / plain;
    long peakMb = peakHeapBytes() / (1024 * 1024);
    out.printf(
        Locale.ROOT,
        "  data load (stream + checksum + insert): %s%n",
        seconds(Duration.between(loadStart, runStart)));
    out.printf(
        Locale.ROOT,
        "  engine (dispatch, sim, parse, write) : %,10.0f items/s (%s, %s)%n",
        engine,
        seconds(runTime),
        outcome.status());
    out.printf(
        Locale.ROOT,
        "  engine CPU per item   : %.1f µs (process CPU time over the run, %d cores)%n",
        cpu / 1000.0 / items,
        Runtime.getRuntime().availableProcessors());
    out.printf(
        Locale.ROOT,
        "  ratio engine / plain  : %.0f%% (target >= 50%%) %s%n",
        100 * ratio,
        ratio >= 0.5 ? "PASS" : "FAIL");
    out.printf(
        Locale.ROOT,
        "  peak heap             : %d MB (target < 256 MB) %s%n",
        peakMb,
        peakMb < 256 ? "PASS" : "FAIL");
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** Writes the data and config into {@code dir} and starts a run there over {@code n} items. */
  private static Run startEngine(Path dir, int n) throws IOException {
    Path config = writeConfig(dir, writeData(dir, n));
    RunEnvironment env = RunEnvironment.system().withProgressInterval(Duration.ofHours(1));
    Path db = dir.resolve("engine.db");
    return new Launcher(db, db, env, new RunListener() {}).start(config, RunOptions.DEFAULT).run();
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
    try (BufferedWriter w = Files.newBufferedWriter(data, StandardCharsets.UTF_8)) {
      w.write("id,text,label\n");
      for (int i = 0; i < items; i++) {
        w.write(
            String.format(
                Locale.ROOT, "B%07d,\"%s (case %d)\",%s%n", i, texts[i % 5], i, labels[i % 5]));
      }
    }
    return data;
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
  private static double plainInserts(Path dbFile, int items) {
    try (Database db = Database.open(dbFile)) {
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
      return items / ((System.nanoTime() - start) / 1e9);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("the plain insert baseline failed: " + e.getMessage(), e);
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
