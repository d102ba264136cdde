package dev.runlab.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runlab.model.AnnouncedLimits;
import dev.runlab.model.AnnouncedLimits.Announced;
import dev.runlab.model.AnnouncedLimits.Dimension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each part of the pacer alone, on clock nanos the test chooses. */
class PacingPartsTest {
  static final long S = 1_000_000_000L;

  @Test
  void evenSpacing_givesEachRequestTheNextFreeSlot_andBanksNoIdleTime() {
    EvenSpacing spacing = new EvenSpacing();
    assertThat(spacing.reserve(0, 1, 10)).isZero();
    assertThat(spacing.reserve(0, 1, 10)).isEqualTo(S / 10);
    assertThat(spacing.reserve(0, 2, 10)).isEqualTo(2 * S / 10);
    // idle for a while: the next request goes at once, not in a burst of saved-up slots
    assertThat(spacing.reserve(10 * S, 1, 10)).isEqualTo(10 * S);
    assertThat(spacing.reserve(10 * S, 1, 10)).isEqualTo(10 * S + S / 10);
    // a request that cost more than estimated pushes the next one back
    spacing.correct(10 * S, 1, 10);
    assertThat(spacing.reserve(10 * S, 1, 10)).isEqualTo(10 * S + 3 * S / 10);
  }

  @Test
  void tokenEstimator_learnsTheProvidersRatio_andTheAnswersLength() {
    TokenEstimator tokens = new TokenEstimator(256);
    assertThat(tokens.prompt(100)).isEqualTo(100);
    assertThat(tokens.completion()).isEqualTo(256); // max_tokens until an answer says otherwise
    tokens.observe(100, 130, 12);
    assertThat(tokens.prompt(100)).isEqualTo(130, within(0.001));
    assertThat(tokens.completion()).isEqualTo(12, within(0.001));
    for (int i = 0; i < 200; i++) {
      tokens.observe(100, 120, 20);
    }
    assertThat(tokens.prompt(200)).isEqualTo(240, within(1.0));
    assertThat(tokens.completion()).isEqualTo(20, within(0.5));
    tokens.observe(100, null, null); // a reply without usage teaches nothing
    assertThat(tokens.prompt(200)).isEqualTo(240, within(1.0));
  }

  @Test
  void announcedRates_spendTheLimitEvenly_andSlowWhenLittleIsLeft() {
    AnnouncedRates rates = new AnnouncedRates();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(rates.perSecond(Dimension.REQUESTS, now)).isZero();
    rates.observe(announce(new Announced(Dimension.REQUESTS, 600, 500, now.plusSeconds(10))));
    assertThat(rates.perSecond(Dimension.REQUESTS, now)).isEqualTo(10.0);
    // 15 of 600 left (half the 5% low water): half the rate, until the reset passes
    rates.observe(announce(new Announced(Dimension.REQUESTS, 600, 15, now.plusSeconds(30))));
    assertThat(rates.perSecond(Dimension.REQUESTS, now)).isEqualTo(5.0);
    assertThat(rates.perSecond(Dimension.REQUESTS, now.plusSeconds(30))).isEqualTo(10.0);
    // nothing left and the reset far: the slowest rate (a 429 then holds the run)
    rates.observe(announce(new Announced(Dimension.REQUESTS, 600, 0, now.plusSeconds(60))));
    assertThat(rates.perSecond(Dimension.REQUESTS, now)).isEqualTo(0.5);
    // little left but a reset close: what is left is spent until then
    rates.observe(announce(new Announced(Dimension.REQUESTS, 600, 3, now.plusMillis(200))));
    assertThat(rates.perSecond(Dimension.REQUESTS, now)).isEqualTo(10.0);
  }

  @Test
  void limitEvidence_tellsFrequentOrGrowing429sFromSporadicOnes() {
    LimitEvidence evidence = new LimitEvidence();
    long t = 100 * S;
    // one 429 in 30 replies: sporadic, however long it goes on
    for (int i = 0; i < 3000; i++) {
      t += S / 100;
      if (i % 30 == 29) {
        assertThat(evidence.limited(t, false)).as("429 at %d", i).isFalse();
      } else {
        evidence.answered(t);
      }
    }
    assertThat(evidence.limited(t, true)).as("remaining 0 says so").isTrue();
    // after the rate was raised, the share of 429s grew from about 3% to 12%
    evidence.rateRaised(t);
    boolean seen = false;
    for (int i = 0; i < 200 && !seen; i++) {
      t += S / 100;
      if (i % 8 == 7) {
        seen = evidence.limited(t, false);
      } else {
        evidence.answered(t);
      }
    }
    assertThat(seen).isTrue();
    // a burst: five 429s among the last replies, a fifth of them
    LimitEvidence burst = new LimitEvidence();
    for (int i = 0; i < 16; i++) {
      burst.answered(i * S / 10);
    }
    boolean frequent = false;
    for (int i = 0; i < 5; i++) {
      frequent = burst.limited(2 * S + i, false);
    }
    assertThat(frequent).isTrue();
  }

  @Test
  void learnedRate_cutsOncePerLatencyWindow_andGrowsBackWithTime() {
    LearnedRate learned = new LearnedRate();
    assertThat(learned.perSecond()).isZero();
    assertThat(learned.cut(0, 10, 0.2)).isTrue();
    assertThat(learned.perSecond()).isEqualTo(9.5, within(1e-9));
    assertThat(learned.cut(S / 2, 2, 0.2)).as("within a second of the last cut").isFalse();
    // a later cut never takes more than half at once
    assertThat(learned.cut(2 * S, 2, 0.2)).isTrue();
    assertThat(learned.perSecond()).isEqualTo(4.75, within(1e-9));
    // 15 s later it halves the distance to what the server accepted, then probes above it
    assertThat(learned.grow(10 * S, 4.75)).isFalse();
    assertThat(learned.grow(17 * S, 4.75)).isTrue();
    double rate = learned.perSecond();
    assertThat(rate).isGreaterThan(4.75);
    for (long t = 32; t < 400; t += 15) {
      learned.grow(t * S, learned.perSecond());
    }
    assertThat(learned.perSecond()).as("probing found no limit again").isGreaterThan(100);
  }

  @Test
  void learnedRate_farAboveWhatTheRunSends_isDropped() {
    LearnedRate learned = new LearnedRate();
    learned.cut(0, 10, 0.2);
    for (long t = 15; t < 200; t += 15) {
      learned.grow(t * S, 1);
    }
    assertThat(learned.perSecond()).isZero();
  }

  @Test
  void circuitBreaker_opensOnMostlyServerErrors_andDoublesItsPause() {
    CircuitBreaker breaker = new CircuitBreaker();
    long until = Long.MIN_VALUE;
    for (int i = 0; i < 20; i++) {
      until = breaker.record(i >= 4, i);
    }
    assertThat(breaker.isOpen()).isTrue();
    assertThat(until).isEqualTo(19 + 5 * S);
    for (int i = 0; i < 20; i++) {
      until = breaker.record(true, 6 * S + i);
    }
    assertThat(until).isEqualTo(6 * S + 19 + 10 * S);
    breaker.record(false, 20 * S);
    assertThat(breaker.isOpen()).isFalse();
  }

  private static AnnouncedLimits announce(Announced a) {
    return new AnnouncedLimits(List.of(a), List.of());
  }
}
