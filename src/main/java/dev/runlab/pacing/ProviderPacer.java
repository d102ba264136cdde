package dev.runlab.pacing;

import dev.runlab.model.AnnouncedLimits.Dimension;
import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelReply;
import dev.runlab.model.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The pacer of a run against a provider (docs/pacing.md). Each dimension (requests, tokens, input
 * and output tokens) is spent evenly at the lowest of its limits: configured, announced by the
 * server in its replies, or (requests only) learned from 429s that are evidence of a limit. A
 * sporadic 429 holds only its own request (its retry waits for the hint); a 429 whose headers say a
 * limit is exhausted holds every worker until its hint. Server errors and overload never slow the
 * rate: they back off per item and, when most requests fail, through the circuit breaker.
 *
 * <p>Waits through the injected {@link Sleeper} in steps of at most 100 ms, measuring time with the
 * injected {@link Clock}. Thread-safe.
 */
final class ProviderPacer implements Pacer {
  private static final long STEP = 100_000_000L;
  private static final long RATE_WINDOW = 5_000_000_000L;
  private static final long ACCEPTED_WINDOW = 5_000_000_000L;
  private static final long MINUTE = 60_000_000_000L;
  private static final long PUBLISH_EVERY = 500_000_000L;

  private final PacerSettings settings;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Observer observer;

  // guarded by this
  private final Map<Dimension, EvenSpacing> spacing = new EnumMap<>(Dimension.class);
  private final TokenEstimator tokens;
  private final AnnouncedRates announced = new AnnouncedRates();
  private final LearnedRate learned = new LearnedRate();
  private final LimitEvidence evidence = new LimitEvidence();
  private final CircuitBreaker breaker = new CircuitBreaker();
  private final HeldTime held = new HeldTime();
  private final Moments sent = new Moments(RATE_WINDOW);
  private final Moments accepted = new Moments(ACCEPTED_WINDOW);
  private final Moments sporadic = new Moments(MINUTE);
  private final Set<String> warned = new HashSet<>();
  // times are clock nanos since the epoch, so 0 stands for "never" without overflowing
  private long holdUntil;
  private long firstReply;
  private double latencySeconds;
  private long lastPublished;
  private int share = 1;

  ProviderPacer(PacerSettings settings, Clock clock, Sleeper sleeper, Observer observer) {
    this.settings = settings;
    this.clock = clock;
    this.sleeper = sleeper;
    this.observer = observer == null ? Observer.NONE : observer;
    this.tokens = new TokenEstimator(settings.maxTokens());
    for (Dimension d : Dimension.values()) {
      spacing.put(d, new EvenSpacing());
    }
  }

  private long nanos() {
    Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(0, nanos);
  }

  @Override
  public boolean awaitTurn(int promptTokens, BooleanSupplier cancelled)
      throws InterruptedException {
    // first any hold (an exhausted limit's hint, the open breaker), then the next even slot
    while (true) {
      if (cancelled.getAsBoolean()) {
        return false;
      }
      long wait;
      long slot = Long.MIN_VALUE;
      synchronized (this) {
        long now = nanos();
        grow(now);
        wait = holdUntil - now;
        if (wait <= 0) {
          slot = reserve(now, promptTokens);
          if (slot <= now) {
            sent.add(now);
            return true;
          }
        }
      }
      if (slot != Long.MIN_VALUE) {
        // the slot is ours: wait for it outside the lock, then go
        return waitFor(slot, cancelled) && noteSent();
      }
      sleeper.sleep(Duration.ofNanos(Math.min(wait, STEP)));
    }
  }

