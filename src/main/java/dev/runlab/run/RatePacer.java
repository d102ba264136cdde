package dev.runlab.run;

import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelReply;
import dev.runlab.model.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Paces an API run's requests, shared by all workers (DESIGN.md, Errors; issue 3):
 *
 * <ul>
 *   <li>{@code run.requests_per_minute} and {@code run.tokens_per_minute} as token buckets: each
 *       request reserves the next free slot, so requests go out evenly at the configured rate;
 *   <li>without a configured limit, adaptive pacing: a 429 cuts the concurrency (by a quarter) and
 *       sets a learned rate just under the rate achieved; successes grow both back slowly, so an
 *       unannounced server limit is found and held;
 *   <li>a server's retry hint on a 429 holds every worker until it has passed;
 *   <li>a circuit breaker: when most of the recent requests failed with server errors, dispatch
 *       pauses (5 s, doubling up to 60 s) instead of burning items.
 * </ul>
 *
 * Waits through the injected {@link Sleeper} in steps of at most 100 ms, measuring time with the
 * injected {@link Clock}. Thread-safe.
 */
final class RatePacer implements Pacer {
  private static final Duration STEP = Duration.ofMillis(100);
  private static final int BREAKER_WINDOW = 20;
  private static final int BREAKER_TRIP = 16;
  private static final Duration BREAKER_FIRST = Duration.ofSeconds(5);
  private static final Duration BREAKER_LONGEST = Duration.ofSeconds(60);

  /** What the pacing is doing now, for {@code runlab status}. */
  record State(
      String mode,
      int requestsPerMinute,
      int tokensPerMinute,
      double learnedRequestsPerSecond,
      int concurrency,
      double requestsPerSecond,
      int rateLimitedLastMinute,
      boolean circuitOpen,
      Instant backoffUntil) {

    String toJson() {
      return String.format(
          Locale.ROOT,
          "{\"mode\":\"%s\",\"requests_per_minute\":%d,\"tokens_per_minute\":%d,"
              + "\"learned_requests_per_second\":%s,\"concurrency\":%d,"
              + "\"requests_per_second\":%.2f,\"rate_limited_last_minute\":%d,"
              + "\"circuit_open\":%b}",
          mode,
          requestsPerMinute,
          tokensPerMinute,
          learnedRequestsPerSecond > 0
              ? String.format(Locale.ROOT, "%.2f", learnedRequestsPerSecond)
              : "null",
          concurrency,
          requestsPerSecond,
          rateLimitedLastMinute,
          circuitOpen);
    }
  }

  /** Receives the state after it changes (at most every 500 ms, and on every 429). */
  interface Observer {
    void pacing(State state);
  }

  private final Clock clock;
  private final Sleeper sleeper;
  private final int requestsPerMinute;
  private final int tokensPerMinute;

  /**
   * Adaptive pacing is additive-increase / multiplicative-decrease: a 429 sets the rate to 90% of
   * what the server accepted; each success then raises it by 0.02%, so the limit is approached
   * again over about 50 s at 10 requests/s. Slow regrowth keeps 429s rare (a few per cycle) while
   * the average stays near 95% of the server's limit.
   */
  private static final double CUT = 0.90;

  private static final double GROWTH = 1.0002;

  private final boolean adaptive;
  private final ConcurrencyLimit limit;
  private final int maxConcurrency;
  private final Observer observer;

  // guarded by this
  private long nextRequestNanos; // the next free request slot, as clock nanos
  private double tokenDebt; // tokens reserved beyond the bucket, paid back at tokensPerMinute
  private long tokenCheckedNanos;
  private double learnedRate; // adaptive: requests per second, 0 until the first 429
  private long lastCutNanos;
  private int successesSinceGrow;
  private long holdUntilNanos; // a server's retry hint or the open breaker
  private final Deque<Long> sent = new ArrayDeque<>(); // send times of the last 5 s
  private final Deque<Long> rateLimited = new ArrayDeque<>(); // 429 times of the last minute
  private final Deque<Long> accepted = new ArrayDeque<>(); // other replies of the last 2 s
  private double latencySeconds; // moving average of reply latency
  private long firstReplyNanos;
  private long firstSentNanos;
  private final boolean[] recentServerErrors = new boolean[BREAKER_WINDOW];
  private int recentCount;
  private int recentIndex;
  private Duration breakerPause = BREAKER_FIRST;
  private boolean circuitOpen;
  private long lastPublishedNanos;

