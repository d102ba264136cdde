package dev.runlab.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small sim experiment on disk: {@code narratives.csv} (ids N0001..., keyword texts, gold
 * labels), {@code experiment.yaml}, and the database {@code runlab.db} next to them.
 */
public final class Workspace {
  static final String[][] KINDS = {
    {"fall", "slipped and fell from a ladder onto the floor"},
    {"burn", "burned the hand on a hot stove while cooking"},
    {"cut_pierce", "cut the finger with a kitchen knife"},
    {"struck_by", "was struck by a falling box at work"},
    {"other", "felt unwell after a long day"},
  };

  public final Path dir;
  public final Path data;
  public final Path config;
  public final Path db;
  private String dbArg;
  private int rows = 200;
  private int latencyMs;
  private int concurrency = 4;
  private int batchSize = 10;
  private int maxAttempts = 3;
  private String faults = "";
  private String extraRun = "";

  public Workspace(Path dir) {
    this.dir = dir;
    this.data = dir.resolve("narratives.csv");
    this.config = dir.resolve("experiment.yaml");
    this.db = dir.resolve("runlab.db");
  }

  public Workspace rows(int n) {
    this.rows = n;
    return this;
  }

  public Workspace latencyMs(int ms) {
    this.latencyMs = ms;
    return this;
  }

  public Workspace concurrency(int n) {
    this.concurrency = n;
    return this;
  }

  public Workspace batchSize(int n) {
    this.batchSize = n;
    return this;
  }

  public Workspace maxAttempts(int n) {
    this.maxAttempts = n;
    return this;
  }

  /** Sim fault rates, e.g. {@code "server_error: 0.2, timeout: 0.1"}. */
  public Workspace faults(String yamlFlowEntries) {
    this.faults = yamlFlowEntries;
    return this;
  }

  /** More {@code run:} entries, e.g. {@code "backoff_base_ms: 1"}. */
  public Workspace run(String yamlFlowEntries) {
    this.extraRun = yamlFlowEntries;
    return this;
  }

  /** Writes the data file and the config; returns this. */
  public Workspace write() {
    writeData(data, rows);
    String yaml =
        "name: test-run\n"
            + "data: narratives.csv\n"
            + "model:\n"
            + "  provider: sim\n"
            + "  name: sim-keyword\n"
            + "  seed: 7\n"
            + "  latency_ms: "
            + latencyMs
            + "\n"
            + (faults.isEmpty() ? "" : "  faults: {" + faults + "}\n")
            + "prompt:\n"
            + "  template: \"Classify: {text}\"\n"
            + "parse:\n"
            + "  type: json\n"
            + "  field: label\n"
            + "  labels: [fall, burn, cut_pierce, struck_by, other]\n"
            + "run:\n"
            + "  concurrency: "
            + concurrency
            + "\n"
            + "  batch_size: "
            + batchSize
            + "\n"
            + "  max_attempts: "
            + maxAttempts
            + "\n"
            + "  backoff_base_ms: 1\n"
            + "  backoff_max_ms: 2\n"
            + (extraRun.isEmpty()
                ? ""
                : "  " + String.join("\n  ", extraRun.split(",\\s*")) + "\n");
    writeString(config, yaml);
    return this;
  }

  /** A CSV of {@code n} narratives with header {@code id,text,label}. */
  public static void writeData(Path file, int n) {
    List<String> lines = new ArrayList<>();
    lines.add("id,text,label");
    for (int i = 1; i <= n; i++) {
      String[] kind = KINDS[i % KINDS.length];
      lines.add(id(i) + ",\"Patient " + i + " " + kind[1] + "\"," + kind[0]);
    }
    writeString(file, String.join("\n", lines) + "\n");
  }

  public static String id(int i) {
    return String.format("N%04d", i);
  }

  public static void writeString(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code runlab args... --db <db>} in a child JVM, to its end. */
  public ChildJvm.Result runlab(String... args) {
    return ChildJvm.run(dir, withDb(args));
  }

  /** {@code runlab args... --db <db>} in this JVM. */
  public ChildJvm.Result inProcess(String... args) {
    return InProcess.runlab(withDb(args));
  }

  /** {@code runlab args... --db <db>} in a child JVM, left running. */
  public ChildJvm startRunlab(String... args) {
    return ChildJvm.start(dir, withDb(args));
  }

  /** As {@link #startRunlab(String...)}, its simulated model behind {@code gate}. */
  public ChildJvm startRunlab(Gate gate, String... args) {
    return ChildJvm.start(dir, gate.environment(), withDb(args));
  }

  /** Runs go to this PostgreSQL URL instead of the SQLite file {@link #db}. */
  public Workspace onDatabase(String url) {
    this.dbArg = url;
    return this;
  }

  private String[] withDb(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--db";
    all[args.length + 1] = dbArg != null ? dbArg : db.toString();
    return all;
  }

  /** Bytes of a file (to prove it did not change). */
  public static byte[] bytes(Path file) {
    try {
      return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