  private synchronized boolean noteSent() {
    sent.add(nanos());
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
      sleeper.sleep(Duration.ofNanos(Math.min(wait, STEP)));
    }
  }

  /** Reserves the next even slot of every dimension with a limit; returns the latest of them. */
  private long reserve(long now, int promptTokens) {
    long at = now;
    Instant instant = instant(now);
    for (Dimension d : Dimension.values()) {
      double rate = perSecond(d, instant);
      if (rate > 0) {
        at = Math.max(at, spacing.get(d).reserve(now, cost(d, promptTokens), rate));
      }
    }
    return at;
  }

  @Override
  public synchronized void shareConfiguredLimits(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, was " + workers);
    }
    share = workers;
  }

  /** The lowest limit of a dimension now, in units per second; 0 when it has none. */
  private double perSecond(Dimension d, Instant now) {
    double rate = configured(d) / 60.0;
    if (announcedApplies(d)) {
      rate = lowest(rate, announced.perSecond(d, now));
    }
    if (d == Dimension.REQUESTS) {
      rate = lowest(rate, learned.perSecond());
    }
    return rate;
  }

  private static double lowest(double a, double b) {
    return a <= 0 ? b : b <= 0 ? a : Math.min(a, b);
  }

  /** This worker's share of the configured per-minute limit of a dimension, 0 for none. */
  private double configured(Dimension d) {
    return configuredWhole(d) / (double) share;
  }

  /** The configured per-minute limit of a dimension, 0 for none. */
  private int configuredWhole(Dimension d) {
    boolean anthropic = settings.counting() == TokenCounting.ANTHROPIC;
    return switch (d) {
      case REQUESTS -> settings.requestsPerMinute();
      case TOKENS -> anthropic ? 0 : settings.tokensPerMinute();
      case INPUT_TOKENS -> anthropic ? settings.tokensPerMinute() : 0;
      case OUTPUT_TOKENS -> 0;
    };
  }

  /** Anthropic's combined tokens limit repeats its input or output limit when those are sent. */
  private boolean announcedApplies(Dimension d) {
    return d != Dimension.TOKENS
        || settings.counting() != TokenCounting.ANTHROPIC
        || !(announced.has(Dimension.INPUT_TOKENS) || announced.has(Dimension.OUTPUT_TOKENS));
  }

  /** A request's cost in a dimension, estimated as the provider counts it. */
  private double cost(Dimension d, int promptTokens) {
    double prompt = tokens.prompt(promptTokens);
    return switch (d) {
      case REQUESTS -> 1;
      case INPUT_TOKENS -> prompt;
      case OUTPUT_TOKENS -> tokens.completion();
      case TOKENS ->
          switch (settings.counting()) {
            case OPENAI -> prompt + tokens.maxTokens();
            case ANTHROPIC -> prompt + tokens.completion();
            case SIMULATED -> prompt;
          };
    };
  }

  /** What the provider counted for a request in a dimension, or -1 when its usage does not say. */
  private double counted(Dimension d, ModelReply reply) {
    Integer in = reply.promptTokens();
    Integer out = reply.completionTokens();
    return switch (d) {
      case REQUESTS -> -1;
      case INPUT_TOKENS -> in == null ? -1 : in;
      case OUTPUT_TOKENS -> out == null ? -1 : out;
      case TOKENS ->
          switch (settings.counting()) {
            case OPENAI -> in == null ? -1 : in + tokens.maxTokens();
            case ANTHROPIC -> in == null || out == null ? -1 : in + out;
            case SIMULATED -> in == null ? -1 : in;
          };
    };
  }

  @Override
  public void onReply(int promptTokens, ModelReply reply) {
    ErrorCategory c = reply.failure();
    if (c == ErrorCategory.CANCELLED) {
      return; // the run stopped: the reply says nothing about the server
    }
    PacingState publish = null;
    List<String> untrusted = new ArrayList<>();
    synchronized (this) {
      long now = nanos();
      if (firstReply == 0) {
        firstReply = now;
      }
      correctTokens(now, promptTokens, reply);
      announced.observe(reply.limits());
      for (String problem : reply.limits().problems()) {
        if (warned.add(problem.substring(0, Math.max(0, problem.indexOf(':'))))) {
          untrusted.add(problem);
        }
      }
      hold(now, breaker.record(serverSide(c), now));
      if (c == ErrorCategory.RATE_LIMITED) {
        rateLimited(now, reply);
      } else {
        evidence.answered(now);
        accepted.add(now);
        latencySeconds = 0.9 * latencySeconds + 0.1 * reply.latencyMs() / 1000.0;
      }
      grow(now);
      if (c == ErrorCategory.RATE_LIMITED || now - lastPublished > PUBLISH_EVERY) {
        lastPublished = now;
        publish = state(now);
      }
    }
    untrusted.forEach(observer::untrusted);
    if (publish != null) {
      observer.pacing(publish);
    }
  }

  private void rateLimited(long now, ModelReply reply) {
    boolean exhausted = reply.limits().exhausted();
    if (!evidence.limited(now, exhausted)) {
      sporadic.add(now);
      return;
    }
    if (exhausted && reply.retryAfter() != null) {
      // the server said a limit has nothing left: nobody sends until its hint has passed
      hold(now, now + reply.retryAfter().toNanos());
    }
    if (learned.cut(now, acceptedPerSecond(now), latencySeconds)) {
      evidence.rateCut();
    }
  }

  /** Non-429 replies per second lately, counted over the time the run was not held. */
  private double acceptedPerSecond(long now) {
    long window = Math.min(ACCEPTED_WINDOW, now - firstReply);
    long free = window - held.within(now, window);
    return accepted.since(now, window) / Math.max(0.5, free / 1e9);
  }

  private void correctTokens(long now, int promptTokens, ModelReply reply) {
    Instant instant = instant(now);
    for (Dimension d : Dimension.values()) {
      double counted = counted(d, reply);
      double rate = perSecond(d, instant);
      if (counted >= 0 && rate > 0) {
        spacing.get(d).correct(now, counted - cost(d, promptTokens), rate);
      }
    }
    tokens.observe(promptTokens, reply.promptTokens(), reply.completionTokens());
  }

  private void grow(long now) {
    if (learned.grow(now, sent.since(now, RATE_WINDOW) / (RATE_WINDOW / 1e9))) {
      evidence.rateRaised(now);
    }
  }

  private void hold(long now, long until) {
    if (until > now) {
      held.hold(now, until);
      holdUntil = Math.max(holdUntil, until);
    }
  }

  private static boolean serverSide(ErrorCategory c) {
    return c == ErrorCategory.SERVER_ERROR
        || c == ErrorCategory.OVERLOADED
        || c == ErrorCategory.TIMEOUT
        || c == ErrorCategory.NETWORK
        || c == ErrorCategory.PROTOCOL;
  }

  @Override
  public synchronized PacingState state() {
    return state(nanos());
  }

  private PacingState state(long now) {
    List<PacingState.Limit> limits = new ArrayList<>();
    for (Dimension d : Dimension.values()) {
      List<PacingState.Limit> of = new ArrayList<>();
      if (configured(d) > 0) {
        of.add(new PacingState.Limit(d.words(), configured(d), PacingState.Source.CONFIGURED));
      }
      if (announcedApplies(d) && announced.limit(d) > 0) {
        of.add(new PacingState.Limit(d.words(), announced.limit(d), PacingState.Source.ANNOUNCED));
      }
      if (d == Dimension.REQUESTS && learned.perSecond() > 0) {
        of.add(
            new PacingState.Limit(d.words(), 60 * learned.perSecond(), PacingState.Source.LEARNED));
      }
      of.sort((a, b) -> Double.compare(a.perMinute(), b.perMinute()));
      limits.addAll(of);
    }
    return new PacingState(
        limits,
        sent.since(now, RATE_WINDOW) / (RATE_WINDOW / 1e9),
        evidence.limitedLastMinute(now),
        sporadic.count(now),
        breaker.isOpen(),
        holdUntil > now ? instant(holdUntil) : null);
  }
}
