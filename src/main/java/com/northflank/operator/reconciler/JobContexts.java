package com.northflank.operator.reconciler;

import com.northflank.operator.client.ApiToken;
import com.northflank.operator.credentials.CredentialResolver;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.runs.LastRunStatus;
import com.northflank.operator.scheduling.SyncSchedule;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;

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
   * @throws com.northflank.operator.failure.SyncException InvalidSpec or CredentialsMissing
   */
  JobContext open(NorthflankJob job, Context<NorthflankJob> context) {
    validator.validate(job.getSpec());
    ApiToken token = credentials.resolve(job, context.getSecondaryResource(Secret.class));
    return new JobContext(job, context, token, LastRunStatus.observes(job, observeRuns), schedule);
  }
}
