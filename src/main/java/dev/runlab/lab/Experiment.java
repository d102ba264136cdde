package dev.runlab.lab;

import dev.runlab.store.ExperimentRecord;

/**
 * A handle on one experiment of a lab session, as the lab's functions return it: it shows as the
 * experiment's summary, and it is an {@link ExperimentId}, so every function that takes an id takes
 * it too ({@code var e = experiment(3); errors(e); pause(e)}). Thread-safe; reads the database on
 * each call.
 */
public final class Experiment implements ExperimentId {
  private final Lab lab;
  private final long id;

  Experiment(Lab lab, long id) {
    this.lab = lab;
    this.id = id;
  }

  @Override
  public long id() {
    return id;
  }

  /** The experiment's row as stored now. */
  public ExperimentRecord record() {
    return lab.record(this);
  }

  public String status() {
    return record().status().dbValue();
  }

  @Override
  public String toString() {
    return lab.summary(this);
  }
}
