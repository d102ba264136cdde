package dev.runlab.model.http;

import dev.runlab.model.AnnouncedLimits;
import dev.runlab.model.AnnouncedLimits.Announced;
import dev.runlab.model.AnnouncedLimits.Dimension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the rate limits a server announces in its reply headers, on answers and errors alike:
 * OpenAI's {@code x-ratelimit-limit-|remaining-|reset-requests} and {@code -tokens} (resets as Go
 * durations such as {@code 6m0s} or {@code 20ms}), and Anthropic's {@code
 * anthropic-ratelimit-requests-|tokens-|input-tokens-|output-tokens-limit|remaining|reset} (resets
 * as RFC 3339 times). A missing header or a limit of 0 announces nothing; a malformed or absurd
 * value (not a number, negative, a reset more than a day away) is left out and named in {@link
 * AnnouncedLimits#problems()}, never trusted. Stateless.
 */
public final class LimitHeaders {
  /** No provider's per-minute or per-day limit resets later than this. */
  static final Duration LONGEST_RESET = Duration.ofHours(25);

  /** Above this, an announced limit is not a limit anybody has. */
  static final long LARGEST_LIMIT = 10_000_000_000L;

  private LimitHeaders() {}

  /** The limits the headers announce (header names in any case). */
  public static AnnouncedLimits parse(Map<String, List<String>> headers, Clock clock) {
    Lookup h = new Lookup(headers);
    if (!h.hasPrefix("x-ratelimit-") && !h.hasPrefix("anthropic-ratelimit-")) {
      return AnnouncedLimits.NONE;
    }
    List<Announced> limits = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Instant now = clock.instant();
    openAi(h, Dimension.REQUESTS, "requests", now, limits, problems);
    openAi(h, Dimension.TOKENS, "tokens", now, limits, problems);
    anthropic(h, Dimension.REQUESTS, "requests", now, limits, problems);
    anthropic(h, Dimension.INPUT_TOKENS, "input-tokens", now, limits, problems);
    anthropic(h, Dimension.OUTPUT_TOKENS, "output-tokens", now, limits, problems);
    anthropic(h, Dimension.TOKENS, "tokens", now, limits, problems);
    return limits.isEmpty() && problems.isEmpty()
        ? AnnouncedLimits.NONE
        : new AnnouncedLimits(limits, problems);
  }

  private static void openAi(
      Lookup h,
      Dimension dimension,
      String suffix,
      Instant now,
      List<Announced> limits,
      List<String> problems) {
    String limitName = "x-ratelimit-limit-" + suffix;
    String resetName = "x-ratelimit-reset-" + suffix;
    String resetValue = h.get(resetName);
    Instant reset = null;
    if (resetValue != null) {
      Duration d = RetryHints.parseGoDuration(resetValue);
      if (d == null || d.isNegative()) {
        problems.add(resetName + ": '" + resetValue + "' is not a duration such as 1s or 6m0s");
      } else if (d.compareTo(LONGEST_RESET) > 0) {
        problems.add(resetName + ": '" + resetValue + "' is more than a day away");
      } else {
        reset = now.plus(d);
      }
    }
    add(h, dimension, limitName, "x-ratelimit-remaining-" + suffix, reset, limits, problems);
  }

  private static void anthropic(
      Lookup h,
      Dimension dimension,
      String part,
      Instant now,
      List<Announced> limits,
      List<String> problems) {
    String prefix = "anthropic-ratelimit-" + part + "-";
    String resetValue = h.get(prefix + "reset");
    Instant reset = null;
    if (resetValue != null) {
      try {
        Instant at = OffsetDateTime.parse(resetValue.strip()).toInstant();
        Duration away = Duration.between(now, at);
        if (away.compareTo(LONGEST_RESET) > 0 || away.negated().compareTo(LONGEST_RESET) > 0) {
          problems.add(prefix + "reset: '" + resetValue + "' is more than a day away");
        } else {
          // a reset just past (clock skew between us and the server) means: full again now
          reset = at.isBefore(now) ? now : at;
        }
      } catch (DateTimeParseException e) {
        problems.add(prefix + "reset: '" + resetValue + "' is not an RFC 3339 time");
      }
    }
    add(h, dimension, prefix + "limit", prefix + "remaining", reset, limits, problems);
  }

  private static void add(
      Lookup h,
      Dimension dimension,
      String limitName,
      String remainingName,
      Instant reset,
      List<Announced> limits,
      List<String> problems) {
    Long limit = count(h, limitName, problems);
    if (limit == null || limit == 0) {
      return; // 0 or nothing: nothing announced
    }
    if (limit > LARGEST_LIMIT) {
      problems.add(limitName + ": " + limit + " is not a plausible limit");
      return;
    }
    Long remaining = count(h, remainingName, problems);
    if (remaining != null && remaining > limit) {
      problems.add(remainingName + ": " + remaining + " is more than the limit " + limit);
      remaining = null;
    }
    limits.add(new Announced(dimension, limit, remaining == null ? -1 : remaining, reset));
  }

  /** A whole, non-negative count; null when absent or not one (then named in problems). */
  private static Long count(Lookup h, String name, List<String> problems) {
    String value = h.get(name);
    if (value == null) {
      return null;
    }
    String v = value.strip();
    try {
      long n = Long.parseLong(v);
      if (n < 0) {
        problems.add(name + ": " + v + " is negative");
        return null;
      }
      return n;
    } catch (NumberFormatException e) {
      problems.add(name + ": '" + v + "' is not a whole number");
      return null;
    }
  }

  /** Header look-up by lower-case name. */
  private record Lookup(Map<String, List<String>> all) {
    String get(String name) {
      for (Map.Entry<String, List<String>> e : all.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    boolean hasPrefix(String prefix) {
      for (String key : all.keySet()) {
        if (key != null && key.toLowerCase(Locale.ROOT).startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
  }
}
