package dev.runlab.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.experiment.ModelConfig;
import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelReply;
import dev.runlab.model.ModelRequest;
import dev.runlab.model.Sleeper;
import dev.runlab.model.http.OpenAiClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pacer on a fake clock: the sleeper advances time, nothing really sleeps. */
class RatePacerTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A clock that only moves when the sleeper sleeps. */
  static final class FakeTime extends Clock implements Sleeper {
    final AtomicLong nanos = new AtomicLong();

    @Override
    public void sleep(Duration d) {
      nanos.addAndGet(Math.max(0, d.toNanos()));
    }

    @Override
    public Instant instant() {
      return T0.plusNanos(nanos.get());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    Duration elapsed() {
      return Duration.ofNanos(nanos.get());
    }
  }

  static ModelReply ok() {
    return ModelReply.answer("{\"label\": \"fall\"}", "stop", 10, 3, 5);
  }

  static ModelReply failure(ErrorCategory c, Duration retryAfter) {
    return ModelReply.failure(c, "x", retryAfter, 500, 5);
  }

  @Test
  void requestsPerMinuteSpacesRequestsEvenly() throws Exception {
    FakeTime time = new FakeTime();
    RatePacer pacer = new RatePacer(time, time, 600, 0, true, new ConcurrencyLimit(8), null);
    for (int i = 0; i < 21; i++) {
      assertThat(pacer.awaitTurn(10, () -> false)).isTrue();
    }
    assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void tokensPerMinuteHoldsBackLargeRequests() throws Exception {
    FakeTime time = new FakeTime();
    RatePacer pacer = new RatePacer(time, time, 0, 6000, true, new ConcurrencyLimit(8), null);
    for (int i = 0; i < 10; i++) {
      pacer.awaitTurn(50, () -> false);
    }
    // 100 tokens at once, then 100 tokens/s: 8 more requests of 50 tokens take 4 s
    assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void aServersRetryAfterHoldsEveryWorkerWithoutSleeping() throws Exception {
    FakeTime time = new FakeTime();
    List<RatePacer.State> seen = new ArrayList<>();
    RatePacer pacer = new RatePacer(time, time, 0, 0, true, new ConcurrencyLimit(8), seen::add);
    ModelReply limited;
    // a real 429 of the stand-in server: its retry-after-ms is read into the reply
    try (FakeLlmServer server = FakeLlmServer.start(FakeLlmOptions.defaults())) {
      ModelConfig model =
          new ModelConfig(
              "openai",
              "m",
              server.openAiBaseUrl(),
              null,
              0,
              null,
              16,
              0,
              ModelConfig.FaultRates.NONE,
              null);
      limited =
          new OpenAiClient(model, "k", time)
              .send(
                  new ModelRequest(
                      "n", "t", null, "fake-llm:rate_limited", 1, Duration.ofSeconds(5)));
    }
    assertThat(limited.failure()).isEqualTo(ErrorCategory.RATE_LIMITED);
    assertThat(limited.retryAfter()).isEqualTo(Duration.ofMillis(50));
    pacer.onReply(
        ModelReply.failure(ErrorCategory.RATE_LIMITED, "429", Duration.ofSeconds(7), 429, 1));
    assertThat(seen).isNotEmpty();
    assertThat(seen.get(seen.size() - 1).backoffUntil()).isEqualTo(T0.plusSeconds(7));
    assertThat(seen.get(seen.size() - 1).rateLimitedLastMinute()).isEqualTo(1);
    long realStart = System.nanoTime();
    assertThat(pacer.awaitTurn(10, () -> false)).isTrue();
    assertThat(time.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
    assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(2));
    // and the item's own backoff is never shorter than the server's hint
    Backoff backoff = new Backoff(1, 2, new SplittableRandom(1));
    assertThat(backoff.delay(1, limited.retryAfter())).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void adaptivePacingCutsOn429AndGrowsBackSlowly() throws Exception {
    FakeTime time = new FakeTime();
    ConcurrencyLimit limit = new ConcurrencyLimit(8);
    RatePacer pacer = new RatePacer(time, time, 0, 0, true, limit, null);
    for (int i = 0; i < 25; i++) {
      pacer.awaitTurn(10, () -> false);
      time.sleep(Duration.ofMillis(100));
      pacer.onReply(ok());
    }
    pacer.onReply(failure(ErrorCategory.RATE_LIMITED, null));
    assertThat(limit.limit()).isEqualTo(6);
    RatePacer.State state = pacer.state();
    assertThat(state.mode()).isEqualTo("adaptive");
    // 10 accepted per second lately: paced just under that
    assertThat(state.learnedRequestsPerSecond()).isBetween(9.0, 10.0);
    // a second 429 within a second does not cut again (its request went out before the cut)
    pacer.onReply(failure(ErrorCategory.RATE_LIMITED, null));
    assertThat(limit.limit()).isEqualTo(6);
    for (int i = 0; i < 6; i++) {
      pacer.onReply(ok());
    }
    assertThat(limit.limit()).isEqualTo(7);
    for (int i = 0; i < 100; i++) {
      pacer.onReply(ok());
    }
    assertThat(limit.limit()).isEqualTo(8);
    assertThat(pacer.state().learnedRequestsPerSecond())
        .isGreaterThan(state.learnedRequestsPerSecond());
  }

  @Test
  void theCircuitBreakerPausesDispatchWhenMostRecentRequestsFail() throws Exception {
    FakeTime time = new FakeTime();
    RatePacer pacer = new RatePacer(time, time, 0, 0, true, new ConcurrencyLimit(8), null);
    for (int i = 0; i < 4; i++) {
      pacer.onReply(ok());
    }
    for (int i = 0; i < 15; i++) {
      pacer.onReply(failure(ErrorCategory.SERVER_ERROR, null));
    }
    assertThat(pacer.state().circuitOpen()).isFalse();
    pacer.onReply(failure(ErrorCategory.OVERLOADED, null));
    assertThat(pacer.state().circuitOpen()).isTrue();
    pacer.awaitTurn(10, () -> false);
    assertThat(time.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    pacer.onReply(ok());
    assertThat(pacer.state().circuitOpen()).isFalse();
  }

  @Test
  void aStoppingRunIsNotHeldByTheWait() throws Exception {
    FakeTime time = new FakeTime();
    RatePacer pacer = new RatePacer(time, time, 1, 0, false, new ConcurrencyLimit(1), null);
    assertThat(pacer.awaitTurn(1, () -> false)).isTrue();
    AtomicLong checks = new AtomicLong();
    assertThat(pacer.awaitTurn(1, () -> checks.incrementAndGet() > 3)).isFalse();
    assertThat(time.elapsed()).isLessThan(Duration.ofSeconds(1));
  }
}
