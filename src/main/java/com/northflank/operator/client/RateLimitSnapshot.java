package com.northflank.operator.client;

import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The rate-limit headers of one response. Each part is absent when its header is missing or
 * unreadable.
 *
 * @param limit {@code x-ratelimit-limit}: requests allowed per window
 * @param remaining {@code x-ratelimit-remaining}: requests left in the current window
 * @param resetAfter {@code x-ratelimit-reset}: time until the window resets
 */
public record RateLimitSnapshot(
    OptionalLong limit, OptionalLong remaining, Optional<Duration> resetAfter) {

  // Far beyond any rate-limit window: such a "delta" can only be a Unix timestamp.
  private static final long EPOCH_SECONDS_THRESHOLD = 1_000_000_000L;

  public RateLimitSnapshot {
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(remaining, "remaining");
    Objects.requireNonNull(resetAfter, "resetAfter");
  }

  /** The snapshot of a response, or empty when it carries none of the three headers. */
  static Optional<RateLimitSnapshot> from(HttpHeaders headers, Instant now) {
    OptionalLong limit = count(headers.firstValue("x-ratelimit-limit"));
    OptionalLong remaining = count(headers.firstValue("x-ratelimit-remaining"));
    Optional<Duration> reset = headers.firstValue("x-ratelimit-reset").flatMap(v -> reset(v, now));
    if (limit.isEmpty() && remaining.isEmpty() && reset.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RateLimitSnapshot(limit, remaining, reset));
  }

  /**
   * Reads {@code x-ratelimit-reset}: seconds until the window resets, as Northflank documents it. A
   * value too large for that is read as a Unix timestamp instead, so that an API change cannot make
   * the operator wait for decades; and either is read as at most {@link RetryAfter#LONGEST}, worked
   * out in decimal so that no value overflows on the way.
   */
  static Optional<Duration> reset(String value, Instant now) {
    BigDecimal seconds;
    try {
      seconds = new BigDecimal(value.strip());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (seconds.signum() < 0) {
      return Optional.empty();
    }
    if (seconds.compareTo(BigDecimal.valueOf(EPOCH_SECONDS_THRESHOLD)) >= 0) {
      BigDecimal nowSeconds = BigDecimal.valueOf(now.toEpochMilli()).movePointLeft(3);
      seconds = seconds.subtract(nowSeconds).max(BigDecimal.ZERO);
    }
    if (seconds.compareTo(BigDecimal.valueOf(RetryAfter.LONGEST.toSeconds())) >= 0) {
      return Optional.of(RetryAfter.LONGEST);
    }
    return Optional.of(Duration.ofMillis(seconds.movePointRight(3).longValue()));
  }

  private static OptionalLong count(Optional<String> value) {
    if (value.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      long n = Long.parseLong(value.get().strip());
      return n < 0 ? OptionalLong.empty() : OptionalLong.of(n);
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
