package dev.runlab.run;

import java.util.Locale;

/**
 * What a run would do, from {@code --dry-run}: every check passed, nothing sent or written.
 *
 * @param experimentId the experiment to resume, or 0 for a new one
 * @param pending narratives that would be sent (after {@code --limit})
 * @param promptTokens estimated input tokens of those requests
 * @param completionTokens estimated output tokens (at most max_tokens each)
 * @param cost estimated cost in the config's price unit, or null without a price table
 * @param batchPrice whether the cost is at the batch price ({@code run.mode: batch})
 */
public record DryRunReport(
    long experimentId,
    String model,
    long total,
    long pending,
    long promptTokens,
    long completionTokens,
    Double cost,
    boolean batchPrice) {

  public String describe() {
    String target = experimentId == 0 ? "a new experiment" : "experiment " + experimentId;
    String costText =
        cost == null
            ? "no price table in the config (model.price_per_million), so no cost estimate"
            : String.format(
                Locale.ROOT,
                "estimated cost %.2f%s",
                cost,
                batchPrice ? " at the batch price (model.batch_discount off)" : "");
    return String.format(
        Locale.ROOT,
        "dry run: %s with %s would send %d of %d narratives: about %d input and at most %d output"
            + " tokens; %s. Nothing was sent or written.",
        target,
        model,
        pending,
        total,
        promptTokens,
        completionTokens,
        costText);
  }
}
