package dev.runlab.store;

import dev.runlab.experiment.Status;
import java.time.Instant;

/** One row of {@code experiments}, as read at one moment. Immutable. */
public record ExperimentRecord(
    long id,
    String name,
    Status status,
    String model,
    String provider,
    String configJson,
    String configHash,
    String configPath,
    String dataPath,
    String dataChecksum,
    long datasetId,
    long total,
    long completed,
    long errors,
    Instant startedAt,
    Instant completedAt,
    Instant lastProgressUpdate,
    Instant estimatedCompletion,
    Double recentRate,
    double activeSeconds,
    String controlRequest,
    String statusMessage,
    long requests,
    long rateLimited,
    long promptTokens,
    long completionTokens,
    Instant backoffUntil,
    String pacingJson) {

  public long remaining() {
    return total - completed;
  }

  public double percentDone() {
    return total == 0 ? 100.0 : 100.0 * completed / total;
  }
}
