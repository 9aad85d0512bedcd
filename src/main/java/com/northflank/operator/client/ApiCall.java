package com.northflank.operator.client;

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
 * @param token the fingerprint of the token used ({@link ApiToken#fingerprint()}), so a request
 *     budget can be kept per token without holding the token itself
 * @param retryAfter when the server asked to come back (Retry-After, or the rate-limit reset on a
 *     429 without one)
 */
public record ApiCall(
    String route,
    int status,
    Duration duration,
    Optional<RateLimitSnapshot> rateLimit,
    String token,
    Optional<Duration> retryAfter) {

  public static final int NO_RESPONSE = -1;

  public ApiCall {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(rateLimit, "rateLimit");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(retryAfter, "retryAfter");
  }
}
