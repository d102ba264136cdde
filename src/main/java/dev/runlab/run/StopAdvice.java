package dev.runlab.run;

import dev.runlab.experiment.ModelConfig;
import dev.runlab.model.ErrorCategory;

/** What a user does about the error that stopped a run, said with the run's failure. */
final class StopAdvice {
  private StopAdvice() {}

  /**
   * What the user does about an error that stopped the run (README, Errors and retries: one clear
   * message): empty for other stops.
   */
  static String whatToDo(RunSpec spec, ErrorCategory category) {
    if (category == null) {
      return "";
    }
    ModelConfig model = spec.config().model();
    String variable =
        model.apiKeyEnv() != null
            ? model.apiKeyEnv()
            : ModelConfig.defaultApiKeyEnv(model.provider());
    String resume = "resume with `runlab resume " + spec.experimentId() + "`";
    return switch (category) {
      case AUTH ->
          " — the server refused the API key in "
              + variable
              + " (model.api_key_env): put a valid key in "
              + variable
              + ", then "
              + resume;
      case QUOTA_EXHAUSTED ->
          " — the account of the API key in "
              + variable
              + " has no quota or credit left: add credit or raise the limit with the provider,"
              + " then "
              + resume;
      case NOT_FOUND ->
          " — the server at "
              + (model.baseUrl() == null ? "the provider's default URL" : model.baseUrl())
              + " does not serve model '"
              + model.name()
              + "': check model.name and model.base_url (a local server may need the model"
              + " pulled first), then "
              + resume
              + "; another model or URL needs a new experiment";
      default -> "";
    };
  }
}
