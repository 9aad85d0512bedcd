/**
 * Why a sync failed and how the operator waits it out: {@link
 * com.northflank.operator.failure.FailureReason} turns an API error (or a spec or credentials
 * problem) into a condition reason and a recovery, and {@link
 * com.northflank.operator.failure.SyncException} carries it from whichever step of the pipeline
 * failed (spec check, credentials, read, correction) to the reconciler's error handling and the
 * status. Below every step, so that none of them depends on another to fail.
 */
package com.northflank.operator.failure;
