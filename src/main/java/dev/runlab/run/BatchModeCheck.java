package dev.runlab.run;

import dev.runlab.ConfigException;
import dev.runlab.RunlabException;
import dev.runlab.experiment.ExperimentConfig;
import dev.runlab.experiment.ModelConfig;
import dev.runlab.store.Database;
import dev.runlab.store.ProviderBatch;
import dev.runlab.store.ProviderBatches;
import java.util.List;

/**
 * What a resume checks about {@code run.mode}, which may change on resume: batch mode needs a
 * provider with a batch API; online mode must not start while batches of the experiment may still
 * answer (their narratives would be sent twice). Stateless.
 */
final class BatchModeCheck {
  private BatchModeCheck() {}

  static void check(Database db, long experimentId, ExperimentConfig config) {
    ModelConfig model = config.model();
    if (config.run().batchMode() && ModelConfig.maxBatchRequests(model.provider()) == 0) {
      throw new ConfigException(
          "run.mode: batch needs a provider with a batch API (openai or anthropic), and experiment "
              + experimentId
              + " uses "
              + model.provider()
              + "; resume it with run.mode: online");
    }
    if (config.run().batchMode()) {
      return;
    }
    List<ProviderBatch> open = new ProviderBatches(db).unfinished(experimentId);
    if (!open.isEmpty()) {
      long held = open.stream().mapToLong(ProviderBatch::requests).sum();
      throw RunlabException.usage(
          "experiment "
              + experimentId
              + " has "
              + open.size()
              + " provider batches not yet read (holding "
              + held
              + " narratives), which may still answer; resume it with run.mode: batch until they"
              + " are read (or `runlab cancel "
              + experimentId
              + "`), then online");
    }
  }
}