  RatePacer(
      Clock clock,
      Sleeper sleeper,
      int requestsPerMinute,
      int tokensPerMinute,
      boolean adaptive,
      ConcurrencyLimit limit,
      Observer observer) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.requestsPerMinute = requestsPerMinute;
    this.tokensPerMinute = tokensPerMinute;
    this.adaptive = adaptive && requestsPerMinute == 0 && tokensPerMinute == 0;
    this.limit = limit;
    this.maxConcurrency = limit.limit();
    this.observer = observer;
    long now = nanos();
    this.nextRequestNanos = now;
    this.tokenCheckedNanos = now;
    this.holdUntilNanos = now;
    this.lastCutNanos = now - 60_000_000_000L;
    this.lastPublishedNanos = now - 60_000_000_000L;
  }

  private long nanos() {
    Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  @Override
  public boolean awaitTurn(int estimatedTokens, BooleanSupplier cancelled)
      throws InterruptedException {
    // first any hold (retry hint, open breaker), then a slot of the request and token buckets
    while (true) {
      if (cancelled.getAsBoolean()) {
        return false;
      }
      long wait;
      long slot = Long.MIN_VALUE;
      synchronized (this) {
        long now = nanos();
        wait = holdUntilNanos - now;
        if (wait <= 0) {
          slot = reserve(now, estimatedTokens);
          if (slot <= now) {
            noteSent(now);
            return true;
          }
        }
      }
      if (slot != Long.MIN_VALUE) {
        // the slot is ours: wait for it (outside the lock), then go
        return waitFor(slot, cancelled) && sentAt();
      }
      sleeper.sleep(Duration.ofNanos(Math.min(wait, STEP.toNanos())));
    }
  }

  private boolean sentAt() {
    synchronized (this) {
      noteSent(nanos());
    }
    return true;
  }

  private boolean waitFor(long atNanos, BooleanSupplier cancelled) throws InterruptedException {
    while (true) {
      if (cancelled.getAsBoolean()) {
        return false;
      }
      long wait = atNanos - nanos();
      if (wait <= 0) {
        return true;
      }
      sleeper.sleep(Duration.ofNanos(Math.min(wait, STEP.toNanos())));
    }
  }

  /** Reserves the next slot of both buckets; returns when it is (clock nanos). Holds this. */
  private long reserve(long now, int tokens) {
    double perSecond = requestsPerMinute > 0 ? requestsPerMinute / 60.0 : learnedRate;
    long at = now;
    if (perSecond > 0) {
      long interval = (long) (1e9 / perSecond);
      at = Math.max(now, nextRequestNanos);
      nextRequestNanos = at + interval;
    }
    if (tokensPerMinute > 0) {
      double perNano = tokensPerMinute / 60e9;
      tokenDebt = Math.max(0, tokenDebt - (now - tokenCheckedNanos) * perNano);
      tokenCheckedNanos = now;
      double burst = Math.max(tokens, tokensPerMinute / 60.0);
      double over = tokenDebt + tokens - burst;
      tokenDebt += tokens;
      if (over > 0) {
        at = Math.max(at, now + (long) (over / perNano));
      }
    }
    return at;
  }

  private void noteSent(long now) {
    if (firstSentNanos == 0) {
      firstSentNanos = now;
    }
    sent.addLast(now);
    while (!sent.isEmpty() && sent.peekFirst() < now - 5_000_000_000L) {
      sent.removeFirst();
    }
  }

  @Override
  public void onReply(ModelReply reply) {
    State state = null;
    synchronized (this) {
      long now = nanos();
      ErrorCategory c = reply.failure();
      if (firstReplyNanos == 0) {
        firstReplyNanos = now;
      }
      boolean serverError =
          c == ErrorCategory.SERVER_ERROR
              || c == ErrorCategory.OVERLOADED
              || c == ErrorCategory.TIMEOUT
              || c == ErrorCategory.NETWORK
              || c == ErrorCategory.PROTOCOL;
      breaker(serverError, now);
      boolean force = false;
      if (c == ErrorCategory.RATE_LIMITED) {
        force = true;
        rateLimited.addLast(now);
        if (reply.retryAfter() != null) {
          holdUntilNanos = Math.max(holdUntilNanos, now + reply.retryAfter().toNanos());
        }
        if (adaptive && now - lastCutNanos > 1_000_000_000L) {
          lastCutNanos = now;
          // the rate the server accepted lately is what it allows: pace just under it
          // (once 2 s of replies are in: 429s come back at once, answers only after the latency)
          if (now - firstReplyNanos >= 2_000_000_000L) {
            double accepted = acceptedRate(now);
            double base = learnedRate > 0 ? Math.min(learnedRate, accepted) : accepted;
            learnedRate = Math.max(0.05, base * CUT);
          } else if (learnedRate == 0) {
            // the first 429, before a window of replies: pace at once at what was accepted since
            // the first request (an overestimate while the server's burst lasts; later cuts
            // correct it), instead of letting every worker run into the limit for two seconds
            double seconds = Math.max(0.5, (now - firstSentNanos) / 1e9);
            learnedRate = Math.max(0.05, accepted.size() / seconds * CUT);
          }
          // keep enough requests in flight to reach that rate at the latency seen
          int needed = (int) Math.ceil(learnedRate * latencySeconds * 1.5);
          limit.setLimit(
              Math.min(maxConcurrency, Math.max(needed, (int) Math.floor(limit.limit() * 0.75))));
          successesSinceGrow = 0;
        }
      } else if (c != ErrorCategory.CANCELLED) {
        accepted.addLast(now);
        latencySeconds = 0.9 * latencySeconds + 0.1 * reply.latencyMs() / 1000.0;
      }
      while (!accepted.isEmpty() && accepted.peekFirst() < now - 2_000_000_000L) {
        accepted.removeFirst();
      }
      if (adaptive && c == null) {
        if (learnedRate > 0) {
          learnedRate *= GROWTH;
        }
        if (++successesSinceGrow >= limit.limit() && limit.limit() < maxConcurrency) {
          limit.setLimit(limit.limit() + 1);
          successesSinceGrow = 0;
        }
      }
      while (!rateLimited.isEmpty() && rateLimited.peekFirst() < now - 60_000_000_000L) {
        rateLimited.removeFirst();
      }
      if (force || now - lastPublishedNanos > 500_000_000L) {
        lastPublishedNanos = now;
        state = state(now);
      }
    }
    if (state != null && observer != null) {
      observer.pacing(state);
    }
  }

  private void breaker(boolean serverError, long now) {
    recentServerErrors[recentIndex] = serverError;
    recentIndex = (recentIndex + 1) % BREAKER_WINDOW;
    recentCount = Math.min(recentCount + 1, BREAKER_WINDOW);
    int failures = 0;
    for (int i = 0; i < recentCount; i++) {
      failures += recentServerErrors[i] ? 1 : 0;
    }
    if (recentCount >= BREAKER_WINDOW && failures >= BREAKER_TRIP) {
      if (!circuitOpen || now >= holdUntilNanos) {
        holdUntilNanos = Math.max(holdUntilNanos, now + breakerPause.toNanos());
        Duration doubled = breakerPause.multipliedBy(2);
        breakerPause = doubled.compareTo(BREAKER_LONGEST) > 0 ? BREAKER_LONGEST : doubled;
        circuitOpen = true;
        // start counting afresh after the pause: the next requests probe the server
        recentCount = 0;
        recentIndex = 0;
      }
    } else if (!serverError && circuitOpen) {
      circuitOpen = false;
      breakerPause = BREAKER_FIRST;
    }
  }

  /** Replies other than 429 per second over the last 2 s. */
  private double acceptedRate(long now) {
    long window = 2_000_000_000L;
    return Math.max(accepted.size(), 1) / (window / 1e9);
  }

  /** The state now, for status. */
  synchronized State state() {
    return state(nanos());
  }

  private State state(long now) {
    Instant hold =
        holdUntilNanos > now ? Instant.ofEpochSecond(0, 0).plusNanos(holdUntilNanos) : null;
    String mode =
        adaptive
            ? "adaptive"
            : requestsPerMinute > 0 || tokensPerMinute > 0 ? "configured" : "none";
    return new State(
        mode,
        requestsPerMinute,
        tokensPerMinute,
        learnedRate,
        limit.limit(),
        sent.size() / 5.0,
        rateLimited.size(),
        circuitOpen,
        hold);
  }
}
