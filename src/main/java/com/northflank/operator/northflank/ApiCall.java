package com.northflank.operator.northflank;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request made to the Northflank API.
 *
 * @param route method and path template, e.g. {@code GET /v1/projects/{projectId}/jobs/{jobId}};
 *     IDs are left out so that it is a bounded metrics label
 * @param status the HTTP status, or {@link #NO_RESPONSE} when none arrived
 * @param rateLimit the rate-limit headers of the response, when it had any
 */
public record ApiCall(
    String route, int status, Duration duration, Optional<RateLimitSnapshot> rateLimit) {

  public static final int NO_RESPONSE = -1;

  public ApiCall {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(rateLimit, "rateLimit");
  }
}
