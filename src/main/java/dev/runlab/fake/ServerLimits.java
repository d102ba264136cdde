package dev.runlab.fake;

import dev.runlab.fake.FakeLlmOptions.LimitStyle;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The stand-in server's rate limits, kept and announced as the providers do (docs/pacing.md): a
 * request limit and token limits as buckets refilled continuously, each request admitted only when
 * every bucket holds its cost (OpenAI style: tokens = prompt + max_tokens; Anthropic style: input
 * tokens, and output tokens charged as max_tokens and corrected to the answer's count at the end),
 * optionally enforced over a few seconds too; and the headers that announce them on every reply.
 * Thread-safe.
 */
final class ServerLimits {
  private final FakeLlmOptions options;
  private final Limit requests;
  private final Limit tokens;
  private final Limit output;

  /** What admission decided, with the headers to send either way. */
  record Admission(boolean admitted, double retryAfterSeconds, Map<String, String> headers) {}

  /** One limit: the minute's bucket, and a shorter one when bursts are limited. */
  private record Limit(long perMinute, TokenBucket minute, TokenBucket burst) {
    static Limit of(long perMinute, double burstSeconds, long now) {
      if (perMinute <= 0) {
        return null;
      }
      TokenBucket burst =
          burstSeconds > 0
              ? new TokenBucket(Math.max(1, perMinute * burstSeconds / 60), perMinute, now)
              : null;
      return new Limit(perMinute, new TokenBucket(perMinute, perMinute, now), burst);
    }

    boolean has(double cost, long now) {
      return minute.has(cost, now) && (burst == null || burst.has(cost, now));
    }

    void take(double cost, long now) {
      minute.take(cost, now);
      if (burst != null) {
        burst.take(cost, now);
      }
    }

    void giveBack(double amount, long now) {
      minute.giveBack(amount, now);
      if (burst != null) {
        burst.giveBack(amount, now);
      }
    }

    long nanosUntil(double cost, long now) {
      long wait = minute.nanosUntil(cost, now);
      return burst == null ? wait : Math.max(wait, burst.nanosUntil(cost, now));
    }
  }

  ServerLimits(FakeLlmOptions options) {
    this.options = options;
    long now = System.nanoTime();
    this.requests = Limit.of(options.requestsPerMinute(), options.burstSeconds(), now);
    this.tokens = Limit.of(options.tokensPerMinute(), options.burstSeconds(), now);
    this.output =
        options.limitStyle() == LimitStyle.ANTHROPIC
            ? Limit.of(options.outputTokensPerMinute(), options.burstSeconds(), now)
            : null;
  }

  /** The token cost of a request against the {@code tokens} limit, as the provider counts it. */
  int tokenCost(int promptTokens, int maxTokens) {
    return options.limitStyle() == LimitStyle.ANTHROPIC ? promptTokens : promptTokens + maxTokens;
  }

  /** Admits a request when every limit holds its cost, and takes it. */
  synchronized Admission admit(int promptTokens, int maxTokens) {
    long now = System.nanoTime();
    double[] costs = {1, tokenCost(promptTokens, maxTokens), maxTokens};
    Limit[] limits = {requests, tokens, output};
    long wait = 0;
    for (int i = 0; i < limits.length; i++) {
      if (limits[i] != null && !limits[i].has(costs[i], now)) {
        wait = Math.max(wait, limits[i].nanosUntil(costs[i], now));
      }
    }
    if (wait > 0) {
      return new Admission(false, Math.max(0.05, wait / 1e9), headers(now));
    }
    for (int i = 0; i < limits.length; i++) {
      if (limits[i] != null) {
        limits[i].take(costs[i], now);
      }
    }
    return new Admission(true, 0, headers(now));
  }

  /**
   * An admitted request answered with {@code answerTokens}: output charged as max_tokens is set
   * right.
   */
  synchronized void answered(int maxTokens, int answerTokens) {
    if (output != null) {
      output.giveBack(Math.max(0, maxTokens - answerTokens), System.nanoTime());
    }
  }

  /** The headers announcing the limits now, in the configured style (none: empty). */
  synchronized Map<String, String> headers() {
    return headers(System.nanoTime());
  }

  private Map<String, String> headers(long now) {
    Map<String, String> h = new LinkedHashMap<>();
    switch (options.limitStyle()) {
      case OPENAI -> {
        openAi(h, "requests", requests, now);
        openAi(h, "tokens", tokens, now);
      }
      case ANTHROPIC -> {
        anthropic(h, "requests", requests, now);
        anthropic(h, "input-tokens", tokens, now);
        anthropic(h, "output-tokens", output, now);
        // the combined tokens limit shows whichever token limit is the most restrictive now
        Limit tighter = tighter(tokens, output, now);
        anthropic(h, "tokens", tighter, now);
      }
      case NONE -> {}
    }
    return h;
  }

  private static Limit tighter(Limit a, Limit b, long now) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    double shareA = a.minute().remaining(now) / (double) a.perMinute();
    double shareB = b.minute().remaining(now) / (double) b.perMinute();
    return shareA <= shareB ? a : b;
  }

  private static void openAi(Map<String, String> h, String what, Limit limit, long now) {
    if (limit == null) {
      return;
    }
    h.put("x-ratelimit-limit-" + what, Long.toString(limit.perMinute()));
    h.put("x-ratelimit-remaining-" + what, Long.toString(limit.minute().remaining(now)));
    h.put("x-ratelimit-reset-" + what, goDuration(limit.minute().nanosUntilFull(now)));
  }

  private static void anthropic(Map<String, String> h, String what, Limit limit, long now) {
    if (limit == null) {
      return;
    }
    String prefix = "anthropic-ratelimit-" + what + "-";
    Instant full =
        Instant.now()
            .plusNanos(limit.minute().nanosUntilFull(now) + 999_999_999L)
            .truncatedTo(ChronoUnit.SECONDS);
    h.put(prefix + "limit", Long.toString(limit.perMinute()));
    h.put(prefix + "remaining", Long.toString(limit.minute().remaining(now)));
    h.put(prefix + "reset", full.toString());
  }

  /** A duration as OpenAI writes it: {@code 20ms}, {@code 1.5s}, {@code 6m0s}, {@code 1h2m3s}. */
  static String goDuration(long nanos) {
    long ms = (nanos + 999_999) / 1_000_000;
    if (ms < 1000) {
      return ms + "ms";
    }
    long hours = ms / 3_600_000;
    long minutes = ms / 60_000 % 60;
    double seconds = ms % 60_000 / 1000.0;
    String s =
        seconds == Math.rint(seconds)
            ? Long.toString((long) seconds)
            : String.format(Locale.ROOT, "%.3f", seconds).replaceAll("0+$", "");
    StringBuilder out = new StringBuilder();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    return out.append(s).append('s').toString();
  }
}
