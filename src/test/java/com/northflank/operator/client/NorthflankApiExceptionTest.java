package com.northflank.operator.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.client.NorthflankApiException.Kind;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NorthflankApiExceptionTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "401, UNAUTHORIZED",
    "403, FORBIDDEN",
    "404, NOT_FOUND",
    "410, NOT_FOUND",
    "400, BAD_REQUEST",
    "418, BAD_REQUEST",
    "422, BAD_REQUEST",
    "409, CONFLICT",
    "499, BAD_REQUEST",
    "408, UNAVAILABLE",
    "429, RATE_LIMITED",
    "500, UNAVAILABLE",
    "599, UNAVAILABLE",
    "200, INVALID_RESPONSE",
    "302, INVALID_RESPONSE",
    "600, INVALID_RESPONSE"
  })
  void kindForStatus(int status, Kind kind) {
    assertThat(Kind.forStatus(status)).isEqualTo(kind);
  }

  @Test
  void onlyTransientKindsAreRetryable() {
    assertThat(EnumSet.allOf(Kind.class).stream().filter(Kind::retryable))
        .containsExactlyInAnyOrder(
            Kind.RATE_LIMITED, Kind.UNAVAILABLE, Kind.INVALID_RESPONSE, Kind.CONFLICT);
  }

  @Test
  void bareExceptionHasNoStatusOrRetryAfter() {
    NorthflankApiException e = new NorthflankApiException(Kind.FORBIDDEN, "no");

    assertThat(e.httpStatus()).isEmpty();
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.retryable()).isFalse();
  }
}
