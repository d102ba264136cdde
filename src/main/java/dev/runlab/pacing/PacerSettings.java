package dev.runlab.pacing;

import java.util.Objects;

/**
 * What a run's pacer is configured with. Immutable.
 *
 * @param requestsPerMinute {@code run.requests_per_minute}, 0 for none
 * @param tokensPerMinute {@code run.tokens_per_minute}, 0 for none (counted as {@code counting}
 *     says)
 * @param maxTokens {@code model.max_tokens}: what a request may answer at most
 * @param counting how the provider counts tokens
 */
public record PacerSettings(
    int requestsPerMinute, int tokensPerMinute, int maxTokens, TokenCounting counting) {
  public PacerSettings {
    if (requestsPerMinute < 0) {
      throw new IllegalArgumentException(
          "requests per minute must be 0 or more, was " + requestsPerMinute);
    }
    if (tokensPerMinute < 0) {
      throw new IllegalArgumentException(
          "tokens per minute must be 0 or more, was " + tokensPerMinute);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max tokens must be at least 1, was " + maxTokens);
    }
    Objects.requireNonNull(counting, "counting");
  }
}
