package dev.runlab.run;

import dev.runlab.experiment.ExperimentConfig;
import dev.runlab.store.Datasets.Dataset;
import dev.runlab.store.DbLocation;
import java.util.Objects;

/**
 * Everything a prepared run needs: the experiment, its authoritative config, its data set, where it
 * starts from, and the lock it holds. Immutable.
 *
 * @param limit only the first N pending narratives (a smoke test), 0 for all
 */
record RunSpec(
    DbLocation db,
    long experimentId,
    ExperimentConfig config,
    Dataset dataset,
    StartingPoint from,
    long limit,
    RunLock lock,
    boolean joined) {

  RunSpec {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(lock, "lock");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
  }

  /**
   * The counts a run starts from: the experiment's narratives, those with a final result and the
   * errors among them, and the running time of earlier runs.
   */
  /** The run of a start or resume (not a worker joining another's run). */
  RunSpec(
      DbLocation db,
      long experimentId,
      ExperimentConfig config,
      Dataset dataset,
      StartingPoint from,
      long limit,
      RunLock lock) {
    this(db, experimentId, config, dataset, from, limit, lock, false);
  }

  record StartingPoint(long total, long completed, long errors, double activeSeconds) {
    StartingPoint {
      if (total < 0 || completed < 0 || errors < 0 || activeSeconds < 0) {
        throw new IllegalArgumentException(
            "counts must not be negative: "
                + completed
                + " of "
                + total
                + " done, "
                + errors
                + " errors, "
                + activeSeconds
                + " s");
      }
    }

    /** A new experiment: nothing done yet. */
    static StartingPoint fresh(long total) {
      return new StartingPoint(total, 0, 0, 0);
    }
  }

  long total() {
    return from.total();
  }
}
