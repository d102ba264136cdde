package dev.runlab.pacing;

import static dev.runlab.pacing.Servers.announcing;
import static dev.runlab.pacing.Servers.limited;
import static dev.runlab.pacing.Servers.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runlab.model.AnnouncedLimits;
import dev.runlab.model.AnnouncedLimits.Announced;
import dev.runlab.model.AnnouncedLimits.Dimension;
import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pacer's rules on a fake clock (docs/pacing.md): nothing really sleeps. */
@Timeout(60)
class ProviderPacerTest {
  private final Traffic time = new Traffic();
  private final List<PacingState> published = new ArrayList<>();
  private final List<String> untrusted = new ArrayList<>();

  private Pacer pacer(int rpm, int tpm, TokenCounting counting) {
    return new ProviderPacer(
        new PacerSettings(rpm, tpm, 40, counting),
        time,
        time,
        new Pacer.Observer() {
          @Override
          public void pacing(PacingState state) {
            published.add(state);
          }

          @Override
          public void untrusted(String problem) {
            untrusted.add(problem);
          }
        });
  }

  private Duration elapsed() {
    return Duration.ofNanos(time.now());
  }

  @Test
  void configuredRequestsPerMinute_spacesRequestsEvenly() throws Exception {
    Pacer pacer = pacer(600, 0, TokenCounting.OPENAI);
    for (int i = 0; i < 21; i++) {
      assertThat(pacer.awaitTurn(10, () -> false)).isTrue();
    }
    assertThat(elapsed()).isEqualTo(Duration.ofSeconds(2));
    assertThat(pacer.state().limitsInForce()).containsExactly("600 requests/min (configured)");
  }

  @Test
  void configuredTokensPerMinute_countsThePromptAndMaxTokensForOpenAi() throws Exception {
    Pacer pacer = pacer(0, 6000, TokenCounting.OPENAI);
    // 10 prompt tokens + 40 max_tokens = 50 tokens a request at 100 tokens/s: one every 0.5 s
    for (int i = 0; i < 10; i++) {
      pacer.awaitTurn(10, () -> false);
    }
    assertThat(elapsed()).isEqualTo(Duration.ofMillis(4500));
  }

  @Test
  void configuredTokensPerMinute_capsInputTokensForAnthropic() throws Exception {
    Pacer pacer = pacer(0, 600, TokenCounting.ANTHROPIC);
    for (int i = 0; i < 5; i++) {
      pacer.awaitTurn(10, () -> false);
    }
    // 10 input tokens a request at 10 tokens/s
    assertThat(elapsed()).isEqualTo(Duration.ofSeconds(4));
    assertThat(pacer.state().limitsInForce()).containsExactly("600 input tokens/min (configured)");
  }

  @Test
  void announcedLimit_pacesTheRunWithoutConfiguration() throws Exception {
    Pacer pacer = pacer(0, 0, TokenCounting.OPENAI);
    pacer.onReply(10, announcing(Dimension.REQUESTS, 600, 599));
    for (int i = 0; i < 11; i++) {
      pacer.awaitTurn(10, () -> false);
    }
    assertThat(elapsed()).isEqualTo(Duration.ofSeconds(1));
    assertThat(pacer.state().limitsInForce()).containsExactly("600 requests/min (announced)");
  }

  @Test
  void theLowestLimitWins_andStatusNamesEverySource() throws Exception {
    Pacer pacer = pacer(300, 0, TokenCounting.OPENAI);
    pacer.onReply(10, announcing(Dimension.REQUESTS, 600, 599));
    for (int i = 0; i < 6; i++) {
      pacer.awaitTurn(10, () -> false);
    }
    assertThat(elapsed()).isEqualTo(Duration.ofSeconds(1));
    assertThat(pacer.state().limitsInForce())
        .containsExactly("300 requests/min (configured; announced 600)");
    assertThat(pacer.state().brief()).contains("limit 300 requests/min (configured)");
  }

