package dev.runlab.fake;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The holds a test placed on the batch routes ({@link #ROUTES}); each holds the next request of its
 * route once. Thread-safe.
 */
final class FakeHolds {
  /** The routes a test can hold. */
  static final Set<String> ROUTES = Set.of("upload", "create", "poll", "list", "cancel", "results");

  private final Map<String, FakeHold> armed = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failing = new ConcurrentHashMap<>();

  FakeHold arm(String route) {
    if (!ROUTES.contains(route)) {
      throw new IllegalArgumentException("no batch route " + route + "; one of " + ROUTES);
    }
    FakeHold hold = new FakeHold(route);
    armed.put(route, hold);
    return hold;
  }

  /** Makes the next {@code times} requests of {@code route} fail with a server error. */
  void failNext(String route, int times) {
    if (!ROUTES.contains(route)) {
      throw new IllegalArgumentException("no batch route " + route + "; one of " + ROUTES);
    }
    failing.put(route, new AtomicInteger(times));
  }

  /** Whether this request of {@code route} is one to fail (counts it down). */
  boolean fails(String route) {
    AtomicInteger left = failing.get(route);
    return left != null && left.getAndDecrement() > 0;
  }

  /** Called where a route's work is done and before its reply: waits when a hold is armed. */
  void pass(String route) throws InterruptedException {
    FakeHold hold = armed.remove(route);
    if (hold != null) {
      hold.hold();
    }
  }
}
