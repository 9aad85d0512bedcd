package com.northflank.operator.correction;

import com.northflank.operator.failure.SyncException;
import com.northflank.operator.drift.DriftReport;
import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.client.CorrectionPatch;
import com.northflank.operator.client.JobSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What became of the drift a read found: the correcting step of the pipeline (read, compare,
 * correct, status), decided by {@link DriftCorrector}.
 */
public sealed interface Correction {

  /** The observation the status is built from: the PATCH answer when one came. */
  default JobSnapshot live(JobSnapshot read) {
    return read;
  }

  /** The drift the status shows: what the PATCH answer still differs in, when one came. */
  default DriftReport drift(DriftReport found) {
    return found;
  }

  /** A new record for status.lastCorrection; empty keeps the one on record. */
  default Optional<LastCorrection> record() {
    return Optional.empty();
  }

  /** When to read again at the latest, if sooner than the interval. */
  default Optional<Duration> readAgainWithin() {
    return Optional.empty();
  }

  /** Why no PATCH was sent, when it was not a matter of timing, budget or failure. */
  enum Skip {
    /** driftPolicy: Report. */
    REPORT,
    /** The drift is in fields PATCH cannot change, or there is none. */
    NOTHING_CORRECTABLE,
    /** The operator runs with --read-only. */
    READ_ONLY,
    /**
     * The resource reads with the operator-wide token, which the operator does not let write
     * (--default-token-writes).
     */
    TOKEN_MAY_NOT_WRITE
  }

  /** No PATCH, for a reason that does not change until the spec or the operator does. */
  record Skipped(Skip why) implements Correction {}

  /** The last correction of this spec was less than an effective interval ago. */
  record Deferred(Instant until, Duration remaining) implements Correction {
    @Override
    public Optional<Duration> readAgainWithin() {
      return Optional.of(remaining);
    }
  }

  /** The request budget had no permit for the PATCH now. */
  record WaitingForBudget() implements Correction {}

  /**
   * The resource changed while the correction waited (paused, deleted, its spec changed): no PATCH;
   * the reconcile the change starts decides anew.
   */
  record Withheld(WriteGate.Hold hold) implements Correction {}

  /** Northflank rejected the correction of this spec: not again until the spec changes. */
  record Held(LastCorrection rejected) implements Correction {}

  /**
   * Northflank took the PATCH; its answer is the new observation.
   *
   * @param next when the next correction may go out, should the job drift again
   */
  record Applied(
      JobSnapshot after,
      DriftReport remaining,
      LastCorrection applied,
      CorrectionPatch patch,
      Instant next)
      implements Correction {

    @Override
    public JobSnapshot live(JobSnapshot read) {
      return after;
    }

    @Override
    public DriftReport drift(DriftReport found) {
      return remaining;
    }

    @Override
    public Optional<LastCorrection> record() {
      return Optional.of(applied);
    }
  }

  /**
   * The PATCH failed; the failure decides the retry. A rejection carries its record, so that it
   * holds until the spec changes.
   */
  record Failed(SyncException failure, LastCorrection rejected) implements Correction {
    @Override
    public Optional<LastCorrection> record() {
      return Optional.ofNullable(rejected);
    }
  }
}
