package dev.runlab.lab;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Results completed over time, from their stored {@code completed_at}: counted in equal buckets (1
 * s to 1 day, at most {@value #MAX_BUCKETS} of them), with the rate per minute of each (to a tenth)
 * and the bucket's start in seconds, minutes or hours since the first result (as fits the run's
 * length, to two decimals).
 */
final class Throughput {
  static final int MAX_BUCKETS = 60;
  private static final long[] BUCKET_SECONDS = {
    1, 5, 10, 30, 60, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400
  };

  private Throughput() {}

  static Table table(long experimentId, List<Instant> times) {
    Instant first = times.isEmpty() ? Instant.EPOCH : times.get(0);
    long span =
        times.isEmpty() ? 0 : Duration.between(first, times.get(times.size() - 1)).toSeconds();
    long bucket = bucketSeconds(span);
    int n = times.isEmpty() ? 0 : (int) (span / bucket) + 1;
    int[] counts = new int[n];
    for (Instant t : times) {
      counts[(int) (Duration.between(first, t).toSeconds() / bucket)]++;
    }
    long unit = span > 3 * 3600 ? 3600 : span > 120 ? 60 : 1;
    DoubleColumn since = DoubleColumn.create(unitName(unit) + "_since_first_result");
    StringColumn start = StringColumn.create("bucket_start");
    IntColumn completed = IntColumn.create("completed");
    DoubleColumn perMinute = DoubleColumn.create("per_minute");
    for (int i = 0; i < n; i++) {
      long offset = i * bucket;
      since.append(Math.round(offset * 100.0 / unit) / 100.0);
      // to the second: the buckets are whole seconds from the first result
      start.append(first.plusSeconds(offset).truncatedTo(ChronoUnit.SECONDS).toString());
      completed.append(counts[i]);
      perMinute.append(Math.round(counts[i] * 600.0 / bucket) / 10.0);
    }
    return Table.create(
        "throughput of experiment " + experimentId + " (" + bucket + " s buckets)",
        since,
        start,
        completed,
        perMinute);
  }

  /** "seconds", "minutes" or "hours": the unit of the time column for a unit of that many s. */
  static String unitName(long unitSeconds) {
    return unitSeconds == 3600 ? "hours" : unitSeconds == 60 ? "minutes" : "seconds";
  }

  static long bucketSeconds(long spanSeconds) {
    for (long b : BUCKET_SECONDS) {
      if (spanSeconds / b < MAX_BUCKETS) {
        return b;
      }
    }
    return (spanSeconds / MAX_BUCKETS) + 1;
  }
}
