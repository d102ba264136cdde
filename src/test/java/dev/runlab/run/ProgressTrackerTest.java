package dev.runlab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runlab.experiment.Status;
import dev.runlab.testsupport.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The rate is recent (a moving window), the ETA follows from it, and the line is the README's. */
class ProgressTrackerTest {
  static final Instant T0 = Instant.parse("2025-10-29T08:00:00Z");

  @Test
  void rateFollowsTheRecentWindowNotTheWholeRun() {
    FakeClock clock = new FakeClock(T0);
    ProgressTracker tracker = new ProgressTracker(1, clock, Duration.ofMinutes(2), 10_000, 0, 0, 0);
    assertThat(tracker.rate()).isNaN();
    assertThat(tracker.eta()).isNull();
    long done = 0;
    for (int s = 0; s < 600; s++) { // ten minutes at 1/s
      clock.advance(Duration.ofSeconds(1));
      tracker.record(++done, 0);
    }
    assertThat(tracker.rate()).isCloseTo(1.0, within(0.01));
    for (int s = 0; s < 180; s++) { // then three minutes at 10/s
      clock.advance(Duration.ofSeconds(1));
      done += 10;
      tracker.record(done, 0);
    }
    assertThat(tracker.rate()).isCloseTo(10.0, within(0.1));
    long remaining = 10_000 - done;
    assertThat(tracker.eta())
        .isCloseTo(clock.instant().plusSeconds(remaining / 10), within(Duration.ofSeconds(2)));
    assertThat(tracker.snapshot().elapsed()).isEqualTo(Duration.ofMinutes(13));
  }

  @Test
  void rightAfterAStart_theRateIsMeasuring_notZeroBesideResultsAlreadyDone() {
    FakeClock clock = new FakeClock(T0);
    ProgressTracker tracker = new ProgressTracker(1, clock, Duration.ofMinutes(2), 2400, 0, 0, 0);
    clock.advance(Duration.ofMillis(400));
    tracker.record(192, 0); // a first batch, less than a second in

    assertThat(tracker.snapshot().line(ZoneOffset.UTC))
        .isEqualTo("[PROGRESS] 192/2400 (8.0%) | Rate: measuring… | ETA: measuring… | Elapsed: 0s");
    assertThat(tracker.snapshot().measuredRate()).isNull();

    clock.advance(Duration.ofMillis(1600));
    tracker.record(400, 0);
    assertThat(tracker.snapshot().line(ZoneOffset.UTC)).contains("Rate: 200.00/sec | ETA: 2025");

    ProgressSnapshot paused =
        new ProgressSnapshot(1, Status.PAUSED, 192, 2400, 0, Double.NaN, null, Duration.ZERO);
    assertThat(paused.line(ZoneOffset.UTC)).contains("| Rate: - | ETA: unknown |");
  }

  @Test
  void lineHasTheFormatOfDesign() {
    ProgressSnapshot snapshot =
        new ProgressSnapshot(
            1,
            Status.RUNNING,
            5000,
            41892,
            3,
            0.45,
            Instant.parse("2025-10-29T14:23:15Z"),
            Duration.ofHours(3).plusMinutes(5).plusSeconds(12));
    assertThat(snapshot.line(ZoneOffset.UTC))
        .isEqualTo(
            "[PROGRESS] 5000/41892 (11.9%) | Rate: 0.45/sec | ETA: 2025-10-29 14:23:15 |"
                + " Elapsed: 3h 5m");
  }
}
