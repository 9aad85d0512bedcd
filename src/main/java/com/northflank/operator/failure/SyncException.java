package com.northflank.operator.failure;

import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.client.NorthflankApiException;
import java.time.Duration;
import java.util.Optional;

/**
 * A sync that could not complete, with the reason the status will show. Its message is written to
 * the status and to Events, so it never holds a token.
 */
public class SyncException extends RuntimeException {

  /** What a correcting write needs that a read does not: its own permission. */
  static final String UPDATE_PERMISSION =
      " (correcting drift needs the token's permission Project > Jobs > General > Update)";

  private final FailureReason reason;
  private final Duration retryAfter;
  private final NorthflankJobStatus observation;

  public SyncException(FailureReason reason, String message) {
    this(reason, message, null, null, null);
  }

  private SyncException(
      FailureReason reason,
      String message,
      Duration retryAfter,
      Throwable cause,
      NorthflankJobStatus observation) {
    super(message, cause);
    this.reason = reason;
    this.retryAfter = retryAfter;
    this.observation = observation;
  }

  /** A failed read. */
  public static SyncException from(NorthflankApiException e) {
    return new SyncException(
        FailureReason.of(e.kind()), e.getMessage(), e.retryAfter().orElse(null), e, null);
  }

  /** A failed correcting write. */
  public static SyncException fromWrite(NorthflankApiException e) {
    FailureReason reason = FailureReason.ofWrite(e.kind());
    String message =
        reason == FailureReason.FORBIDDEN ? e.getMessage() + UPDATE_PERMISSION : e.getMessage();
    return new SyncException(reason, message, e.retryAfter().orElse(null), e, null);
  }

  /** What a create needs: its own permission. */
  static final String CREATE_PERMISSION =
      " (creating a job needs the token's permission Project > Jobs > General > Create)";

  /** A failed create (POST). */
  public static SyncException fromCreate(NorthflankApiException e) {
    FailureReason reason = FailureReason.ofCreate(e.kind());
    String message =
        reason == FailureReason.FORBIDDEN ? e.getMessage() + CREATE_PERMISSION : e.getMessage();
    return new SyncException(reason, message, e.retryAfter().orElse(null), e, null);
  }

  /**
   * The same failure, after a read that succeeded in the same reconcile: the status shows what that
   * read saw rather than what an earlier one did.
   */
  public SyncException withObservation(NorthflankJobStatus observed) {
    return new SyncException(reason, getMessage(), retryAfter, getCause(), observed);
  }

  /** The status built from this reconcile's successful read, when there was one. */
  public Optional<NorthflankJobStatus> observation() {
    return Optional.ofNullable(observation);
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