  @Test
  void littleRemaining_slowsTheRun_untilTheResetHasPassed() throws Exception {
    Pacer pacer = pacer(0, 0, TokenCounting.OPENAI);
    // 6 of 600 left (1%, below the 5% low water), full again in 10 s
    Announced low = new Announced(Dimension.REQUESTS, 600, 6, Traffic.T0.plusSeconds(10));
    pacer.onReply(10, ok().withLimits(new AnnouncedLimits(List.of(low), List.of())));
    pacer.awaitTurn(10, () -> false);
    pacer.awaitTurn(10, () -> false);
    // 10/s scaled by 6 / 30 = 2/s
    assertThat(elapsed()).isEqualTo(Duration.ofMillis(500));
    time.sleep(Duration.ofSeconds(10));
    long before = time.now();
    pacer.awaitTurn(10, () -> false);
    pacer.awaitTurn(10, () -> false);
    assertThat(Duration.ofNanos(time.now() - before)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void a429ThatSaysTheLimitIsExhausted_holdsEveryWorkerUntilItsHint() throws Exception {
    Pacer pacer = pacer(0, 0, TokenCounting.OPENAI);
    Announced none = new Announced(Dimension.REQUESTS, 600, 0, Traffic.T0.plusSeconds(30));
    pacer.onReply(
        10,
        limited(Duration.ofSeconds(7)).withLimits(new AnnouncedLimits(List.of(none), List.of())));
    assertThat(published.get(published.size() - 1).holdUntil())
        .isEqualTo(Traffic.T0.plusSeconds(7));
    pacer.awaitTurn(10, () -> false);
    assertThat(elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aSporadic429_holdsOnlyItsOwnRequest() throws Exception {
    Pacer pacer = pacer(0, 0, TokenCounting.OPENAI);
    Announced plenty = new Announced(Dimension.REQUESTS, 600, 550, Traffic.T0.plusSeconds(5));
    pacer.onReply(
        10,
        limited(Duration.ofSeconds(7)).withLimits(new AnnouncedLimits(List.of(plenty), List.of())));
    pacer.onReply(10, limited(Duration.ofSeconds(7)));
    for (int i = 0; i < 5; i++) {
      pacer.awaitTurn(10, () -> false);
    }
    // only the announced 600/min spaces them; no hold, nothing learned
    assertThat(elapsed()).isEqualTo(Duration.ofMillis(400));
    PacingState state = pacer.state();
    assertThat(state.limitsInForce()).containsExactly("600 requests/min (announced)");
    assertThat(state.rateLimitedLastMinute()).isEqualTo(2);
    assertThat(state.sporadicLastMinute()).isEqualTo(2);
    assertThat(state.describe()).contains("2 sporadic");
  }

  @Test
  void aSporadic429EveryThirtyRequests_leavesTheRateWithinTenPercent() throws Exception {
    Traffic clean = new Traffic();
    clean.run(
        new ProviderPacer(new PacerSettings(0, 0, 40, TokenCounting.OPENAI), clean, clean, null),
        Servers.unlimited(),
        16,
        Duration.ofMinutes(10),
        10);
    Pacer pacer = pacer(0, 0, TokenCounting.OPENAI);
    time.run(pacer, Servers.sporadic429Every(30), 16, Duration.ofMinutes(10), 10);
    Duration end = Duration.ofMinutes(10);
    double without = clean.rate(Duration.ZERO, end);
    assertThat(without).isCloseTo(160, within(2.0));
    assertThat(time.rate(Duration.ZERO, end)).isCloseTo(without, within(without * 0.1));
    assertThat(time.rate(Duration.ofMinutes(9), end)).isCloseTo(without, within(without * 0.1));
    assertThat(pacer.state().limits()).isEmpty();
  }

  @Test
  void aNoisyServer_neverSlowsTheRate() throws Exception {
    Pacer pacer = pacer(0, 0, TokenCounting.OPENAI);
    time.run(pacer, Servers.noisy(7), 16, Duration.ofMinutes(10), 10);
    double first = time.rate(Duration.ZERO, Duration.ofMinutes(1));
    double last = time.rate(Duration.ofMinutes(9), Duration.ofMinutes(10));
    assertThat(last).isGreaterThanOrEqualTo(0.9 * first);
    assertThat(pacer.state().limits()).isEmpty();
  }

  @Test
  void anUnannouncedLimit_isLearnedFromEvidenceAndHeld() throws Exception {
    Pacer pacer = pacer(0, 0, TokenCounting.OPENAI);
    time.run(pacer, Servers.bucket(10), 8, Duration.ofMinutes(5), 10);
    Duration from = Duration.ofMinutes(1);
    Duration to = Duration.ofMinutes(5);
    double ok = time.rate(from, to) * (1 - time.share429(from, to));
    assertThat(ok).isBetween(9.0, 10.01);
    assertThat(time.share429(from, to)).isLessThanOrEqualTo(0.05);
    assertThat(pacer.state().limitsInForce()).singleElement().asString().contains("(learned)");
  }

  @Test
  void burstsOf429s_cannotRatchetTheRateDownForGood() throws Exception {
    Pacer pacer = pacer(0, 0, TokenCounting.OPENAI);
    Traffic.Server unlimited = Servers.unlimited();
    // ten one-second storms of 429s, ten seconds apart, then none
    Traffic.Server stormy =
        (at, n) -> {
          long second = at / 1_000_000_000L;
          boolean storm = second >= 60 && second < 160 && second % 10 == 0;
          return storm
              ? new Traffic.Response(limited(Duration.ofMillis(100)), Servers.INSTANT)
              : unlimited.respond(at, n);
        };
    time.run(pacer, stormy, 16, Duration.ofMinutes(6), 10);
    double before = time.rate(Duration.ZERO, Duration.ofMinutes(1));
    assertThat(time.rate(Duration.ofMinutes(5), Duration.ofMinutes(6)))
        .isGreaterThanOrEqualTo(0.9 * before);
  }

  @Test
  void announcedTokenLimit_isHeldWithTheProvidersOwnCount() throws Exception {
    Pacer pacer = pacer(0, 0, TokenCounting.ANTHROPIC);
    // the provider counts 30% more prompt tokens than runlab's characters / 4
    List<long[]> counted = new ArrayList<>(); // time, input tokens
    Traffic.Server server =
        (at, n) -> {
          counted.add(new long[] {at, 130});
          ModelReply reply =
              ModelReply.answer("{\"label\": \"fall\"}", "end_turn", 130, 5, 100)
                  .withLimits(
                      new AnnouncedLimits(
                          List.of(new Announced(Dimension.INPUT_TOKENS, 40_000, 39_000, null)),
                          List.of()));
          return new Traffic.Response(reply, Servers.LATENCY);
        };
    time.run(pacer, server, 8, Duration.ofMinutes(4), 100);
    long from = Duration.ofMinutes(1).toNanos();
    long tokens = counted.stream().filter(c -> c[0] >= from).mapToLong(c -> c[1]).sum();
    double perMinute = tokens / 3.0;
    assertThat(perMinute).isBetween(0.9 * 40_000, 1.01 * 40_000);
    assertThat(pacer.state().limitsInForce())
        .containsExactly("40,000 input tokens/min (announced)");
  }

  @Test
  void untrustedHeaders_areWarnedAboutOncePerHeader() {
    Pacer pacer = pacer(0, 0, TokenCounting.OPENAI);
    AnnouncedLimits bad =
        new AnnouncedLimits(
            List.of(), List.of("x-ratelimit-limit-requests: 'lots' is not a whole number"));
    pacer.onReply(10, ok().withLimits(bad));
    pacer.onReply(10, ok().withLimits(bad));
    assertThat(untrusted)
        .containsExactly("x-ratelimit-limit-requests: 'lots' is not a whole number");
    assertThat(pacer.state().limits()).isEmpty();
  }

  @Test
  void theCircuitBreakerPausesDispatchWhenMostRecentRequestsFail() throws Exception {
    Pacer pacer = pacer(0, 0, TokenCounting.OPENAI);
    for (int i = 0; i < 4; i++) {
      pacer.onReply(10, ok());
    }
    for (int i = 0; i < 15; i++) {
      pacer.onReply(10, Servers.failed(ErrorCategory.SERVER_ERROR, 500));
    }
    assertThat(pacer.state().circuitOpen()).isFalse();
    pacer.onReply(10, Servers.failed(ErrorCategory.OVERLOADED, 529));
    assertThat(pacer.state().circuitOpen()).isTrue();
    pacer.awaitTurn(10, () -> false);
    assertThat(elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    pacer.onReply(10, ok());
    assertThat(pacer.state().circuitOpen()).isFalse();
    // the breaker never touched the rate
    assertThat(pacer.state().limits()).isEmpty();
  }

  @Test
  void aStoppingRunIsNotHeldByTheWait() throws Exception {
    Pacer pacer = pacer(1, 0, TokenCounting.OPENAI);
    assertThat(pacer.awaitTurn(1, () -> false)).isTrue();
    AtomicLong checks = new AtomicLong();
    assertThat(pacer.awaitTurn(1, () -> checks.incrementAndGet() > 3)).isFalse();
    assertThat(elapsed()).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void theStateSurvivesItsJson() {
    PacingState state =
        new PacingState(
            List.of(
                new PacingState.Limit("requests", 500, PacingState.Source.CONFIGURED),
                new PacingState.Limit("requests", 600, PacingState.Source.ANNOUNCED),
                new PacingState.Limit("input tokens", 40_000, PacingState.Source.ANNOUNCED)),
            9.5,
            3,
            2,
            false,
            null);
    PacingState back = PacingState.fromJson(state.toJson());
    assertThat(back).isEqualTo(state);
    assertThat(back.describe())
        .isEqualTo(
            "9.50 requests/s now; limits 500 requests/min (configured; announced 600), 40,000"
                + " input tokens/min (announced); 3 429s in the last minute (2 sporadic: retried"
                + " after their hint without slowing the run)");
    assertThat(PacingState.fromJson("{\"mode\":\"adaptive\"}").limits()).isEmpty();
    assertThat(PacingState.fromJson("not json")).isNull();
  }
}
