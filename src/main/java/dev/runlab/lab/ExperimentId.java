package dev.runlab.lab;

/**
 * What names one experiment when calling the session API: a number ({@code ExperimentId.of(3)}) or
 * an {@link Experiment} handle, which is one. Each function of {@link Lab} takes this one type, so
 * there is one way to call it; the lab's unqualified functions also take a plain number ({@code
 * errors(3)}) and convert it. Immutable.
 */
public sealed interface ExperimentId permits Experiment, ExperimentId.Numbered {
  /** The {@code experiments.experiment_id}. */
  long id();

  static ExperimentId of(long id) {
    return new Numbered(id);
  }

  /** An experiment named by its number alone. */
  record Numbered(long id) implements ExperimentId {
    @Override
    public String toString() {
      return Long.toString(id);
    }
  }
}
