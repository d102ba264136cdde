package dev.runlab.experiment;

import java.util.Objects;

/**
 * The {@code model:} section. Immutable.
 *
 * @param provider {@code sim}, {@code openai} or {@code anthropic}
 * @param name the model name sent to the API (for {@code sim}: a label for reports)
 * @param baseUrl the API base URL, or {@code null} for the provider's default
 * @param apiKeyEnv the environment variable that holds the API key (never the key itself)
 * @param temperature sampling temperature
 * @param seed sampling seed (the sim model's answers are a function of it), or {@code null}
 * @param maxTokens the answer length limit
 * @param latencyMs sim only: how long each simulated request takes
 * @param faults sim only: the share of requests that fail in each way
 * @param pricePerMillion optional price per million tokens, for cost so far and cost to finish
 * @param maxTokensField openai only: the body field that carries {@code max_tokens}: {@code auto}
 *     ({@code max_completion_tokens} for api.openai.com, {@code max_tokens} elsewhere), {@code
 *     max_tokens} or {@code max_completion_tokens}
 * @param responseFormat openai only: {@code none}, {@code json_object}, or {@code json_schema} (a
 *     strict schema built from {@code parse.field} and {@code parse.labels})
 * @param batchDiscount the share of the price that the provider's batch API takes off (0.5: half
 *     price), for the cost of batch mode
 */
public record ModelConfig(
    String provider,
    String name,
    String baseUrl,
    String apiKeyEnv,
    double temperature,
    Long seed,
    int maxTokens,
    long latencyMs,
    FaultRates faults,
    Price pricePerMillion,
    String maxTokensField,
    String responseFormat,
    double batchDiscount) {

  public static final String SIM = "sim";
  public static final String OPENAI = "openai";
  public static final String ANTHROPIC = "anthropic";

  /** The model name of the simulated provider when the config names none. */
  public static final String DEFAULT_SIM_NAME = "sim-keyword";

  public static final String AUTO = "auto";
  public static final String NONE = "none";
  public static final String JSON_OBJECT = "json_object";
  public static final String JSON_SCHEMA = "json_schema";

  /** The batch APIs of OpenAI and Anthropic charge half the online price. */
  public static final double DEFAULT_BATCH_DISCOUNT = 0.5;

  public ModelConfig {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(maxTokensField, "maxTokensField");
    Objects.requireNonNull(responseFormat, "responseFormat");
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "temperature must be a finite number of at least 0, was " + temperature);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max_tokens must be at least 1, was " + maxTokens);
    }
    if (latencyMs < 0) {
      throw new IllegalArgumentException("latency_ms must not be negative, was " + latencyMs);
    }
    if (!(batchDiscount >= 0 && batchDiscount <= 1)) {
      throw new IllegalArgumentException(
          "batch_discount must be between 0 and 1, was " + batchDiscount);
    }
  }

  /**
   * Settings built by name: {@code ModelConfig.builder("sim", "sim-keyword").seed(7L).build()}.
   * What is not set is none (base URL, API key variable, seed, price), 0 (temperature, latency), no
   * faults, 256 max tokens, and {@code auto} / {@code none} for the OpenAI-only keys.
   */
  public static Builder builder(String provider, String name) {
    return new Builder(provider, name);
  }

  /** Builds a {@link ModelConfig} by name. Not thread-safe. */
  public static final class Builder {
    private final String provider;
    private final String name;
    private String baseUrl;
    private String apiKeyEnv;
    private double temperature;
    private Long seed;
    private int maxTokens = 256;
    private long latencyMs;
    private FaultRates faults = FaultRates.NONE;
    private Price pricePerMillion;
    private String maxTokensField = AUTO;
    private String responseFormat = NONE;
    private double batchDiscount = DEFAULT_BATCH_DISCOUNT;

    private Builder(String provider, String name) {
      this.provider = provider;
      this.name = name;
    }

    public Builder baseUrl(String value) {
      baseUrl = value;
      return this;
    }

    public Builder apiKeyEnv(String value) {
      apiKeyEnv = value;
      return this;
    }

    public Builder temperature(double value) {
      temperature = value;
      return this;
    }

    public Builder seed(Long value) {
      seed = value;
      return this;
    }

    public Builder maxTokens(int value) {
      maxTokens = value;
      return this;
    }

    public Builder latencyMs(long value) {
      latencyMs = value;
      return this;
    }

    public Builder faults(FaultRates value) {
      faults = value;
      return this;
    }

    public Builder pricePerMillion(Price value) {
      pricePerMillion = value;
      return this;
    }

    public Builder maxTokensField(String value) {
      maxTokensField = value;
      return this;
    }

    public Builder responseFormat(String value) {
      responseFormat = value;
      return this;
    }

    public Builder batchDiscount(double value) {
      batchDiscount = value;
      return this;
    }

    /** The settings; an IllegalArgumentException naming the setting when one is out of range. */
    public ModelConfig build() {
      return new ModelConfig(
          provider,
          name,
          baseUrl,
          apiKeyEnv,
          temperature,
          seed,
          maxTokens,
          latencyMs,
          faults,
          pricePerMillion,
          maxTokensField,
          responseFormat,
          batchDiscount);
    }
  }

  public boolean isSimulated() {
    return SIM.equals(provider);
  }

  /**
   * The environment variable that holds the API key when the config names none: {@code
   * OPENAI_API_KEY} for openai, {@code ANTHROPIC_API_KEY} for anthropic, {@code null} otherwise.
   */
  public static String defaultApiKeyEnv(String provider) {
    return switch (provider) {
      case OPENAI -> "OPENAI_API_KEY";
      case ANTHROPIC -> "ANTHROPIC_API_KEY";
      default -> null;
    };
  }

  /**
   * The most requests one batch of the provider's batch API holds: OpenAI 50,000 per input file,
   * Anthropic 100,000 per message batch; 0 for a provider without a batch API (the sim model).
   */
  public static int maxBatchRequests(String provider) {
    return switch (provider) {
      case OPENAI -> 50_000;
      case ANTHROPIC -> 100_000;
      default -> 0;
    };
  }

  /** Fault rates of the simulated model, each a probability in [0, 1]. */
  public record FaultRates(double rateLimit, double serverError, double timeout, double badOutput) {
    public static final FaultRates NONE = new FaultRates(0, 0, 0, 0);

    public FaultRates {
      for (double rate : new double[] {rateLimit, serverError, timeout, badOutput}) {
        if (!(rate >= 0 && rate <= 1)) {
          throw new IllegalArgumentException("fault rates must be between 0 and 1, was " + rate);
        }
      }
    }
  }

  /** Price in the user's currency per million input and output tokens. */
  public record Price(double input, double output) {
    public Price {
      if (input < 0 || output < 0) {
        throw new IllegalArgumentException("prices must not be negative: " + input + ", " + output);
      }
    }
  }
}
