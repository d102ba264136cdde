package dev.runlab.run;

import dev.runlab.store.ResultUpdate;
import dev.runlab.store.Results.PendingNarrative;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The run's first worker on a shared store while it is the only one: it reads narratives without
 * claiming them (no pending row, no lease) and writes each answer once, as on SQLite. It holds the
 * store's "alone" advisory lock, which a joining worker waits for. When a second worker registers,
 * or when its pages reach the end of the file with narratives left unfinished, it hands over: in
 * one of the writer's transactions it gives itself a lease on every narrative it has read and not
 * yet finished, then releases the lock; from there on it claims in leases like any worker. If it
 * dies while alone, the narratives it held have no row (or a pending row without a lease) and the
 * next worker claims them.
 *
 * <p>Thread-safe: the page thread reads and records what it holds, the writer removes what it
 * finished and makes the hand-over, the heartbeat asks for it.
 */
final class AloneWorker {
  /** What a commit of the writer is to be. */
  enum Commit {
    /** Still alone: the batch is written as it is, each final result counted once. */
    ALONE,
    /** Hand over in this commit: lease what is held, then commit as a worker among others. */
    HAND_OVER,
    /** Handed over: commit as a worker among others. */
    SHARED
  }

  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final Set<String> pendingRows = new HashSet<>(); // the writer's
  private final CountDownLatch handedOver = new CountDownLatch(1);
  private final boolean lookUp;
  private volatile boolean wanted;
  private boolean alone = true; // guarded by this
  private List<String> handOver; // guarded by this: what the hand-over commit leases

  /**
   * @param lookUp whether the experiment had result rows when the run began (its pages must then
   *     step over narratives with a final result)
   */
  AloneWorker(boolean lookUp) {
    this.lookUp = lookUp;
  }

  boolean lookUp() {
    return lookUp;
  }

  /** Whether the worker still reads without claiming (no hand-over decided yet). */
  synchronized boolean alone() {
    return alone;
  }

  /**
   * Reads a page with {@code read} while alone and records its narratives as held; null once the
   * hand-over is decided (the caller then waits for it, see {@link #awaitHandOver}, and claims).
   */
  synchronized List<PendingNarrative> page(Supplier<List<PendingNarrative>> read) {
    if (!alone) {
      return null;
    }
    List<PendingNarrative> page = read.get();
    for (PendingNarrative n : page) {
      held.add(n.narrativeId());
    }
    return page;
  }

  /** Asks for the hand-over (a second worker came, or there is nothing more to read alone). */
  void want() {
    wanted = true;
  }

  /** Whether a hand-over is asked for and not made yet: the writer commits without waiting. */
  boolean handOverDue() {
    return wanted && handedOver.getCount() > 0;
  }

  /**
   * The writer's question before each commit. At the hand-over, the page thread reads no more
   * narratives alone, and what it holds is fixed: {@link #handOverIds}.
   */
  synchronized Commit nextCommit() {
    if (!alone) {
      return handedOver.getCount() == 0 ? Commit.SHARED : Commit.HAND_OVER;
    }
    if (!wanted) {
      return Commit.ALONE;
    }
    alone = false;
    handOver = new ArrayList<>(held);
    held.clear();
    return Commit.HAND_OVER;
  }

  /** The narratives the hand-over leases: those read alone and not finished when it was decided. */
  synchronized List<String> handOverIds() {
    return handOver == null ? List.of() : handOver;
  }

  /**
   * A batch to commit alone, split into the updates of narratives that have no row (on a first run:
   * every narrative this worker has not written a pending attempt for), to insert, and the rest, to
   * upsert after them, in order. On a resume every update is upserted.
   */
  List<List<ResultUpdate>> split(List<ResultUpdate> batch) {
    if (lookUp) {
      return List.of(List.of(), batch);
    }
    List<ResultUpdate> inserts = new ArrayList<>(batch.size());
    List<ResultUpdate> upserts = new ArrayList<>();
    Set<String> inBatch = new HashSet<>();
    for (ResultUpdate u : batch) {
      if (!pendingRows.contains(u.narrativeId()) && inBatch.add(u.narrativeId())) {
        inserts.add(u);
      } else {
        upserts.add(u);
      }
    }
    return List.of(inserts, upserts);
  }

  /**
   * After a commit made alone: its final results are no longer held, and a narrative whose attempt
   * was written pending has a row.
   */
  void committed(List<ResultUpdate> batch) {
    for (ResultUpdate u : batch) {
      if (u.finalResult()) {
        held.remove(u.narrativeId());
        pendingRows.remove(u.narrativeId());
      } else {
        pendingRows.add(u.narrativeId());
      }
    }
  }

  /** After the hand-over's commit (and the lock's release): claims may begin. */
  void handedOver() {
    synchronized (this) {
      handOver = null;
    }
    handedOver.countDown();
  }

  /** Waits for the hand-over's commit; false when {@code stopping} first. */
  boolean awaitHandOver(BooleanSupplier stopping) throws InterruptedException {
    while (!handedOver.await(50, TimeUnit.MILLISECONDS)) {
      if (stopping.getAsBoolean()) {
        return false;
      }
    }
    return true;
  }
}
