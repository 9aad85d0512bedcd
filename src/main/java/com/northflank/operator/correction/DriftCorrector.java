package com.northflank.operator.correction;

import com.northflank.operator.budget.Admission;
import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.client.CorrectionPatch;
import com.northflank.operator.client.JobSnapshot;
import com.northflank.operator.client.NorthflankApi;
import com.northflank.operator.client.NorthflankApiException;
import com.northflank.operator.drift.DriftComparator;
import com.northflank.operator.drift.DriftReport;
import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.failure.SyncException;
import com.northflank.operator.model.FieldDrift;
import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the live job match spec.job again where PATCH can, when the resource asks for it ({@code
 * driftPolicy: Correct}) and the operator allows it (not {@code --read-only}, and the resource's
 * token may write: its own, or the operator-wide one under {@code --default-token-writes}). One PATCH per read
 * at most, carrying only the drifted, correctable fields; at most one correction per effective
 * interval for a spec, so that someone who keeps changing the job in the console is corrected once
 * per interval; none at all for a spec Northflank has refused.
 */
public final class DriftCorrector {

  /**
   * How long a correction may wait for a budget slot right after its read; beyond it the job's next
   * read takes the slot and the correction follows that read.
   */
  static final Duration MAX_BUDGET_WAIT = Duration.ofSeconds(2);

  private final NorthflankApi api;
  private final RequestBudget budget;
  private final boolean readOnly;
  private final Clock clock;
  private final DriftComparator comparator = new DriftComparator();

  /**
   * @param readOnly the operator's --read-only: no PATCH, whatever the resources ask for
   */
  public DriftCorrector(NorthflankApi api, RequestBudget budget, boolean readOnly, Clock clock) {
    this.api = api;
    this.budget = budget;
    this.readOnly = readOnly;
    this.clock = clock;
  }

  /**
   * @param scope the reconcile: the resource, its job and token, spec.job as a tree
   * @param read the Get Job read of this reconcile
   * @param drift how the read differs from {@link CorrectionScope#desired()}
   */
  public Correction correct(CorrectionScope scope, JobSnapshot read, DriftReport drift) {
    NorthflankJob job = scope.job();
    if (!job.getSpec().corrects()) {
      return new Correction.Skipped(Correction.Skip.REPORT);
    }
    List<String> correctable =
        drift.differences().stream()
            .filter(d -> Boolean.TRUE.equals(d.correctable()))
            .map(FieldDrift::field)
            .toList();
    if (correctable.isEmpty()) {
      return new Correction.Skipped(Correction.Skip.NOTHING_CORRECTABLE);
    }
    if (readOnly) {
      return new Correction.Skipped(Correction.Skip.READ_ONLY);
    }
    if (!scope.credentials().mayWrite()) {
      return new Correction.Skipped(Correction.Skip.TOKEN_MAY_NOT_WRITE);
    }
    Long generation = job.getMetadata().getGeneration();
    LastCorrection last = scope.lastCorrection().orElse(null);
    boolean sameSpec = last != null && Objects.equals(last.generation(), generation);
    if (sameSpec && last.rejected()) {
      return new Correction.Held(last);
    }
    Instant now = clock.instant();
    if (sameSpec && last.applied()) {
      Instant next = nextAllowed(scope, last);
      if (now.isBefore(next)) {
        return new Correction.Deferred(next, Duration.between(now, next));
      }
    }
    CorrectionPatch patch =
        CorrectionPatch.of(scope.desired(), correctable).keepingOwnershipTag(read.document());
    if (patch.isEmpty()) {
      return new Correction.Skipped(Correction.Skip.NOTHING_CORRECTABLE);
    }
    // a write spends the token's budget like a read, in the lane routine polls do not queue in
    Admission admission = budget.admitWrite(scope.key(), scope.token(), MAX_BUDGET_WAIT);
    if (admission instanceof Admission.Later) {
      return new Correction.WaitingForBudget();
    }
    // the read may have waited long for the budget, and the PATCH for its own permit: whatever
    // happened to the resource meanwhile wins
    Optional<WriteGate.Hold> hold =
        WriteGate.check(job, scope.current(), latest -> latest.getSpec().corrects());
    if (hold.isPresent()) {
      return new Correction.Withheld(hold.get());
    }
    try {
      JobSnapshot after = api.patchJob(scope.ref(), patch.body(), read, scope.token());
      LastCorrection applied =
          new LastCorrection(
              Timestamps.format(clock.instant()),
              patch.fields(),
              LastCorrection.APPLIED,
              generation,
              null);
      return new Correction.Applied(
          after,
          comparator.compare(scope.desired(), after.document()),
          applied,
          patch,
          nextAllowed(scope, applied));
    } catch (NorthflankApiException e) {
      SyncException failure = SyncException.fromWrite(e);
      LastCorrection rejected =
          failure.reason() == FailureReason.CORRECTION_REJECTED
              ? new LastCorrection(
                  Timestamps.format(clock.instant()),
                  patch.fields(),
                  LastCorrection.REJECTED,
                  generation,
                  failure.getMessage())
              : null;
      return new Correction.Failed(failure, rejected);
    }
  }

  private static Instant nextAllowed(CorrectionScope scope, LastCorrection last) {
    return Timestamps.parse(last.time())
        .map(time -> time.plus(scope.effectiveInterval()))
        .orElse(Instant.MIN);
  }
}
