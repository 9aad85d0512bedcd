package com.northflank.operator.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the {@code Retry-After} header: delta-seconds or an HTTP-date (RFC 9110 §10.2.3). No wait
 * the server asks for is read as longer than {@link #LONGEST}, so that a wrong or hostile header
 * ({@code 2147483647}) cannot stop the operator for decades nor overflow what is computed from it.
 */
final class RetryAfter {

  /**
   * The longest wait a server may direct: a day, the longest request budget window. The budget
   * caps it further, at its own window.
   */
  static final Duration LONGEST = Duration.ofDays(1);

  private RetryAfter() {}

  static Optional<Duration> parse(String value, Instant now) {
    String v = value.strip();
    if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(atMostLongest(Duration.ofSeconds(Long.parseLong(v))));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : atMostLongest(wait));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static Duration atMostLongest(Duration wait) {
    return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
  }
}
