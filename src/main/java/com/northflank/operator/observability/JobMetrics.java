package com.northflank.operator.observability;

import com.northflank.operator.model.Condition;
import com.northflank.operator.model.LastRun;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.model.Timestamps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-job gauges (drifted, synced, stalled, number of drifted fields, the effective interval, the
 * last run), corrections per job and sync failures by reason. A job's series are removed when its
 * resource is deleted, so dashboards never show ghosts; the last run's series exist only while
 * there is one to show.
 *
 * <p>The per-job series are not Micrometer meters: nine meters per job (each with its id, tags,
 * weak reference and the Prometheus registry's bookkeeping) cost about 3 KiB of heap per job and a
 * tenth of a first sync's reconcile time to register. {@link JobSeries} writes them at scrape time
 * from one small record of values per job instead, under the same names, help and labels.
 */
public final class JobMetrics implements SyncObserver {

  /**
   * A Micrometer meter's name (not per job): the registry turns it into
   * northflank_sync_failures_total.
   */
  public static final String SYNC_FAILURES = "northflank.sync.failures";

  /**
   * Creates, adoptions and deletes of jobs, by operation and result: the registry turns it into
   * northflank_job_lifecycle_operations_total. Not per job: both labels are bounded.
   */
  public static final String LIFECYCLE_OPERATIONS = "northflank.job.lifecycle.operations";

  // the Prometheus names JobSeries writes the per-job series under
  public static final String DRIFTED = "northflank_job_drifted";
  public static final String SYNCED = "northflank_job_synced";
  public static final String STALLED = "northflank_job_stalled";
  public static final String DRIFT_FIELDS = "northflank_job_drift_fields";
  public static final String SYNC_INTERVAL = "northflank_job_sync_interval_seconds";
  public static final String CORRECTIONS = "northflank_job_corrections";
  public static final String LAST_RUN_SUCCEEDED = "northflank_job_last_run_succeeded";
  public static final String LAST_RUN_START = "northflank_job_last_run_start_timestamp_seconds";
  public static final String LAST_RUN_DURATION = "northflank_job_last_run_duration_seconds";

  private final PrometheusMeterRegistry registry;
  private final Map<JobKey, JobValues> jobs = new ConcurrentHashMap<>();

  public JobMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    registry.getPrometheusRegistry().register(new JobSeries(jobs.values()));
  }

  private record JobKey(String namespace, String name) {}

  @Override
  public void statusComputed(NorthflankJob job, NorthflankJobStatus status) {
    JobValues values = values(job);
    values.drifted = Conditions.isTrue(status.conditions(), ConditionTypes.DRIFTED) ? 1 : 0;
    values.synced = Conditions.isTrue(status.conditions(), ConditionTypes.SYNCED) ? 1 : 0;
    values.stalled = Conditions.isTrue(status.conditions(), ConditionTypes.STALLED) ? 1 : 0;
    values.driftFields = status.driftCount() == null ? 0 : status.driftCount();
    lastRun(values, status);
  }

  /**
   * The verdict follows the LastRunSucceeded condition; the start follows status.lastRun; the
   * duration is the latest concluded run's and stays while a newer run is in progress. No last run
   * on record (none yet, or runs not observed) removes all three.
   */
  private static void lastRun(JobValues values, NorthflankJobStatus status) {
    Optional<String> verdict =
        Conditions.find(status.conditions(), ConditionTypes.LAST_RUN_SUCCEEDED)
            .map(Condition::status);
    if (verdict.filter(Condition.TRUE::equals).isPresent()) {
      values.lastRunSucceeded = 1;
    } else if (verdict.filter(Condition.FALSE::equals).isPresent()) {
      values.lastRunSucceeded = 0;
    } else {
      values.lastRunSucceeded = JobValues.ABSENT;
    }
    LastRun run = status.lastRun();
    Optional<Instant> started =
        Optional.ofNullable(run).flatMap(r -> Timestamps.parse(r.startedAt()));
    if (started.isEmpty()) {
      values.lastRunStart = JobValues.ABSENT;
      values.lastRunDuration = JobValues.ABSENT;
      return;
    }
    values.lastRunStart = started.get().getEpochSecond();
    if (run.concluded()) {
      values.lastRunDuration =
          Timestamps.parse(run.concludedAt())
              .map(concluded -> Duration.between(started.get(), concluded).toMillis() / 1000.0)
              .orElse(JobValues.ABSENT);
    }
  }

  @Override
  public void syncFailed(NorthflankJob job, String reason) {
    Counter.builder(SYNC_FAILURES)
        .description("Failed reads of live jobs, by condition reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  @Override
  public void lifecycleOperation(NorthflankJob job, String operation, String result) {
    Counter.builder(LIFECYCLE_OPERATIONS)
        .description("Creates, adoptions and deletes of Northflank jobs, by operation and result")
        .tag("operation", operation)
        .tag("result", result)
        .register(registry)
        .increment();
  }

  @Override
  public void corrected(NorthflankJob job, List<String> fields) {
    values(job).corrections.increment();
  }

  @Override
  public void scheduled(NorthflankJob job, Duration effectiveInterval) {
    values(job).intervalSeconds = effectiveInterval.toMillis() / 1000.0;
  }

  private JobValues values(NorthflankJob job) {
    return jobs.computeIfAbsent(
        new JobKey(job.getMetadata().getNamespace(), job.getMetadata().getName()),
        key -> new JobValues(key.namespace(), key.name()));
  }

  /** Drops a deleted resource's series. */
  @Override
  public void resourceDeleted(String namespace, String name) {
    jobs.remove(new JobKey(namespace, name));
  }
}
