package dev.runlab.pacing;

/**
 * Estimates a request's tokens as the provider will count them, before it is sent: runlab's own
 * count (characters / 4) scaled by what the provider's {@code usage} said of earlier requests, and
 * the answer's length from the answers so far (at first {@code max_tokens}, as the provider itself
 * estimates). Not thread-safe: the pacer guards it.
 */
final class TokenEstimator {
  private static final double WEIGHT = 0.05; // of each new observation in the moving averages

  private final int maxTokens;
  private double promptRatio = 1.0; // provider's prompt tokens per token of runlab's count
  private boolean calibrated;
  private double completion = -1; // mean answer tokens, -1 until the first usage

  TokenEstimator(int maxTokens) {
    this.maxTokens = maxTokens;
  }

  /** The prompt tokens the provider will count for a prompt of {@code ownCount} by ours. */
  double prompt(int ownCount) {
    return Math.max(1, ownCount * promptRatio);
  }

  /** The answer tokens to expect (never more than max_tokens). */
  double completion() {
    return completion < 0 ? maxTokens : Math.min(maxTokens, completion);
  }

  int maxTokens() {
    return maxTokens;
  }

  /** Learns from a reply's usage; either count may be null (the server did not say). */
  void observe(int ownCount, Integer promptTokens, Integer completionTokens) {
    if (promptTokens != null && promptTokens > 0 && ownCount > 0) {
      double ratio = promptTokens / (double) ownCount;
      promptRatio = calibrated ? promptRatio + WEIGHT * (ratio - promptRatio) : ratio;
      calibrated = true;
    }
    if (completionTokens != null && completionTokens >= 0) {
      completion =
          completion < 0 ? completionTokens : completion + WEIGHT * (completionTokens - completion);
    }
  }

  double promptRatio() {
    return promptRatio;
  }
}
