package dev.runlab.fake;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The holds a test placed on the batch routes ({@link #ROUTES}); each holds the next request of its
 * route once. Thread-safe.
 */
final class FakeHolds {
  /** The routes a test can hold. */
  static final Set<String> ROUTES = Set.of("upload", "create", "poll", "list", "cancel", "results");

  private final Map<String, FakeHold> armed = new ConcurrentHashMap<>();

  FakeHold arm(String route) {
    if (!ROUTES.contains(route)) {
      throw new IllegalArgumentException("no batch route " + route + "; one of " + ROUTES);
    }
    FakeHold hold = new FakeHold(route);
    armed.put(route, hold);
    return hold;
  }

  /** Called where a route's work is done and before its reply: waits when a hold is armed. */
  void pass(String route) throws InterruptedException {
    FakeHold hold = armed.remove(route);
    if (hold != null) {
      hold.hold();
    }
  }
}
