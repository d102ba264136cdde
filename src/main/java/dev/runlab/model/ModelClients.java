package dev.runlab.model;

import dev.runlab.ConfigException;
import dev.runlab.RunlabException;
import dev.runlab.experiment.ExperimentConfig;
import dev.runlab.experiment.ModelConfig;
import dev.runlab.experiment.ParseConfig;
import dev.runlab.model.http.AnthropicBatches;
import dev.runlab.model.http.AnthropicClient;
import dev.runlab.model.http.OpenAiBatches;
import dev.runlab.model.http.OpenAiClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Creates the {@link ModelClient} that an experiment's config names. */
public final class ModelClients {
  private ModelClients() {}

  public static ModelClient create(ExperimentConfig config, Sleeper sleeper) {
    return create(config, sleeper, Clock.systemUTC(), System::getenv);
  }

  /**
   * The client of the config's provider. An API provider's key is read here, from the variable that
   * {@code model.api_key_env} names: when it is missing, a {@link ConfigException} (exit 2) names
   * the variable before any request is sent. The key itself never appears in a message.
   *
   * @param environment reads an environment variable (System::getenv outside tests)
   */
  public static ModelClient create(
      ExperimentConfig config, Sleeper sleeper, Clock clock, UnaryOperator<String> environment) {
    ModelConfig model = config.model();
    return switch (model.provider()) {
      case ModelConfig.SIM ->
          new SimulatedModel(model, config.parse(), sleeper, SimGate.from(environment, sleeper));
      case ModelConfig.OPENAI ->
          new OpenAiClient(
              model,
              apiKey(model, environment),
              clock,
              OpenAiClient.maxTokensField(model),
              OpenAiClient.responseFormat(model, config.parse()));
      case ModelConfig.ANTHROPIC -> new AnthropicClient(model, apiKey(model, environment), clock);
      default ->
          throw RunlabException.usage(
              "model.provider "
                  + model.provider()
                  + " is not supported; use sim, openai or anthropic");
    };
  }

  /**
   * The batch API of the config's provider (OpenAI Files + Batches, Anthropic Message Batches),
   * with the same key, headers and request bodies as its online client; a usage error (exit 2) for
   * a provider that has none, and a {@link ConfigException} when the key is missing.
   */
  public static BatchApi batchApi(
      ExperimentConfig config, Clock clock, UnaryOperator<String> environment) {
    ModelConfig model = config.model();
    Duration timeout = Duration.ofSeconds(Math.max(60, config.run().timeoutSeconds()));
    return switch (model.provider()) {
      case ModelConfig.OPENAI ->
          new OpenAiBatches(
              new OpenAiClient(
                  model,
                  apiKey(model, environment),
                  clock,
                  OpenAiClient.maxTokensField(model),
                  OpenAiClient.responseFormat(model, config.parse())),
              model.baseUrl(),
              timeout);
      case ModelConfig.ANTHROPIC ->
          new AnthropicBatches(
              new AnthropicClient(model, apiKey(model, environment), clock),
              model.baseUrl(),
              timeout);
      default ->
          throw RunlabException.usage(
              "run.mode batch needs a provider with a batch API (openai or anthropic); model.provider "
                  + model.provider()
                  + " has none: use run.mode online");
    };
  }

  /** The variable that holds the provider's key: {@code model.api_key_env} or the default. */
  public static String apiKeyVariable(ModelConfig model) {
    return model.apiKeyEnv() != null && !model.apiKeyEnv().isBlank()
        ? model.apiKeyEnv()
        : ModelConfig.defaultApiKeyEnv(model.provider());
  }

  private static String apiKey(ModelConfig model, UnaryOperator<String> environment) {
    String variable = apiKeyVariable(model);
    String key = environment.apply(variable);
    if (key == null || key.isBlank()) {
      throw new ConfigException(
          "model.api_key_env: the environment variable "
              + variable
              + " is not set, so no request was sent; export "
              + variable
              + " with your "
              + model.provider()
              + " API key (or point model.api_key_env at the variable that holds it)");
    }
    return key.strip();
  }

  /**
   * The simulated model's keyword classifier (deterministic for a seed), for stand-in servers: text
   * to one of {@code labels} (the built-in injury mechanisms when empty).
   */
  public static Function<String, String> keywordClassifier(List<String> labels, long seed) {
    ModelConfig model =
        ModelConfig.builder(ModelConfig.SIM, ModelConfig.DEFAULT_SIM_NAME).seed(seed).build();
    SimulatedModel sim =
        new SimulatedModel(
            model, new ParseConfig(ParseConfig.Type.LABEL, null, labels, null), null, null);
    return text -> sim.classify(text, 1);
  }

  /** How outputs name the model: simulated models say so. */
  public static String displayName(ModelConfig model) {
    return model.isSimulated() ? model.name() + " (simulated)" : model.name();
  }
}
