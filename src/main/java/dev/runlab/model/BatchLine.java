package dev.runlab.model;

/**
 * One line of a batch's results: the request's {@code custom_id} and what came back, read exactly
 * as an online reply (same categories, tokens and finish reasons). A line that could not be read
 * (not JSON, no {@code custom_id}) has a null {@code customId} and a {@code protocol} failure.
 * Immutable.
 */
public record BatchLine(String customId, ModelReply reply) {
  /** Whether the line names a request. */
  public boolean readable() {
    return customId != null;
  }
}
