package com.northflank.operator.status;

import io.javaoperatorsdk.operator.OperatorException;

/**
 * The status could not be written because the resource kept changing under the patch: every attempt
 * met 409 Conflict and no fresher copy settled it. Nothing is lost (the next reconcile computes the
 * status again), so it is retried with backoff like a transient API failure.
 */
public final class StatusConflict extends OperatorException {

  StatusConflict(OperatorException gaveUp) {
    super(
        "the status was not written: the resource kept changing under the patch (409 Conflict; "
            + gaveUp.getMessage()
            + ")",
        gaveUp);
  }
}
