package com.northflank.operator.reconciler;

import com.northflank.operator.credentials.CredentialResolver;
import com.northflank.operator.credentials.ResolvedCredentials;
import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.failure.SyncException;
import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.runs.LastRunStatus;
import com.northflank.operator.scheduling.SyncSchedule;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the per-reconcile {@link JobContext}: checks the spec, resolves the token from the
 * resource's Secret or the operator's default, and applies the operator's defaults. Before any API
 * call, so that a spec or credentials problem costs none.
 */
final class JobContexts {

  private static final Logger log = LoggerFactory.getLogger(JobContexts.class);

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
   * A resource whose spec the model cannot hold (admitted under an older CRD) fails on its own,
   * as InvalidSpec, and says so in a log line that names it; once, not at every retry, when its
   * status already shows it. A status that cannot be read is written anew.
   *
   * @throws SyncException InvalidSpec when the spec could not be read
   */
  private static void readable(NorthflankJob job) {
    String resource = job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
    job.unreadableStatus()
        .ifPresent(
            problem ->
                log.warn(
                    "NorthflankJob {}: {}; the operator writes its status anew", resource, problem));
    if (job.unreadableSpec().isEmpty()) {
      return;
    }
    SyncException failure =
        new SyncException(
            FailureReason.INVALID_SPEC,
            job.unreadableSpec().get()
                + "; nothing is read from Northflank until the spec is corrected");
    boolean shown =
        job.getStatus() != null
            && Conditions.find(job.getStatus().conditions(), ConditionTypes.SYNCED)
                .filter(c -> failure.getMessage().equals(c.message()))
                .isPresent();
    if (!shown) {
      log.warn("NorthflankJob {} cannot be read: {}", resource, failure.getMessage());
    }
    throw failure;
  }
}
