package dev.runlab.store;

import dev.runlab.InvalidStateException;
import dev.runlab.RunlabException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

/**
 * The refusals of a {@link StoreCopy}, all made before anything is written: an id the source does
 * not have, an experiment a live process runs, an id the target has already, and a provider batch
 * or worker the target holds already (copied there before). Stateless.
 */
final class CopyChecks {
  private static final String EXPERIMENTS =
      """
      SELECT experiment_id, status, dataset_id FROM experiments ORDER BY experiment_id
      """;

  private CopyChecks() {}

  /** One experiment at the source: what choosing and copying it needs to know. */
  record Chosen(long id, String status, long datasetId) {}

  /**
   * The experiments {@code ids} names at the source (every one when empty), in id order; a usage
   * error (exit 2) naming the ids the source lacks, or exit 5 naming those a live process runs.
   */
  static List<Chosen> choose(Database from, List<Long> ids, LongPredicate runsNow)
      throws SQLException {
    Map<Long, Chosen> all = new LinkedHashMap<>();
    try (PreparedStatement ps = from.connection().prepareStatement(EXPERIMENTS);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        all.put(rs.getLong(1), new Chosen(rs.getLong(1), rs.getString(2), rs.getLong(3)));
      }
    }
    if (ids.isEmpty()) {
      return refuseRunning(from, List.copyOf(all.values()), runsNow);
    }
    TreeSet<Long> wanted = new TreeSet<>(ids);
    List<Long> unknown = wanted.stream().filter(id -> !all.containsKey(id)).toList();
    if (!unknown.isEmpty()) {
      throw RunlabException.usage(
          "no "
              + experiments(unknown)
              + " in "
              + from.location().display()
              + "; `runlab list --db "
              + from.location().display()
              + "` shows the experiments there");
    }
    return refuseRunning(from, wanted.stream().map(all::get).toList(), runsNow);
  }

  private static List<Chosen> refuseRunning(
      Database from, List<Chosen> chosen, LongPredicate runsNow) {
    List<Long> live =
        chosen.stream()
            .filter(c -> c.status().equals("running") && runsNow.test(c.id()))
            .map(Chosen::id)
            .toList();
    if (!live.isEmpty()) {
      String first = String.valueOf(live.get(0));
      throw new InvalidStateException(
          experiments(live)
              + " in "
              + from.location().display()
              + (live.size() == 1 ? " is" : " are")
              + " running (a live process holds the lock); a running experiment is not copied:"
              + " pause it (`runlab pause "
              + first
              + " --db "
              + from.location().display()
              + "`) or let it end, then copy it");
    }
    return chosen;
  }

  /** A usage error naming the chosen ids the target has already, when it has any. */
  static void refuseTakenIds(Database to, List<Chosen> chosen) throws SQLException {
    List<Long> taken = new ArrayList<>();
    try (PreparedStatement ps =
        to.connection().prepareStatement("SELECT 1 FROM experiments WHERE experiment_id = ?")) {
      for (Chosen c : chosen) {
        ps.setLong(1, c.id());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            taken.add(c.id());
          }
        }
      }
    }
    if (!taken.isEmpty()) {
      throw RunlabException.usage(
          to.location().display()
              + " has "
              + experiments(taken)
              + " already; nothing was copied. --renumber gives the copies new ids there");
    }
  }

  /**
   * A usage error when the target holds a provider batch or a worker of a chosen experiment (its
   * key is the same at both stores): one batch answered into two experiments would be ingested
   * twice, so an experiment with batches is copied to a store once, even with --renumber.
   */
  static void refuseTakenKeys(Database from, Database to, List<Chosen> chosen) throws SQLException {
    refuseTaken(from, to, chosen, "provider_batches", "submission_id", "provider batch");
    refuseTaken(from, to, chosen, "workers", "worker_id", "worker");
  }

  private static void refuseTaken(
      Database from, Database to, List<Chosen> chosen, String table, String key, String what)
      throws SQLException {
    String keys = "SELECT " + key + " FROM " + table + " WHERE experiment_id = ?";
    String owner = "SELECT experiment_id FROM " + table + " WHERE " + key + " = ?";
    try (PreparedStatement source = from.connection().prepareStatement(keys);
        PreparedStatement target = to.connection().prepareStatement(owner)) {
      for (Chosen c : chosen) {
        source.setLong(1, c.id());
        try (ResultSet rs = source.executeQuery()) {
          while (rs.next()) {
            target.setString(1, rs.getString(1));
            try (ResultSet found = target.executeQuery()) {
              if (found.next()) {
                throw takenKey(to, c.id(), what, rs.getString(1), found.getLong(1));
              }
            }
          }
        }
      }
    }
  }

  private static RunlabException takenKey(
      Database to, long id, String what, String key, long holder) {
    return RunlabException.usage(
        "experiment "
            + id
            + "'s "
            + what
            + " "
            + key
            + " is in "
            + to.location().display()
            + " already (experiment "
            + holder
            + "'s, an earlier copy?); a "
            + what
            + " belongs to one experiment, so experiment "
            + id
            + " is not copied there again, not even with --renumber; nothing was copied");
  }

  /** "experiment 3" or "experiments 3, 5". */
  static String experiments(List<Long> ids) {
    return (ids.size() == 1 ? "experiment " : "experiments ")
        + ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
