package dev.runlab.run;

import dev.runlab.model.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * What runs take from their host: the clock, how to wait, where threads come from (the lab's host,
 * never a snippet's thread), and the intervals of progress reports and commits. Immutable.
 *
 * @param progressInterval how often progress is reported while a run goes on
 * @param commitInterval the longest time a result waits before it is committed
 * @param drainGrace how long a stopping run waits for requests in flight
 * @param backupsKept how many resume backups of a database are kept
 * @param environment reads environment variables (API keys): System::getenv outside tests
 */
public record RunEnvironment(
    Clock clock,
    Sleeper sleeper,
    ThreadFactory threads,
    Duration progressInterval,
    Duration commitInterval,
    Duration drainGrace,
    int backupsKept,
    UnaryOperator<String> environment) {

  /** The real clock and threads, progress every 5 s, commits at least every 2 s. */
  public static RunEnvironment system() {
    return new RunEnvironment(
        Clock.systemDefaultZone(),
        Sleeper.SYSTEM,
        daemonThreads(new ThreadGroup("runlab-runs")),
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        Duration.ofSeconds(30),
        3,
        System::getenv);
  }

  public RunEnvironment withProgressInterval(Duration interval) {
    return new RunEnvironment(
        clock, sleeper, threads, interval, commitInterval, drainGrace, backupsKept, environment);
  }

  public RunEnvironment withClock(Clock newClock, Sleeper newSleeper) {
    return new RunEnvironment(
        newClock,
        newSleeper,
        threads,
        progressInterval,
        commitInterval,
        drainGrace,
        backupsKept,
        environment);
  }

  /** The same environment reading variables from {@code variables} (tests: a fake API key). */
  public RunEnvironment withEnvironment(UnaryOperator<String> variables) {
    return new RunEnvironment(
        clock,
        sleeper,
        threads,
        progressInterval,
        commitInterval,
        drainGrace,
        backupsKept,
        variables);
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
