package dev.runlab.store;

import dev.runlab.store.CopyChecks.Chosen;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Copies experiments from one store to another ({@code runlab db copy}): each with its data set
 * (reused at the target when the target has the same one, by the table's unique key), its results,
 * events, provider batches and workers. The source is read in one snapshot (a read transaction held
 * from {@link #of} to {@link #close}), and the whole copy is one transaction at the target, so a
 * refusal or a failure leaves the target as it was. Result and event ids are the target's own;
 * experiment ids are kept, or new with {@code renumber}.
 *
 * <p>Not thread-safe: it uses the two stores' connections.
 */
public final class StoreCopy implements AutoCloseable {
  // after explicit ids: the identity's next value above them, never below where it was (nextval
  // tells where that is, and the value it takes is not used)
  private static final String ADVANCE_IDENTITY =
      """
      SELECT setval(pg_get_serial_sequence('experiments', 'experiment_id'),
                    GREATEST((SELECT max(experiment_id) FROM experiments),
                             nextval(pg_get_serial_sequence('experiments', 'experiment_id')) - 1))
      """;

  private final Database from;
  private final List<Chosen> chosen;

  /** What was copied of one experiment. */
  public record Copied(
      long sourceId,
      long targetId,
      long results,
      long events,
      long batches,
      long workers,
      boolean datasetReused,
      long narratives) {}

  private StoreCopy(Database from, List<Chosen> chosen) {
    this.from = from;
    this.chosen = chosen;
  }

  /**
   * Starts a copy of experiments {@code ids} of {@code from} (every one when empty): opens the
   * source's snapshot and checks them. An id {@code from} does not have is a usage error (exit 2);
   * an experiment whose status is running while {@code runsNow} says a live process holds its lock
   * is refused with exit 5 (one whose holder died is copied as it is, a crash to resume).
   */
  public static StoreCopy of(Database from, List<Long> ids, LongPredicate runsNow) {
    try {
      beginSnapshot(from);
      return new StoreCopy(from, CopyChecks.choose(from, ids, runsNow));
    } catch (SQLException e) {
      endSnapshot(from);
      throw new StoreException("reading " + from.location().display() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      endSnapshot(from);
      throw e;
    }
  }

  /** The ids of the experiments to copy, in order. */
  public List<Long> experimentIds() {
    return chosen.stream().map(Chosen::id).toList();
  }

  /**
   * Copies the experiments into {@code to} in one transaction and returns what each became. Without
   * {@code renumber} an id {@code to} has already is a usage error (exit 2) and nothing is written.
   */
  public List<Copied> into(Database to, boolean renumber, Clock clock) {
    return to.inTransaction(
        () -> {
          if (!renumber) {
            CopyChecks.refuseTakenIds(to, chosen);
          }
          CopyChecks.refuseTakenKeys(from, to, chosen);
          CopyWriter writer = new CopyWriter(from, to, renumber);
          Experiments events = new Experiments(to, clock);
          List<Copied> copied = new ArrayList<>();
          for (Chosen c : chosen) {
            Copied one = writer.experiment(c);
            events.insertEvent(
                one.targetId(),
                "copied",
                null,
                null,
                "copied from " + from.location().display() + " (experiment " + c.id() + ")");
            copied.add(one);
          }
          if (!renumber && to.isPostgres() && !copied.isEmpty()) {
            to.execute(ADVANCE_IDENTITY);
          }
          return copied;
        });
  }

  /**
   * A read transaction on the source, so that every table is read as of one moment while runs may
   * go on writing (SQLite's WAL and PostgreSQL's repeatable read both give snapshots).
   */
  private static void beginSnapshot(Database db) throws SQLException {
    Connection c = db.connection();
    if (db.isPostgres()) {
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
    }
    c.setAutoCommit(false);
  }

  private static void endSnapshot(Database db) {
    Connection c = db.connection();
    try {
      c.rollback();
      c.setAutoCommit(true);
      if (db.isPostgres()) {
        c.setReadOnly(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      }
    } catch (SQLException ignored) {
      // nothing was written in it; a connection that failed is closed by its owner
    }
  }

  /** Ends the source's snapshot. */
  @Override
  public void close() {
    endSnapshot(from);
  }
}
