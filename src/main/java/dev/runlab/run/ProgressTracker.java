package dev.runlab.run;

import dev.runlab.experiment.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Throughput over a moving window and the ETA it implies, fed by the writer after each commit.
 * Thread-safe.
 */
final class ProgressTracker {
  static final Duration DEFAULT_WINDOW = Duration.ofMinutes(2);

  private record Sample(Instant at, long completed) {}

  private final long experimentId;
  private final Clock clock;
  private final Duration window;
  private final long total;
  private final Instant sessionStart;
  private final double activeSecondsBefore;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private long completed;
  private long errors;
  private Status status = Status.RUNNING;
  private boolean estimated;
  private Instant estimate;

  ProgressTracker(
      long experimentId,
      Clock clock,
      Duration window,
      long total,
      long completed,
      long errors,
      double activeSecondsBefore) {
    this.experimentId = experimentId;
    this.clock = clock;
    this.window = window;
    this.total = total;
    this.completed = completed;
    this.errors = errors;
    this.activeSecondsBefore = activeSecondsBefore;
    this.sessionStart = clock.instant();
    samples.add(new Sample(sessionStart, completed));
  }

  synchronized void record(long newCompleted, long newErrors) {
    Instant now = clock.instant();
    completed = newCompleted;
    errors = newErrors;
    samples.addLast(new Sample(now, newCompleted));
    // keep one sample at or before the window's start, so the rate spans the whole window
    Instant edge = now.minus(window);
    while (samples.size() > 2) {
      Iterator<Sample> it = samples.iterator();
      it.next();
      if (it.next().at().isAfter(edge)) {
        break;
      }
      samples.removeFirst();
    }
  }

  synchronized void status(Status newStatus) {
    status = newStatus;
  }

  /**
   * Completed items per second over the window; NaN until the window spans a second, since the rate
   * of the first few results (often one batch, a fraction of a second in) says nothing.
   */
  synchronized double rate() {
    Sample first = samples.getFirst();
    Sample last = samples.getLast();
    double seconds = Duration.between(first.at(), last.at()).toMillis() / 1000.0;
    return seconds < 1 ? Double.NaN : (last.completed() - first.completed()) / seconds;
  }

  /**
   * Replaces the rate's ETA with one estimated otherwise (batch mode: from the batches' observed
   * completion times), null when unknown.
   */
  synchronized void estimate(Instant eta) {
    estimated = true;
    estimate = eta;
  }

  synchronized Instant eta() {
    Instant now = clock.instant();
    if (completed >= total) {
      return now;
    }
    if (estimated) {
      return estimate;
    }
    double rate = rate();
    if (!(rate > 0)) {
      return null;
    }
    return now.plusMillis((long) ((total - completed) / rate * 1000));
  }

  synchronized double activeSeconds() {
    return activeSecondsBefore
        + Duration.between(sessionStart, clock.instant()).toMillis() / 1000.0;
  }

  synchronized ProgressSnapshot snapshot() {
    return new ProgressSnapshot(
        experimentId,
        status,
        completed,
        total,
        errors,
        rate(),
        eta(),
        Duration.ofMillis((long) (activeSeconds() * 1000)));
  }
}
