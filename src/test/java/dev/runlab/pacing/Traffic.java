package dev.runlab.pacing;

import dev.runlab.model.ModelReply;
import dev.runlab.model.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A run's workers against a server, simulated on a fake clock: each worker asks the pacer for its
 * turn, sends, and gets its reply after the server's latency; while the pacer waits, the clock
 * moves and the replies that fall due are delivered. Nothing really sleeps, and the same inputs
 * give the same run. Not thread-safe: one test thread drives it.
 */
final class Traffic extends Clock implements Sleeper {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** What the server does with the {@code n}th request, sent at {@code at} (nanos since T0). */
  interface Server {
    Response respond(long at, int n);
  }

  /** A reply and how long it takes to arrive. */
  record Response(ModelReply reply, Duration latency) {}

  /** One request: when it was sent and the reply's HTTP status. */
  record Sent(long at, Integer status) {}

  private record Event(long at, long seq, Runnable action) {}

  private long now;
  private long seq;
  private final PriorityQueue<Event> events =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final List<Sent> sent = new ArrayList<>();

  @Override
  public Instant instant() {
    return T0.plusNanos(now);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public void sleep(Duration d) {
    advanceTo(now + Math.max(0, d.toNanos()));
  }

  private void advanceTo(long target) {
    while (!events.isEmpty() && events.peek().at <= target) {
      Event e = events.poll();
      now = Math.max(now, e.at);
      e.action.run();
    }
    now = Math.max(now, target);
  }

  long now() {
    return now;
  }

  /**
   * Runs {@code workers} workers for {@code length} of simulated time, each request of {@code
   * promptTokens} (runlab's count).
   */
  void run(Pacer pacer, Server server, int workers, Duration length, int promptTokens)
      throws InterruptedException {
    Deque<Integer> ready = new ArrayDeque<>();
    for (int w = 0; w < workers; w++) {
      ready.add(w);
    }
    long end = now + length.toNanos();
    while (now < end) {
      if (ready.isEmpty()) {
        advanceTo(events.isEmpty() ? end : Math.min(end, events.peek().at));
        continue;
      }
      int worker = ready.poll();
      pacer.awaitTurn(promptTokens, () -> false);
      Response r = server.respond(now, sent.size());
      sent.add(new Sent(now, r.reply().httpStatus()));
      events.add(
          new Event(
              now + r.latency().toNanos(),
              seq++,
              () -> {
                pacer.onReply(promptTokens, r.reply());
                ready.add(worker);
              }));
    }
  }

  /** Requests sent per second between {@code from} and {@code to} (simulated time). */
  double rate(Duration from, Duration to) {
    long a = from.toNanos();
    long b = to.toNanos();
    long n = sent.stream().filter(s -> s.at >= a && s.at < b).count();
    return n / ((b - a) / 1e9);
  }

  /** The share of requests sent between the two times that were answered 429. */
  double share429(Duration from, Duration to) {
    long a = from.toNanos();
    long b = to.toNanos();
    List<Sent> in = sent.stream().filter(s -> s.at >= a && s.at < b).toList();
    long limited = in.stream().filter(s -> s.status != null && s.status == 429).count();
    return in.isEmpty() ? 0 : limited / (double) in.size();
  }

  List<Sent> sent() {
    return sent;
  }
}
