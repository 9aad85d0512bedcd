package com.northflank.operator.playground.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fixed-window request budget per token: the first request opens a window of the configured
 * length, every request in it counts, and the window that follows starts fresh. Time comes from the
 * injected clock so tests can cross a window boundary without sleeping.
 */
final class SimulatedRateLimit {

  /** What one request found; {@code resetSeconds} is also the Retry-After of a refusal. */
  record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {}

  private record Limit(int requests, Duration window) {}

  private record Window(Instant start, int used) {}

  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private volatile Limit limit;

  SimulatedRateLimit(Clock clock, int requests, Duration window) {
    this.clock = Objects.requireNonNull(clock, "clock");
    configure(requests, window);
  }

  /** Applies from the next window of every token; open windows are closed to make it immediate. */
  void configure(int requests, Duration window) {
    if (requests < 1) {
      throw new IllegalArgumentException("budget must allow at least one request");
    }
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("budget window must be positive");
    }
    limit = new Limit(requests, window);
    windows.clear();
  }

  Decision consume(String token) {
    Limit current = limit;
    Instant now = clock.instant();
    Window window =
        windows.compute(
            token,
            (key, open) -> {
              if (open == null || !now.isBefore(open.start().plus(current.window()))) {
                return new Window(now, 1);
              }
              // Cap the count so a long 429 storm cannot overflow it.
              return new Window(
                  open.start(), (int) Math.min(open.used() + 1L, current.requests() + 1L));
            });
    long millisLeft = Duration.between(now, window.start().plus(current.window())).toMillis();
    long resetSeconds = Math.max(1, (millisLeft + 999) / 1000);
    boolean allowed = window.used() <= current.requests();
    int remaining = Math.max(0, current.requests() - window.used());
    return new Decision(allowed, current.requests(), remaining, resetSeconds);
  }

  void reset() {
    windows.clear();
  }
}
