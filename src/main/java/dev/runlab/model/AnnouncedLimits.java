package dev.runlab.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rate limits a server announced in the headers of one reply (OpenAI's {@code x-ratelimit-*},
 * Anthropic's {@code anthropic-ratelimit-*}), and what in those headers could not be trusted.
 * Immutable.
 *
 * @param limits one entry per dimension the server announced, each at most once
 * @param problems one sentence per header that was malformed or absurd and so was ignored
 */
public record AnnouncedLimits(List<Announced> limits, List<String> problems) {
  /** Nothing announced. */
  public static final AnnouncedLimits NONE = new AnnouncedLimits(List.of(), List.of());

  /** What a limit counts. */
  public enum Dimension {
    /** Requests per minute. */
    REQUESTS("requests"),
    /**
     * Tokens per minute: OpenAI counts the prompt plus the requested {@code max_tokens} at
     * admission; Anthropic's combined {@code tokens} limit is the most restrictive of its input and
     * output limits.
     */
    TOKENS("tokens"),
    /** Anthropic's input tokens per minute. */
    INPUT_TOKENS("input tokens"),
    /** Anthropic's output tokens per minute (estimated from max_tokens, then the actual count). */
    OUTPUT_TOKENS("output tokens");

    private final String words;

    Dimension(String words) {
      this.words = words;
    }

    /** The unit in prose: {@code requests}, {@code input tokens}, ... */
    public String words() {
      return words;
    }
  }

  /**
   * One announced limit.
   *
   * @param limit the most the server allows per minute, above 0
   * @param remaining what is left now, or -1 when not announced
   * @param resetAt when the limit is full again (OpenAI: now + the reset duration; Anthropic: its
   *     RFC 3339 time), or null when not announced
   */
  public record Announced(Dimension dimension, long limit, long remaining, Instant resetAt) {
    public Announced {
      Objects.requireNonNull(dimension, "dimension");
      if (limit <= 0) {
        throw new IllegalArgumentException("an announced limit must be above 0, was " + limit);
      }
      if (remaining < -1) {
        throw new IllegalArgumentException("remaining must be -1 (unknown) or more: " + remaining);
      }
    }

    /** True when the server said nothing is left of this limit. */
    public boolean exhausted() {
      return remaining == 0;
    }
  }

  public AnnouncedLimits {
    limits = List.copyOf(limits);
    problems = List.copyOf(problems);
  }

  public Optional<Announced> get(Dimension dimension) {
    return limits.stream().filter(a -> a.dimension() == dimension).findFirst();
  }

  /** True when some announced limit has nothing left. */
  public boolean exhausted() {
    return limits.stream().anyMatch(Announced::exhausted);
  }

  public boolean isEmpty() {
    return limits.isEmpty() && problems.isEmpty();
  }
}
