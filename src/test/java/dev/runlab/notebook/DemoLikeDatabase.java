package dev.runlab.notebook;

import dev.runlab.demo.DemoDataGenerator;
import dev.runlab.lab.Lab;
import dev.runlab.run.RunEnvironment;
import dev.runlab.run.RunListener;
import dev.runlab.run.RunOptions;
import dev.runlab.store.DbLocation;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small database like the demo's, made by real runs of the simulated model: 120 generated
 * narratives, experiment 1 (seed 42, faults) and experiment 2 (seed 7, temperature 0.5) on them.
 */
public final class DemoLikeDatabase {
  private DemoLikeDatabase() {}

  public static Path create(Path dir) throws Exception {
    Path db = dir.resolve("runlab.db");
    create(dir, DbLocation.of(db));
    return db;
  }

  /** The same two experiments in the store at {@code where}, their files in {@code dir}. */
  public static void create(Path dir, DbLocation where) throws Exception {
    Path data = dir.resolve("narratives.csv");
    try (Writer w = Files.newBufferedWriter(data, StandardCharsets.UTF_8)) {
      DemoDataGenerator.write(w, 120, DemoDataGenerator.DEFAULT_SEED);
    }
    Path db = dir.resolve("runlab.db");
    try (Lab lab = Lab.open(where, db, RunEnvironment.system(), new RunListener() {})) {
      lab.await(lab.start(config(dir, "first", 42, 0, 0.05), RunOptions.DEFAULT));
      lab.await(lab.start(config(dir, "second", 7, 0.5, 0.02), RunOptions.DEFAULT));
    }
  }

  private static Path config(Path dir, String name, int seed, double temperature, double faults)
      throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        name: NAME
        data: narratives.csv
        label_column: label
        model:
          provider: sim
          name: sim-keyword
          seed: SEED
          temperature: TEMPERATURE
          latency_ms: 0
          faults: {server_error: FAULTS, timeout: FAULTS, bad_output: FAULTS}
        prompt:
          template: "Classify: {text}"
        parse:
          type: json
          field: label
          labels: [fall, struck_by, motor_vehicle, burn, cut_pierce, poisoning, overexertion, other]
        run:
          concurrency: 4
          max_attempts: 2
          backoff_base_ms: 1
          backoff_max_ms: 2
        """
            .replace("NAME", name)
            .replace("SEED", "" + seed)
            .replace("TEMPERATURE", "" + temperature)
            .replace("FAULTS", "" + faults));
    return file;
  }
}
