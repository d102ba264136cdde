package dev.runlab.run;

import dev.runlab.experiment.ExperimentConfig;
import dev.runlab.experiment.ModelConfig;
import dev.runlab.experiment.PromptTemplate;
import dev.runlab.model.ModelClients;
import dev.runlab.store.Database;
import dev.runlab.store.Datasets.Dataset;
import dev.runlab.store.Results;

/** Counts and estimates for {@code --dry-run}: reads only. */
final class DryRuns {
  private DryRuns() {}

  /**
   * Estimates the requests of a start or resume ({@code errorsOf} null), or of a retry-errors (the
   * error rows, of one category when {@code errorsOf} names one; "" for all).
   */
  static DryRunReport estimate(
      Database db,
      long experimentId,
      ExperimentConfig config,
      Dataset dataset,
      String errorsOf,
      long limit) {
    Results results = new Results(db);
    String category = errorsOf == null || errorsOf.isEmpty() ? null : errorsOf;
    PendingItems.Pages pages;
    if (errorsOf != null) {
      pages = (after, size) -> results.errorPage(experimentId, dataset.id(), category, after, size);
    } else if (config.run().batchMode()) {
      // narratives that open batches hold are not sent again: they are read from their batches
      pages = (after, size) -> results.unheldPendingPage(experimentId, dataset.id(), after, size);
    } else {
      pages = PendingItems.pending(results, experimentId, dataset);
    }
    PendingItems items =
        new PendingItems(
            pages,
            dataset,
            config.prompt().system() == null
                ? null
                : PromptTemplate.parse(config.prompt().system()),
            PromptTemplate.parse(config.prompt().template()),
            limit);
    long promptTokens = 0;
    long count = 0;
    while (items.hasNext()) {
      promptTokens += items.next().estimatedTokens();
      count++;
    }
    long completionTokens = count * config.model().maxTokens();
    ModelConfig.Price price = config.model().pricePerMillion();
    boolean batch = config.run().batchMode();
    double share = batch ? 1 - config.model().batchDiscount() : 1;
    Double cost =
        price == null
            ? null
            : share
                * (promptTokens * price.input() + completionTokens * price.output())
                / 1_000_000.0;
    return new DryRunReport(
        experimentId,
        ModelClients.displayName(config.model()),
        dataset.rows(),
        count,
        promptTokens,
        completionTokens,
        cost,
        batch);
  }
}
