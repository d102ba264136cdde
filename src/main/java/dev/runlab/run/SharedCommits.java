package dev.runlab.run;

import dev.runlab.experiment.Status;
import dev.runlab.store.AloneResults;
import dev.runlab.store.Database;
import dev.runlab.store.Experiments;
import dev.runlab.store.ResultUpdate;
import dev.runlab.store.Results;
import dev.runlab.store.SharedCounters;
import dev.runlab.store.SharedResults;
import dev.runlab.store.StoreException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The commits of one worker of a shared run, on the writer's connection: while the worker runs
 * alone, its batch as it is (rows it knows are new inserted, the rest upserted); at the hand-over,
 * leases for what it holds first; among other workers, only the updates the store accepts (another
 * worker's final result stands). Each commit raises the experiment's counters by what it finished
 * and, the last one, decides the ending from the experiment's own count. Used by the writer's
 * thread only.
 */
final class SharedCommits {
  private final Database db;
  private final long experimentId;
  private final ResultWriter.Shared shared;
  private final Results results;
  private final Experiments experiments;
  private final SharedCounters counters;
  private final AtomicLong committedHere = new AtomicLong();

  SharedCommits(Database db, long experimentId, Clock clock, ResultWriter.Shared shared) {
    this.db = db;
    this.experimentId = experimentId;
    this.shared = shared;
    this.results = new Results(db);
    this.experiments = new Experiments(db, clock);
    this.counters = new SharedCounters(db, clock);
    shared.leases().lookUpByKey();
  }

  /** The experiment's counts and state after a commit, and the ending the last one decided. */
  record Outcome(SharedCounters.SharedProgress after, ResultWriter.Ending ending) {}

  /** The narratives these commits finished (the worker's own share of the run). */
  long committedHere() {
    return committedHere.get();
  }

  Outcome commit(
      List<ResultUpdate> batch,
      boolean last,
      Experiments.Progress progress,
      Function<Long, ResultWriter.Ending> decideEnding) {
    ResultWriter.Ending[] end = new ResultWriter.Ending[1];
    AloneWorker alone = shared.alone();
    AloneWorker.Commit mode = alone == null ? AloneWorker.Commit.SHARED : alone.nextCommit();
    List<List<ResultUpdate>> split =
        mode == AloneWorker.Commit.ALONE ? alone.split(batch) : List.of(List.of(), batch);
    SharedCounters.SharedProgress after;
    try {
      after = transaction(batch, last, progress, decideEnding, mode, split, end);
    } catch (RuntimeException e) {
      if (split.get(0).isEmpty() || !StoreException.isDuplicate(e)) {
        throw e;
      }
      // a narrative had a row after all: the same commit again, every row upserted
      after =
          transaction(batch, last, progress, decideEnding, mode, List.of(List.of(), batch), end);
    }
    if (mode == AloneWorker.Commit.ALONE) {
      alone.committed(batch);
    } else if (mode == AloneWorker.Commit.HAND_OVER) {
      shared.onHandOver().run();
      alone.handedOver();
    }
    return new Outcome(after, end[0]);
  }

  /**
   * The transaction of a commit: {@code split} gives the rows to insert (they have none) and those
   * to upsert after them.
   */
  private SharedCounters.SharedProgress transaction(
      List<ResultUpdate> batch,
      boolean last,
      Experiments.Progress progress,
      Function<Long, ResultWriter.Ending> decideEnding,
      AloneWorker.Commit mode,
      List<List<ResultUpdate>> split,
      ResultWriter.Ending[] end) {
    AloneWorker alone = shared.alone();
    return db.inTransaction(
        () -> {
          if (mode == AloneWorker.Commit.HAND_OVER) {
            new AloneResults(db)
                .leaseHeld(
                    experimentId, shared.workerId(), shared.leaseSeconds(), alone.handOverIds());
          }
          SharedResults.Accepted accepted =
              mode == AloneWorker.Commit.ALONE
                  ? SharedResults.Accepted.all(batch)
                  : shared.leases().accept(experimentId, shared.workerId(), batch);
          if (mode == AloneWorker.Commit.ALONE) {
            results.insertNew(split.get(0));
            results.upsert(split.get(1));
          } else {
            results.upsert(accepted.updates());
          }
          SharedCounters.SharedProgress now =
              counters.addInTransaction(
                  experimentId, accepted.newlyFinished(), accepted.newErrors(), progress);
          if (last) {
            end[0] = decideEnding.apply(now.completed());
            if (end[0].changesExperiment()) {
              experiments.changeStatusInTransaction(
                  experimentId, Status.RUNNING, end[0].status(), end[0].message());
            }
          }
          committedHere.addAndGet(accepted.newlyFinished());
          return now;
        });
  }
}
