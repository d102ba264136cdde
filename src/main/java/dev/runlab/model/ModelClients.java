package dev.runlab.model;

import dev.runlab.RunlabException;
import dev.runlab.experiment.ExperimentConfig;
import dev.runlab.experiment.ModelConfig;

/** Creates the {@link ModelClient} that an experiment's config names. */
public final class ModelClients {
  private ModelClients() {}

  public static ModelClient create(ExperimentConfig config, Sleeper sleeper) {
    ModelConfig model = config.model();
    return switch (model.provider()) {
      case ModelConfig.SIM -> new SimulatedModel(model, config.parse(), sleeper);
      default ->
          throw RunlabException.usage(
              "model.provider "
                  + model.provider()
                  + " is not supported by this build of runlab;"
                  + " use provider: sim");
    };
  }

  /** How outputs name the model: simulated models say so. */
  public static String displayName(ModelConfig model) {
    return model.isSimulated() ? model.name() + " (simulated)" : model.name();
  }
}
