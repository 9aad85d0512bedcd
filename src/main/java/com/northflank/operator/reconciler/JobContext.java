package com.northflank.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.northflank.operator.client.JobRef;
import com.northflank.operator.client.ProjectRef;
import com.northflank.operator.correction.CorrectionScope;
import com.northflank.operator.credentials.ResolvedCredentials;
import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.scheduling.SyncSchedule;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of one NorthflankJob, as flink's {@code FlinkResourceContext}: the resource and
 * JOSDK's context, what the resource resolves to (its key, the job it mirrors, the token it reads
 * with, its declared interval, whether its runs are observed), and what the steps of the pipeline
 * ask of it. Opened by {@link JobContexts} at the start of a reconcile whose spec and credentials
 * are usable, and dropped at its end: nothing in it outlives the reconcile.
 */
final class JobContext implements CorrectionScope {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger(JobContext.class);

  private final NorthflankJob job;
  private final Context<NorthflankJob> josdk;
  private final ResolvedCredentials credentials;
  private final boolean observesRuns;
  private final SyncSchedule schedule;
  private final String key;
  private final JobRef ref;
  private final Duration interval;
  private final LastCorrection unrecorded;
  private JsonNode desired;

  JobContext(
      NorthflankJob job,
      Context<NorthflankJob> josdk,
      ResolvedCredentials credentials,
      boolean observesRuns,
      SyncSchedule schedule,
      Optional<LastCorrection> unrecorded) {
    this.job = job;
    this.josdk = josdk;
    this.credentials = credentials;
    this.observesRuns = observesRuns;
    this.schedule = schedule;
    this.key = SyncSchedule.key(job);
    this.ref = new JobRef(job.getSpec().teamId(), job.getSpec().projectId(), job.getSpec().jobId());
    this.interval = schedule.interval(job);
    this.unrecorded = unrecorded.orElse(null);
  }

  @Override
  public NorthflankJob job() {
    return job;
  }

  Context<NorthflankJob> josdk() {
    return josdk;
  }

  @Override
  public String key() {
    return key;
  }

  ResourceID resource() {
    return ResourceID.fromResource(job);
  }

  @Override
  public JobRef ref() {
    return ref;
  }

  /** The project the job is in: what one list sweep covers. */
  ProjectRef project() {
    return new ProjectRef(ref.teamId(), ref.projectId());
  }

  @Override
  public ResolvedCredentials credentials() {
    return credentials;
  }

  /** spec.syncInterval, or the operator's default. */
  Duration interval() {
    return interval;
  }

  /**
   * Asked of the schedule each time: the budget stretches the interval as it learns the jobs
   * sharing the token, this one's share included once it is admitted.
   */
  @Override
  public Duration effectiveInterval() {
    return schedule.effectiveInterval(job);
  }

  /** The resource and the operator both want its runs read. */
  boolean observesRuns() {
    return observesRuns;
  }

  /**
   * Read from the Kubernetes API, one GET, rather than from the informer's cache: the cache is a
   * watch event behind, and under a loaded API server that is seconds, long enough for a pause or
   * a switch to Report to miss the write it was meant to stop. Writes are few (at most one per
   * resource and interval), so the GET is cheap. When the API does not answer, the cache's copy,
   * the best view left, decides.
   */
  @Override
  public Optional<NorthflankJob> current() {
    try {
      return Optional.ofNullable(
          josdk
              .getClient()
              .resources(NorthflankJob.class)
              .inNamespace(job.getMetadata().getNamespace())
              .withName(job.getMetadata().getName())
              .get());
    } catch (KubernetesClientException e) {
      log.warn(
          "Could not read {}/{} again before writing to Northflank (HTTP {}); the informer's copy"
              + " decides",
          job.getMetadata().getNamespace(),
          job.getMetadata().getName(),
          e.getCode());
      return josdk.getPrimaryCache().get(resource());
    }
  }

  /** A correction whose status write failed is newer than the one on record. */
  @Override
  public Optional<LastCorrection> lastCorrection() {
    return unrecorded != null ? Optional.of(unrecorded) : CorrectionScope.super.lastCorrection();
  }

  /** A correction Northflank answered that the status on record does not show yet. */
  Optional<LastCorrection> unrecorded() {
    return Optional.ofNullable(unrecorded);
  }

  @Override
  public JsonNode desired() {
    if (desired == null) {
      desired = JSON.valueToTree(job.getSpec().job());
    }
    return desired;
  }
}
