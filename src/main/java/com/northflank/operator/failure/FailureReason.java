package com.northflank.operator.failure;

import com.northflank.operator.model.Reasons;
import com.northflank.operator.client.NorthflankApiException;

/**
 * Why a sync failed, and how the operator reacts: the one place where API errors become condition
 * reasons and retry behaviour.
 */
public enum FailureReason {
  CREDENTIALS_MISSING(Reasons.CREDENTIALS_MISSING, Recovery.ON_CHANGE),
  UNAUTHORIZED(Reasons.UNAUTHORIZED, Recovery.STALLED),
  FORBIDDEN(Reasons.FORBIDDEN, Recovery.STALLED),
  JOB_NOT_FOUND(Reasons.JOB_NOT_FOUND, Recovery.STALLED),
  INVALID_SPEC(Reasons.INVALID_SPEC, Recovery.STALLED),
  RATE_LIMITED(Reasons.RATE_LIMITED, Recovery.AFTER_RETRY_AFTER),
  API_UNAVAILABLE(Reasons.API_UNAVAILABLE, Recovery.BACKOFF),
  INVALID_RESPONSE(Reasons.INVALID_RESPONSE, Recovery.BACKOFF),
  /** Northflank refused a correcting PATCH (400, 422, ...): not again until the spec changes. */
  CORRECTION_REJECTED(Reasons.CORRECTION_REJECTED, Recovery.STALLED),
  /** A correcting PATCH met a 409: the job is busy; retried with backoff. */
  CORRECTION_CONFLICT(Reasons.CORRECTION_CONFLICT, Recovery.BACKOFF),
  /** MustCreate, and the job exists without this resource's ownership tag. */
  ALREADY_EXISTS(Reasons.ALREADY_EXISTS, Recovery.STALLED),
  /** The job carries another resource's ownership tag: looked at again each interval. */
  OWNED_ELSEWHERE(Reasons.OWNED_ELSEWHERE, Recovery.ON_CHANGE),
  /** An older resource of the cluster writes to the same job: free again once that one goes. */
  JOB_CLAIMED(Reasons.JOB_CLAIMED, Recovery.ON_CHANGE),
  /**
   * Northflank refused to delete the owned job (401/403), or the resource has no token to delete
   * it with: tried again at the interval, or at once when its Secret or spec changes.
   */
  DELETE_BLOCKED(Reasons.DELETE_BLOCKED, Recovery.ON_CHANGE);

  /** How a failure is waited out. */
  public enum Recovery {
    /** Retrying cannot help: Stalled=True, wait for a change or the next interval. */
    STALLED,
    /** Nothing to call until a Secret or the spec changes; checked again at the interval. */
    ON_CHANGE,
    /** The server said when to come back. */
    AFTER_RETRY_AFTER,
    /** Transient: exponential backoff with jitter. */
    BACKOFF
  }

  private final String conditionReason;
  private final Recovery recovery;

  FailureReason(String conditionReason, Recovery recovery) {
    this.conditionReason = conditionReason;
    this.recovery = recovery;
  }

  public String conditionReason() {
    return conditionReason;
  }

  public Recovery recovery() {
    return recovery;
  }

  public boolean stalls() {
    return recovery == Recovery.STALLED;
  }

  /** Why a read (Get Job) failed. */
  public static FailureReason of(NorthflankApiException.Kind kind) {
    return switch (kind) {
      case UNAUTHORIZED -> UNAUTHORIZED;
      case FORBIDDEN -> FORBIDDEN;
      case NOT_FOUND -> JOB_NOT_FOUND;
      // a read sends nothing but the IDs, which the spec declares
      case BAD_REQUEST, CONFLICT -> INVALID_SPEC;
      case RATE_LIMITED -> RATE_LIMITED;
      case UNAVAILABLE -> API_UNAVAILABLE;
      case INVALID_RESPONSE -> INVALID_RESPONSE;
    };
  }

  /**
   * Why a create (POST) failed: a body Northflank refuses is the spec's problem; the rest means
   * what it means for a read. (A 409, the job exists, is not a failure: it is read and bound.)
   */
  public static FailureReason ofCreate(NorthflankApiException.Kind kind) {
    return switch (kind) {
      // the request carries spec.job and spec.creation: what Northflank refuses is the spec's
      case BAD_REQUEST -> INVALID_SPEC;
      default -> of(kind);
    };
  }

  /**
   * Why a correcting write (PATCH) failed. The API refusing the body is the spec's problem and
   * waits for a spec change; a conflict and everything transient retry with backoff; 401, 403, 404
   * and 429 mean what they mean for a read.
   */
  public static FailureReason ofWrite(NorthflankApiException.Kind kind) {
    return switch (kind) {
      case BAD_REQUEST -> CORRECTION_REJECTED;
      case CONFLICT -> CORRECTION_CONFLICT;
      default -> of(kind);
    };
  }
}
