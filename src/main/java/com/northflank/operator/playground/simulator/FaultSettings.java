package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The faults of one scope (every request, or the requests for one job). Each setter takes effect
 * for the next request; all fields are safe to change while requests are in flight. Rates are
 * probabilities in [0, 1]: 1 means every request.
 */
public final class FaultSettings {

  /** A status to answer with for a number of requests; {@code remaining} counts down. */
  private record Forced(int status, int remaining) {}

  private volatile Duration latency = Duration.ZERO;
  private volatile double errorRate;
  private volatile double timeoutRate;
  private volatile Duration timeoutHold = Duration.ofSeconds(30);
  private volatile double malformedJsonRate;
  private volatile double wrongTypesRate;
  private volatile double extraFieldsRate;
  private volatile Duration forcedRetryAfter = Duration.ofSeconds(1);
  private volatile String forcedRetryAfterHeader;
  private volatile boolean endlessCursor;
  private volatile String spentWindowReset;
  private final AtomicReference<Forced> forced = new AtomicReference<>();
  private final AtomicReference<Consumer<ObjectNode>> change = new AtomicReference<>();
  private final AtomicReference<HeldAnswer> heldAnswer = new AtomicReference<>();

  FaultSettings() {}

  /** Added before every request of the scope is answered. */
  public FaultSettings latency(Duration latency) {
    this.latency = nonNegative(latency, "latency");
    return this;
  }

  /** Fraction of requests answered 500 (JSON error) or 503 (HTML, like a load balancer). */
  public FaultSettings errorRate(double rate) {
    this.errorRate = rate(rate);
    return this;
  }

  /**
   * Fraction of requests held for {@code hold} and then answered 504; choose a hold longer than the
   * client's timeout so the client gives up first.
   */
  public FaultSettings timeout(double rate, Duration hold) {
    this.timeoutHold = nonNegative(hold, "hold");
    this.timeoutRate = rate(rate);
    return this;
  }

  /** Fraction of 200 responses whose body is cut short, so it is not parseable JSON. */
  public FaultSettings malformedJson(double rate) {
    this.malformedJsonRate = rate(rate);
    return this;
  }

  /** Fraction of 200 responses carrying wrongly typed values, e.g. {@code suspended: "yes"}. */
  public FaultSettings wrongTypes(double rate) {
    this.wrongTypesRate = rate(rate);
    return this;
  }

  /** Fraction of 200 responses carrying fields and enum values this API version does not know. */
  public FaultSettings extraFields(double rate) {
    this.extraFieldsRate = rate(rate);
    return this;
  }

