package dev.runlab.pacing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a run's pacing does: each limit in force and where it came from, the request rate now, the
 * 429s of the last minute and how many of them were sporadic, and whether the circuit breaker is
 * open. Stored as JSON with each commit ({@code experiments.pacing_json}) so that {@code runlab
 * status} in another process can say it. Immutable.
 *
 * @param limits every limit known, lowest first within each dimension (the first one binds)
 * @param holdUntil until when every worker waits (a server said a limit is exhausted, or the
 *     circuit breaker is open), or null; stored in {@code experiments.backoff_until}, not in the
 *     JSON
 */
public record PacingState(
    List<Limit> limits,
    double requestsPerSecond,
    int rateLimitedLastMinute,
    int sporadicLastMinute,
    boolean circuitOpen,
    Instant holdUntil) {
  /** No pacing at all. */
  public static final PacingState NONE = new PacingState(List.of(), 0, 0, 0, false, null);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where a limit came from. */
  public enum Source {
    CONFIGURED,
    ANNOUNCED,
    LEARNED;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One limit.
   *
   * @param unit what it counts, in words: {@code requests}, {@code tokens}, {@code input tokens},
   *     {@code output tokens}
   */
  public record Limit(String unit, double perMinute, Source source) {
    public Limit {
      Objects.requireNonNull(unit, "unit");
      Objects.requireNonNull(source, "source");
      if (!(perMinute > 0)) {
        throw new IllegalArgumentException("a limit must be above 0 per minute, was " + perMinute);
      }
    }

    String describe() {
      double rounded = perMinute >= 100 ? Math.round(perMinute) : perMinute;
      String number =
          rounded == Math.rint(rounded)
              ? String.format(Locale.ROOT, "%,d", (long) rounded)
              : String.format(Locale.ROOT, "%.1f", rounded);
      return number + " " + unit + "/min";
    }
  }

  public PacingState {
    limits = List.copyOf(limits);
  }

  /**
   * The limits in force, one phrase per unit: the binding one with its source, then any higher ones
   * from other sources, e.g. {@code 500 requests/min (configured; announced 600)}.
   */
  public List<String> limitsInForce() {
    List<String> out = new ArrayList<>();
    List<String> units = limits.stream().map(Limit::unit).distinct().toList();
    for (String unit : units) {
      List<Limit> of = limits.stream().filter(l -> l.unit().equals(unit)).toList();
      StringBuilder s = new StringBuilder(of.get(0).describe());
      s.append(" (").append(of.get(0).source().word());
      for (Limit other : of.subList(1, of.size())) {
        s.append("; ").append(other.source().word()).append(' ');
        s.append(other.describe().replace(" " + unit + "/min", ""));
      }
      out.add(s.append(')').toString());
    }
    return out;
  }

  /** One line for {@code runlab status}: rate, limits in force, 429s, breaker. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%.2f requests/s now; ", requestsPerSecond));
    List<String> inForce = limitsInForce();
    s.append(
        inForce.isEmpty()
            ? "no limit in force (none configured, announced or learned)"
            : "limits " + String.join(", ", inForce));
    s.append("; ").append(rateLimitedLastMinute).append(" 429s in the last minute");
    if (rateLimitedLastMinute > 0) {
      s.append(" (")
          .append(sporadicLastMinute)
          .append(" sporadic: retried after their hint without slowing the run)");
    }
    if (circuitOpen) {
      s.append("; circuit breaker open (most recent requests failed with server errors)");
    }
    return s.toString();
  }

  /** A short form for the lab's status line: rate and binding limits. */
  public String brief() {
    List<String> inForce = limitsInForce();
    String rate = String.format(Locale.ROOT, "%.1f req/s", requestsPerSecond);
    if (inForce.isEmpty()) {
      return rate + ", no limit";
    }
    List<String> binding = new ArrayList<>();
    for (String phrase : inForce) {
      int cut = phrase.indexOf(';');
      binding.add(cut < 0 ? phrase : phrase.substring(0, cut) + ")");
    }
    return rate + ", limit " + String.join(", ", binding);
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode array = root.putArray("limits");
    for (Limit l : limits) {
      array
          .addObject()
          .put("unit", l.unit())
          .put("per_minute", l.perMinute())
          .put("source", l.source().word());
    }
    root.put("requests_per_second", requestsPerSecond);
    root.put("rate_limited_last_minute", rateLimitedLastMinute);
    root.put("sporadic_429_last_minute", sporadicLastMinute);
    root.put("circuit_open", circuitOpen);
    return root.toString();
  }

  /** The state stored by {@link #toJson()}; null for null or text that is not such JSON. */
  public static PacingState fromJson(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(json);
      List<Limit> limits = new ArrayList<>();
      for (JsonNode l : root.path("limits")) {
        limits.add(
            new Limit(
                l.path("unit").asText(),
                l.path("per_minute").asDouble(),
                Source.valueOf(l.path("source").asText().toUpperCase(Locale.ROOT))));
      }
      return new PacingState(
          limits,
          root.path("requests_per_second").asDouble(),
          root.path("rate_limited_last_minute").asInt(),
          root.path("sporadic_429_last_minute").asInt(),
          root.path("circuit_open").asBoolean(),
          null);
    } catch (IOException | IllegalArgumentException e) {
      return null; // written by an older runlab, or damaged: status goes on without it
    }
  }
}
