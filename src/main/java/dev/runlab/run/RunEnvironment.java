package dev.runlab.run;

import dev.runlab.model.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What runs take from their host: the clock, how to wait, where threads come from (the lab's host,
 * never a snippet's thread), and the intervals of progress reports and commits. Immutable.
 *
 * @param progressInterval how often progress is reported while a run goes on
 * @param commitInterval the longest time a result waits before it is committed
 * @param drainGrace how long a stopping run waits for requests in flight
 * @param backupsKept how many resume backups of a database are kept
 */
public record RunEnvironment(
    Clock clock,
    Sleeper sleeper,
    ThreadFactory threads,
    Duration progressInterval,
    Duration commitInterval,
    Duration drainGrace,
    int backupsKept) {

  /** The real clock and threads, progress every 5 s, commits at least every 2 s. */
  public static RunEnvironment system() {
    return new RunEnvironment(
        Clock.systemDefaultZone(),
        Sleeper.SYSTEM,
        daemonThreads(new ThreadGroup("runlab-runs")),
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        Duration.ofSeconds(30),
        3);
  }

  public RunEnvironment withProgressInterval(Duration interval) {
    return new RunEnvironment(
        clock, sleeper, threads, interval, commitInterval, drainGrace, backupsKept);
  }

  public RunEnvironment withClock(Clock newClock, Sleeper newSleeper) {
    return new RunEnvironment(
        newClock, newSleeper, threads, progressInterval, commitInterval, drainGrace, backupsKept);
  }

  public ZoneId zone() {
    return clock.getZone();
  }

  /**
   * Daemon threads in {@code group}, which the host creates, so that stopping a lab snippet's
   * threads never touches a run.
   */
  public static ThreadFactory daemonThreads(ThreadGroup group) {
    AtomicInteger n = new AtomicInteger();
    return task -> {
      Thread t = new Thread(group, task, "runlab-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
