package dev.runlab.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.model.AnnouncedLimits;
import dev.runlab.model.AnnouncedLimits.Announced;
import dev.runlab.model.AnnouncedLimits.Dimension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitHeadersTest {
  static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static AnnouncedLimits parse(String... pairs) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.put(pairs[i], List.of(pairs[i + 1]));
    }
    return LimitHeaders.parse(headers, CLOCK);
  }

  @Test
  void openAiHeaders_announceRequestsAndTokensWithGoDurations() {
    AnnouncedLimits a =
        parse(
            "X-RateLimit-Limit-Requests", "600",
            "x-ratelimit-remaining-requests", "599",
            "x-ratelimit-reset-requests", "100ms",
            "x-ratelimit-limit-tokens", "150000",
            "x-ratelimit-remaining-tokens", "149984",
            "x-ratelimit-reset-tokens", "1m30.5s");
    assertThat(a.problems()).isEmpty();
    assertThat(a.get(Dimension.REQUESTS))
        .contains(new Announced(Dimension.REQUESTS, 600, 599, NOW.plusMillis(100)));
    assertThat(a.get(Dimension.TOKENS))
        .contains(new Announced(Dimension.TOKENS, 150_000, 149_984, NOW.plusMillis(90_500)));
    assertThat(a.exhausted()).isFalse();
  }

  @Test
  void goDurations_asOpenAiWritesThem() {
    for (var e :
        Map.of("1s", 1000L, "6m0s", 360_000L, "20ms", 20L, "1m30.5s", 90_500L, "2h0m0s", 7_200_000L)
            .entrySet()) {
      AnnouncedLimits a =
          parse("x-ratelimit-limit-requests", "10", "x-ratelimit-reset-requests", e.getKey());
      assertThat(a.get(Dimension.REQUESTS).orElseThrow().resetAt())
          .as(e.getKey())
          .isEqualTo(NOW.plusMillis(e.getValue()));
    }
  }

  @Test
  void anthropicHeaders_announceEachDimensionWithRfc3339Resets() {
    AnnouncedLimits a =
        parse(
            "anthropic-ratelimit-requests-limit", "50",
            "anthropic-ratelimit-requests-remaining", "0",
            "anthropic-ratelimit-requests-reset", "2026-12-02T10:00:05Z",
            "anthropic-ratelimit-input-tokens-limit", "40000",
            "anthropic-ratelimit-input-tokens-remaining", "39000",
            "anthropic-ratelimit-input-tokens-reset", "2026-12-02T10:00:02+00:00",
            "anthropic-ratelimit-output-tokens-limit", "8000",
            "anthropic-ratelimit-tokens-limit", "8000");
    assertThat(a.problems()).isEmpty();
    assertThat(a.get(Dimension.REQUESTS))
        .contains(new Announced(Dimension.REQUESTS, 50, 0, NOW.plusSeconds(5)));
    assertThat(a.get(Dimension.INPUT_TOKENS))
        .contains(new Announced(Dimension.INPUT_TOKENS, 40_000, 39_000, NOW.plusSeconds(2)));
    assertThat(a.get(Dimension.OUTPUT_TOKENS))
        .contains(new Announced(Dimension.OUTPUT_TOKENS, 8000, -1, null));
    assertThat(a.get(Dimension.TOKENS)).isPresent();
    assertThat(a.exhausted()).isTrue();
  }

  @Test
  void zeroOrMissing_announcesNothing() {
    assertThat(parse()).isEqualTo(AnnouncedLimits.NONE);
    assertThat(parse("content-type", "application/json")).isEqualTo(AnnouncedLimits.NONE);
    AnnouncedLimits zero =
        parse("x-ratelimit-limit-requests", "0", "x-ratelimit-remaining-requests", "0");
    assertThat(zero.limits()).isEmpty();
    assertThat(zero.problems()).isEmpty();
  }

  @Test
  void malformedOrAbsurdValues_areNamedAndNeverTrusted() {
    AnnouncedLimits a =
        parse(
            "x-ratelimit-limit-requests", "lots",
            "x-ratelimit-limit-tokens", "-5",
            "anthropic-ratelimit-requests-limit", "100",
            "anthropic-ratelimit-requests-reset", "2026-12-09T10:00:00Z",
            "anthropic-ratelimit-input-tokens-limit", "1000",
            "anthropic-ratelimit-input-tokens-remaining", "5000",
            "anthropic-ratelimit-output-tokens-limit", "1000",
            "anthropic-ratelimit-output-tokens-reset", "soon");
    assertThat(a.get(Dimension.TOKENS)).isEmpty();
    assertThat(a.problems())
        .containsExactlyInAnyOrder(
            "x-ratelimit-limit-requests: 'lots' is not a whole number",
            "x-ratelimit-limit-tokens: -5 is negative",
            "anthropic-ratelimit-requests-reset: '2026-12-09T10:00:00Z' is more than a day away",
            "anthropic-ratelimit-input-tokens-remaining: 5000 is more than the limit 1000",
            "anthropic-ratelimit-output-tokens-reset: 'soon' is not an RFC 3339 time");
    // what could be read of the same limits is kept, without the parts that could not
    assertThat(a.get(Dimension.REQUESTS))
        .contains(new Announced(Dimension.REQUESTS, 100, -1, null));
    assertThat(a.get(Dimension.INPUT_TOKENS))
        .contains(new Announced(Dimension.INPUT_TOKENS, 1000, -1, null));
    AnnouncedLimits far =
        parse("x-ratelimit-limit-requests", "10", "x-ratelimit-reset-requests", "72h0m0s");
    assertThat(far.problems())
        .containsExactly("x-ratelimit-reset-requests: '72h0m0s' is more than a day away");
  }
}
