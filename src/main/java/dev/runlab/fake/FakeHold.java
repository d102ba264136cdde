package dev.runlab.fake;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test's hold on the next request of one batch route of the stand-in server: the request is
 * served (a file stored, a batch created, a state read), then its reply waits until the test
 * releases it, so that a test can kill the client at that exact step, with the provider's side done
 * and the reply not yet received. Thread-safe.
 */
public final class FakeHold {
  private final String route;
  private final CountDownLatch arrived = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  FakeHold(String route) {
    this.route = route;
  }

  public String route() {
    return route;
  }

  /** Waits up to {@code timeout} for the held request; true when it arrived. */
  public boolean awaitArrival(Duration timeout) throws InterruptedException {
    return arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Lets the held reply go (to a client that may be gone by now). */
  public void release() {
    released.countDown();
  }

  /** The server's side: says the request arrived, then waits (at most 10 minutes) for release. */
  void hold() throws InterruptedException {
    arrived.countDown();
    released.await(10, TimeUnit.MINUTES);
  }
}
