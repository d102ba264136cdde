package dev.runlab.pacing;

/**
 * How a provider counts the tokens of a request against its token limits, so that runlab can
 * estimate them before sending (docs/pacing.md): OpenAI counts the prompt plus the requested {@code
 * max_tokens} at admission; Anthropic counts input and output tokens against separate limits, the
 * output first as {@code max_tokens} and then as what the answer used.
 */
public enum TokenCounting {
  /** {@code tokens} = prompt + max_tokens; {@code run.tokens_per_minute} caps that. */
  OPENAI,
  /**
   * {@code input tokens} = prompt, {@code output tokens} = the answer, {@code tokens} = both;
   * {@code run.tokens_per_minute} caps the input tokens (Anthropic's ITPM).
   */
  ANTHROPIC,
  /** The simulated model: {@code run.tokens_per_minute} caps the prompt tokens. */
  SIMULATED;

  /** The counting of a {@code model.provider} value. */
  public static TokenCounting of(String provider) {
    return switch (provider) {
      case "openai" -> OPENAI;
      case "anthropic" -> ANTHROPIC;
      default -> SIMULATED;
    };
  }
}
