package dev.runlab.run;

import dev.runlab.store.DbLocation;

/**
 * What lets one process at a time run an experiment: a {@link ResumeLock} file next to a SQLite
 * database, or a PostgreSQL advisory lock ({@link AdvisoryLock}) on a shared store. Either is
 * released when its holder dies, even on kill -9. {@link #close()} is idempotent.
 */
public interface RunLock extends AutoCloseable {
  /**
   * Who held the lock last without releasing it (a process that died), or null when it was free.
   * The caller logs the takeover.
   */
  String previousHolder();

  /**
   * After the checks of a start or resume: other processes may now join the run as workers
   * (PostgreSQL: the exclusive lock becomes a shared one; a second resume is still refused).
   */
  default void admitWorkers() {}

  /**
   * Whether this run holds the store's "alone" lock, taken with {@link #admitWorkers}: its first
   * worker may read without claiming until it releases it ({@link #releaseAlone}), and a joining
   * worker waits for that (see AloneWorker). False on SQLite and for a joined worker.
   */
  default boolean holdsAloneLock() {
    return false;
  }

  /** Releases the "alone" lock: the run's worker has handed over, others may claim. */
  default void releaseAlone() {}

  @Override
  void close();

  /** Takes the lock of experiment {@code id}, or throws {@code LockHeldException} (exit 4). */
  static RunLock acquire(DbLocation db, long id) {
    if (db instanceof DbLocation.Postgres pg) {
      return AdvisoryLock.acquire(pg, id);
    }
    return ResumeLock.acquire(((DbLocation.SqliteFile) db).file(), id);
  }

  /** Whether a live process (this one included) holds the lock of experiment {@code id}. */
  static boolean heldByALiveProcess(DbLocation db, long id) {
    if (db instanceof DbLocation.Postgres pg) {
      return AdvisoryLock.held(pg, id);
    }
    return ResumeLock.heldByALiveProcess(((DbLocation.SqliteFile) db).file(), id);
  }

  /**
   * Whether this JVM holds the lock of experiment {@code id} as the run (not as a joined worker).
   */
  static boolean heldInThisJvm(DbLocation db, long id) {
    if (db instanceof DbLocation.Postgres pg) {
      return AdvisoryLock.heldInThisJvm(pg, id);
    }
    return ResumeLock.heldInThisJvm(((DbLocation.SqliteFile) db).file(), id);
  }
}