  /**
   * Answers the next {@code times} requests of the scope with {@code status}, e.g. a 429 storm or a
   * 500 storm; then requests are served normally again. Replaces any earlier forced status.
   */
  public FaultSettings forceStatus(int status, int times) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative");
    }
    forced.set(times == 0 ? null : new Forced(status, times));
    return this;
  }

  /** The Retry-After of forced 429 responses (the real budget's 429 uses its own window). */
  public FaultSettings forcedRetryAfter(Duration retryAfter) {
    this.forcedRetryAfter = nonNegative(retryAfter, "retryAfter");
    return this;
  }

  /**
   * The Retry-After header of forced 429 responses, verbatim: values a client must not take at
   * their word ({@code 2147483647}, {@code 9999999999}, more digits than a long holds). Wins over
   * {@link #forcedRetryAfter}; null goes back to it.
   */
  public FaultSettings forcedRetryAfterHeader(String header) {
    this.forcedRetryAfterHeader = header;
    return this;
  }

  /**
   * List answers (jobs, runs) say another page follows, for ever: {@code hasNextPage: true} and a
   * cursor back to the first page. Lists carry no job, so only {@link Faults#all()} reaches them.
   */
  public FaultSettings endlessCursor(boolean endless) {
    this.endlessCursor = endless;
    return this;
  }

  /**
   * Every answer of the scope says the window is spent ({@code x-ratelimit-remaining: 0}) until
   * {@code reset}, sent verbatim as {@code x-ratelimit-reset}: e.g. a timestamp far in the future,
   * or a number no long holds. Null stops it.
   */
  public FaultSettings spentWindowUntil(String reset) {
    this.spentWindowReset = reset;
    return this;
  }

  /**
   * Changes the job (a private copy in the Get Job shape) just before the scope's next request is
   * served, once: someone else's change landing between a client's read and its write.
   */
  public FaultSettings changeBeforeNextRequest(Consumer<ObjectNode> change) {
    this.change.set(Objects.requireNonNull(change, "change"));
    return this;
  }

  /**
   * The scope's next request is served as usual (a create stores its job, a delete removes it) but
   * its answer is held until {@link HeldAnswer#release()} (or the simulator closes): a write that
   * happened while the client never heard of it, e.g. to stop a client between a create and its
   * recording of the id. Once; replaces a hold no request has claimed yet.
   */
  public HeldAnswer holdNextAnswer() {
    HeldAnswer hold = new HeldAnswer();
    HeldAnswer replaced = heldAnswer.getAndSet(hold);
    if (replaced != null) {
      replaced.release();
    }
    return hold;
  }

  /** Switches every fault of this scope off. */
  public FaultSettings clear() {
    latency = Duration.ZERO;
    errorRate = 0;
    timeoutRate = 0;
    timeoutHold = Duration.ofSeconds(30);
    malformedJsonRate = 0;
    wrongTypesRate = 0;
    extraFieldsRate = 0;
    forcedRetryAfter = Duration.ofSeconds(1);
    forcedRetryAfterHeader = null;
    endlessCursor = false;
    spentWindowReset = null;
    forced.set(null);
    change.set(null);
    HeldAnswer unclaimed = heldAnswer.getAndSet(null);
    if (unclaimed != null) {
      unclaimed.release();
    }
    return this;
  }

  /** How many forced responses are still to come. */
  public int forcedRemaining() {
    Forced current = forced.get();
    return current == null ? 0 : current.remaining();
  }

  Duration latency() {
    return latency;
  }

  double errorRate() {
    return errorRate;
  }

  double timeoutRate() {
    return timeoutRate;
  }

  Duration timeoutHold() {
    return timeoutHold;
  }

  double malformedJsonRate() {
    return malformedJsonRate;
  }

  double wrongTypesRate() {
    return wrongTypesRate;
  }

  double extraFieldsRate() {
    return extraFieldsRate;
  }

  Duration forcedRetryAfter() {
    return forcedRetryAfter;
  }

  String forcedRetryAfterHeader() {
    return forcedRetryAfterHeader;
  }

  boolean endlessCursor() {
    return endlessCursor;
  }

  String spentWindowReset() {
    return spentWindowReset;
  }

  boolean hasChange() {
    return change.get() != null;
  }

  boolean hasHeldAnswer() {
    return heldAnswer.get() != null;
  }

  /** Claims the pending hold, or returns null when none is pending. */
  HeldAnswer takeHeldAnswer() {
    return heldAnswer.getAndSet(null);
  }

  /** Claims the pending change, or returns null when none is pending. */
  Consumer<ObjectNode> takeChange() {
    return change.getAndSet(null);
  }

  /** Claims one forced response, or returns 0 when none is pending; exact under contention. */
  int takeForcedStatus() {
    while (true) {
      Forced current = forced.get();
      if (current == null) {
        return 0;
      }
      Forced next =
          current.remaining() <= 1 ? null : new Forced(current.status(), current.remaining() - 1);
      if (forced.compareAndSet(current, next)) {
        return current.status();
      }
    }
  }

  private static double rate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("a rate is a fraction in [0, 1], got " + rate);
    }
    return rate;
  }

  private static Duration nonNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
    return duration;
  }
}
