package com.northflank.operator.failure;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.client.NorthflankApiException.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class FailureReasonTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "UNAUTHORIZED, Unauthorized, STALLED",
    "FORBIDDEN, Forbidden, STALLED",
    "NOT_FOUND, JobNotFound, STALLED",
    "BAD_REQUEST, InvalidSpec, STALLED",
    "CONFLICT, InvalidSpec, STALLED",
    "RATE_LIMITED, RateLimited, AFTER_RETRY_AFTER",
    "UNAVAILABLE, ApiUnavailable, BACKOFF",
    "INVALID_RESPONSE, InvalidResponse, BACKOFF"
  })
  void apiErrorsMapToConditionReasons(Kind kind, String reason, FailureReason.Recovery recovery) {
    FailureReason mapped = FailureReason.of(kind);

    assertThat(mapped.conditionReason()).isEqualTo(reason);
    assertThat(mapped.recovery()).isEqualTo(recovery);
  }

  @ParameterizedTest(name = "PATCH {0} -> {1}")
  @CsvSource({
    "BAD_REQUEST, CorrectionRejected, STALLED",
    "CONFLICT, CorrectionConflict, BACKOFF",
    "UNAUTHORIZED, Unauthorized, STALLED",
    "FORBIDDEN, Forbidden, STALLED",
    "NOT_FOUND, JobNotFound, STALLED",
    "RATE_LIMITED, RateLimited, AFTER_RETRY_AFTER",
    "UNAVAILABLE, ApiUnavailable, BACKOFF",
    "INVALID_RESPONSE, InvalidResponse, BACKOFF"
  })
  void writeErrorsMapToConditionReasons(Kind kind, String reason, FailureReason.Recovery recovery) {
    FailureReason mapped = FailureReason.ofWrite(kind);

    assertThat(mapped.conditionReason()).isEqualTo(reason);
    assertThat(mapped.recovery()).isEqualTo(recovery);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyApiErrorKindIsMapped(Kind kind) {
    assertThat(FailureReason.of(kind)).isNotNull();
    assertThat(FailureReason.ofWrite(kind)).isNotNull();
  }
}
