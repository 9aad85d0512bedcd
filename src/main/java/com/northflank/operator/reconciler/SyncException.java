package com.northflank.operator.reconciler;

import com.northflank.operator.northflank.NorthflankApiException;
import java.time.Duration;
import java.util.Optional;

/**
 * A sync that could not complete, with the reason the status will show. Its message is written to
 * the status and to Events, so it never holds a token.
 */
public class SyncException extends RuntimeException {

  private final FailureReason reason;
  private final Duration retryAfter;

  public SyncException(FailureReason reason, String message) {
    this(reason, message, null, null);
  }

  private SyncException(
      FailureReason reason, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  public static SyncException from(NorthflankApiException e) {
    return new SyncException(
        FailureReason.of(e.kind()), e.getMessage(), e.retryAfter().orElse(null), e);
  }

  /** The failure behind any exception a reconcile throws, if it is one the operator knows. */
  public static Optional<SyncException> find(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof SyncException sync) {
        return Optional.of(sync);
      }
      if (t instanceof NorthflankApiException api) {
        return Optional.of(from(api));
      }
    }
    return Optional.empty();
  }

  public FailureReason reason() {
    return reason;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
