package dev.runlab.lab;

import dev.runlab.run.ProgressSnapshot;
import dev.runlab.store.ExperimentRecord;
import tech.tablesaw.api.Table;

/**
 * A handle on one experiment of a lab session: its summary is its display, and its methods are the
 * lab's functions for it ({@code e.progress()}, {@code e.errors()}, {@code e.pause()} ...). Every
 * lab function that takes an id also takes a handle. Thread-safe; reads the database on each call.
 */
public final class Experiment {
  private final Lab lab;
  private final long id;

  Experiment(Lab lab, long id) {
    this.lab = lab;
    this.id = id;
  }

  public long id() {
    return id;
  }

  /** The experiment's row as stored now. */
  public ExperimentRecord record() {
    return lab.record(id);
  }

  public String status() {
    return record().status().dbValue();
  }

  public ProgressSnapshot progress() {
    return lab.progress(id);
  }

  public ErrorReport errors() {
    return lab.errors(id);
  }

  public Table results() {
    return lab.results(id);
  }

  public Table narratives() {
    return lab.narratives(id);
  }

  public Evaluation.Accuracy accuracy() {
    return lab.accuracy(id);
  }

  public Table confusion() {
    return lab.confusion(id);
  }

  public Table labelScores() {
    return lab.labelScores(id);
  }

  /** This experiment against {@code other} on the same data. */
  public Comparison compare(Experiment other) {
    return lab.compare(id, other.id());
  }

  public Experiment pause() {
    return lab.pause(id);
  }

  public Experiment cancel() {
    return lab.cancel(id);
  }

  public Experiment resume() {
    return lab.resume(id);
  }

  /** Waits until the run of this experiment in this lab ends (returns at once if none runs). */
  public Experiment await() {
    return lab.await(id);
  }

  @Override
  public String toString() {
    return lab.summary(id);
  }
}
