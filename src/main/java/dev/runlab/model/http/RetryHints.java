package dev.runlab.model.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a server asked us to wait, from its headers: {@code retry-after-ms}, {@code retry-after}
 * (seconds or an HTTP date), OpenAI's {@code x-ratelimit-reset-requests/-tokens} (durations such as
 * {@code 6m0s} or {@code 20ms}) and Anthropic's {@code anthropic-ratelimit-*-reset} (RFC 3339
 * timestamps). Stateless.
 */
public final class RetryHints {
  private static final Pattern GO_DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|ns|h|m|s)");
  private static final Duration LONGEST = Duration.ofHours(1);

  private RetryHints() {}

  /**
   * The wait the headers ask for, or null when they name none. {@code retry-after-ms} wins over
   * {@code retry-after}, which wins over the reset headers; among reset headers, those of a limit
   * whose remaining count is 0 decide (the longest of them), else the shortest one.
   *
   * @param headers header names in any case
   */
  public static Duration parse(Map<String, List<String>> headers, Clock clock) {
    Headers h = new Headers(headers);
    Optional<String> ms = h.first("retry-after-ms");
    if (ms.isPresent()) {
      Duration d = millis(ms.get());
      if (d != null) {
        return d;
      }
    }
    Optional<String> after = h.first("retry-after");
    if (after.isPresent()) {
      Duration d = retryAfter(after.get(), clock);
      if (d != null) {
        return d;
      }
    }
    Duration exhausted = null;
    Duration shortest = null;
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (e.getValue().isEmpty()) {
        continue;
      }
      String value = e.getValue().get(0).trim();
      Duration d = null;
      String remainingName = null;
      if (name.startsWith("x-ratelimit-reset-")) {
        d = goDuration(value);
        remainingName = "x-ratelimit-remaining-" + name.substring("x-ratelimit-reset-".length());
      } else if (name.startsWith("anthropic-ratelimit-") && name.endsWith("-reset")) {
        d = until(value, clock);
        remainingName = name.substring(0, name.length() - "reset".length()) + "remaining";
      }
      if (d == null) {
        continue;
      }
      if (h.first(remainingName).map(String::trim).filter("0"::equals).isPresent()) {
        exhausted = exhausted == null || d.compareTo(exhausted) > 0 ? d : exhausted;
      }
      shortest = shortest == null || d.compareTo(shortest) < 0 ? d : shortest;
    }
    return exhausted != null ? exhausted : shortest;
  }

  /** {@code retry-after}: whole or decimal seconds, or an HTTP date; null when unreadable. */
  static Duration retryAfter(String value, Clock clock) {
    String v = value.trim();
    try {
      double seconds = Double.parseDouble(v);
      if (seconds >= 0 && !Double.isInfinite(seconds)) {
        return cap(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
      }
      return null;
    } catch (NumberFormatException notANumber) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return nonNegative(Duration.between(clock.instant(), at));
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  /**
   * A Go-style duration as a retry hint (at most an hour): {@code 6m0s}, {@code 1.5s}, {@code
   * 20ms}, {@code 1h2m}; null if not one.
   */
  static Duration goDuration(String value) {
    Duration d = parseGoDuration(value);
    return d == null ? null : cap(d);
  }

  /** A Go-style duration as written, however long; null if not one. */
  static Duration parseGoDuration(String value) {
    String v = value.trim();
    if (v.isEmpty()) {
      return null;
    }
    Matcher m = GO_DURATION.matcher(v);
    int at = 0;
    double nanos = 0;
    while (m.find()) {
      if (m.start() != at) {
        return null;
      }
      double n = Double.parseDouble(m.group(1));
      nanos +=
          n
              * switch (m.group(2)) {
                case "h" -> 3.6e12;
                case "m" -> 6e10;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
              };
      at = m.end();
    }
    if (at != v.length()) {
      // a bare number of seconds, as some servers send
      try {
        double seconds = Double.parseDouble(v);
        return Double.isFinite(seconds)
            ? Duration.ofMillis((long) Math.ceil(seconds * 1000))
            : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return Duration.ofNanos((long) nanos);
  }

  private static Duration millis(String value) {
    try {
      double ms = Double.parseDouble(value.trim());
      return ms >= 0 && !Double.isInfinite(ms)
          ? cap(Duration.ofMillis((long) Math.ceil(ms)))
          : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration until(String timestamp, Clock clock) {
    try {
      Instant at = OffsetDateTime.parse(timestamp).toInstant();
      return nonNegative(Duration.between(clock.instant(), at));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : cap(d);
  }

  private static Duration cap(Duration d) {
    return d.compareTo(LONGEST) > 0 ? LONGEST : d;
  }

  private record Headers(Map<String, List<String>> all) {
    Optional<String> first(String name) {
      for (Map.Entry<String, List<String>> e : all.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return Optional.of(e.getValue().get(0));
        }
      }
      return Optional.empty();
    }
  }
}
