package com.northflank.operator.client;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A failed Northflank API call. The message is short, names the route template and the job, and
 * never contains the API token, so it is safe for logs, events and status conditions.
 */
public final class NorthflankApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, at the granularity the reconciler reacts to. */
  public enum Kind {
    /** 401: the token is invalid or expired. */
    UNAUTHORIZED(false),
    /** 403: the token's role lacks the permission, or the project is outside it. */
    FORBIDDEN(false),
    /** 404 or 410. */
    NOT_FOUND(false),
    /** 400, 422 and every other 4xx not listed here. */
    BAD_REQUEST(false),
    /**
     * 409: the job is in a state that refuses the request for now (e.g. another change in
     * progress); retrying later can succeed. On a create it means a job with that id exists, which
     * a retry does not change: the caller of {@link NorthflankApi#createJob} reads it so.
     */
    CONFLICT(true),
    /** 429. */
    RATE_LIMITED(true),
    /** 5xx, 408, timeouts and connection failures. */
    UNAVAILABLE(true),
    /**
     * A 2xx the client cannot use (not JSON, no {@code data} object, a known field of the wrong
     * type), or a 3xx, since redirects are never followed. Retryable: usually a proxy or a
     * deployment in progress rather than a permanent state.
     */
    INVALID_RESPONSE(true);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }

    /** The kind of an HTTP failure status; anything outside 4xx and 5xx is an invalid response. */
    public static Kind forStatus(int status) {
      return switch (status) {
        case 401 -> UNAUTHORIZED;
        case 403 -> FORBIDDEN;
        case 404, 410 -> NOT_FOUND;
        case 409 -> CONFLICT;
        case 408 -> UNAVAILABLE;
        case 429 -> RATE_LIMITED;
        default -> {
          if (status >= 400 && status < 500) {
            yield BAD_REQUEST;
          }
          yield status >= 500 && status < 600 ? UNAVAILABLE : INVALID_RESPONSE;
        }
      };
    }
  }

  private final Kind kind;
  private final Integer httpStatus;
  private final Duration retryAfter;

  public NorthflankApiException(Kind kind, String message) {
    this(kind, message, OptionalInt.empty(), Optional.empty(), null);
  }

  /**
   * @param cause must not carry the token in its message either
   */
  public NorthflankApiException(
      Kind kind,
      String message,
      OptionalInt httpStatus,
      Optional<Duration> retryAfter,
      Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.httpStatus = httpStatus.isPresent() ? httpStatus.getAsInt() : null;
    this.retryAfter = retryAfter.orElse(null);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, absent when no response arrived. */
  public OptionalInt httpStatus() {
    return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  /** How long the server asked the caller to wait before the next request, when it said so. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public boolean retryable() {
    return kind.retryable();
  }

  /**
   * No connection to the API could be made (refused, no route, unknown host, connect timeout): not
   * a failure of this request, and every other request to the same API would meet it too.
   */
  public boolean connectionFailed() {
    for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof HttpConnectTimeoutException
          || cause instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }
}
