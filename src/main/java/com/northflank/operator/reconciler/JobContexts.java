package com.northflank.operator.reconciler;

import com.northflank.operator.credentials.CredentialResolver;
import com.northflank.operator.credentials.ResolvedCredentials;
import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.failure.SyncException;
import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.runs.LastRunStatus;
import com.northflank.operator.scheduling.SyncSchedule;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/**
 * Opens the per-reconcile {@link JobContext}: checks the spec, resolves the token from the
 * resource's Secret or the operator's default, and applies the operator's defaults. Before any API
 * call, so that a spec or credentials problem costs none.
 */
final class JobContexts {

  private final SpecValidator validator;
  private final CredentialResolver credentials;
  private final SyncSchedule schedule;
  private final boolean observeRuns;

  /**
   * @param observeRuns the operator's --observe-runs, which a resource can only narrow
   */
  JobContexts(
      SpecValidator validator,
      CredentialResolver credentials,
      SyncSchedule schedule,
      boolean observeRuns) {
    this.validator = validator;
    this.credentials = credentials;
    this.schedule = schedule;
    this.observeRuns = observeRuns;
  }

  /**
   * @param unrecorded a correction Northflank answered whose status write failed
   * @throws com.northflank.operator.failure.SyncException InvalidSpec or CredentialsMissing
   */
  JobContext open(
      NorthflankJob job, Context<NorthflankJob> context, Optional<LastCorrection> unrecorded) {
    readable(job);
    validator.validate(job.getSpec());
    ResolvedCredentials token =
        credentials.credentials(job, context.getSecondaryResource(Secret.class));
    return new JobContext(
        job, context, token, LastRunStatus.observes(job, observeRuns), schedule, unrecorded);
  }

  /**
   * A resource whose spec the model cannot hold (admitted under an older CRD) fails on its own, as
   * InvalidSpec; the reconciler tells of it once ({@link #unreadable}).
   *
   * @throws SyncException InvalidSpec when the spec could not be read
   */
  private static void readable(NorthflankJob job) {
    Optional<String> problem = unreadable(job);
    if (problem.isPresent() && job.unreadableSpec().isPresent()) {
      throw new SyncException(FailureReason.INVALID_SPEC, problem.get());
    }
  }

  /**
   * What the model could not read of the stored resource, and what the operator does about it; the
   * field and what it should hold, never the value.
   */
  static Optional<String> unreadable(NorthflankJob job) {
    return job.unreadableSpec()
        .map(p -> p + "; nothing is read from Northflank until the spec is corrected")
        .or(() -> job.unreadableStatus().map(p -> p + "; the operator writes the status anew"));
  }
}
