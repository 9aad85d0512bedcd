package com.northflank.operator.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retry-After and the x-ratelimit-* headers. */
class ResponseHeadersTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void retryAfterInSeconds() {
    assertThat(RetryAfter.parse("30", NOW)).contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
  }

  @Test
  void retryAfterAsHttpDate() {
    assertThat(RetryAfter.parse("Thu, 01 Jan 2026 00:02:00 GMT", NOW))
        .contains(Duration.ofMinutes(2));
    assertThat(RetryAfter.parse("Wed, 31 Dec 2025 23:00:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-5", "1.5", "soon", "99999999999999999999", "2026-01-01T00:02:00Z"})
  void unreadableRetryAfterIsIgnored(String value) {
    assertThat(RetryAfter.parse(value, NOW)).isEmpty();
  }

  /**
   * Issue 21, finding 7: a Retry-After of 2147483647 paused a token for 68 years, one of
   * 9999999999 overflowed the budget's nanosecond arithmetic. No server wait is taken beyond a day
   * (the longest budget window; the budget caps it further at its own).
   */
  @ParameterizedTest
  @ValueSource(strings = {"86401", "2147483647", "9999999999", "Fri, 31 Dec 9999 23:59:59 GMT"})
  void aRetryAfterBeyondADayIsReadAsADay(String value) {
    assertThat(RetryAfter.parse(value, NOW)).contains(RetryAfter.LONGEST);
    assertThat(RetryAfter.LONGEST).isEqualTo(Duration.ofDays(1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "86401",
        "999999999",
        "99999999999",
        "9223372036854775807",
        "1e30",
        "99999999999999999999999999999"
      })
  void aRateLimitResetBeyondADayIsReadAsADay(String value) {
    assertThat(RateLimitSnapshot.reset(value, NOW)).contains(RetryAfter.LONGEST);
  }

  @Test
  void rateLimitResetIsSecondsUntilTheWindowResets() {
    assertThat(RateLimitSnapshot.reset("1800", NOW)).contains(Duration.ofSeconds(1800));
    assertThat(RateLimitSnapshot.reset("1.5", NOW)).contains(Duration.ofMillis(1500));
  }

  @Test
  void rateLimitResetTooLargeForADeltaIsReadAsATimestamp() {
    long inTwoMinutes = NOW.getEpochSecond() + 120;

    assertThat(RateLimitSnapshot.reset(Long.toString(inTwoMinutes), NOW))
        .contains(Duration.ofMinutes(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "soon"})
  void unreadableRateLimitResetIsIgnored(String value) {
    assertThat(RateLimitSnapshot.reset(value, NOW)).isEmpty();
  }

  @Test
  void snapshotTakesWhateverHeadersArePresent() {
    HttpHeaders headers =
        HttpHeaders.of(
            Map.of("X-RateLimit-Remaining", List.of("17"), "x-ratelimit-limit", List.of("n/a")),
            (name, value) -> true);

    assertThat(RateLimitSnapshot.from(headers, NOW))
        .contains(
            new RateLimitSnapshot(OptionalLong.empty(), OptionalLong.of(17), Optional.empty()));
  }

  @Test
  void noSnapshotWithoutRateLimitHeaders() {
    HttpHeaders headers =
        HttpHeaders.of(Map.of("content-type", List.of("application/json")), (n, v) -> true);

    assertThat(RateLimitSnapshot.from(headers, NOW)).isEmpty();
  }
}
