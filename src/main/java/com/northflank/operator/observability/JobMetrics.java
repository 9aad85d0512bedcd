package com.northflank.operator.observability;

import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.reconciler.ConditionTypes;
import com.northflank.operator.reconciler.Conditions;
import com.northflank.operator.reconciler.FailureReason;
import com.northflank.operator.reconciler.SyncObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-job gauges (drifted, synced, stalled, number of drifted fields), corrections per job and sync
 * failures by reason. A job's series are removed when its resource is deleted, so dashboards never
 * show ghosts.
 */
public final class JobMetrics implements SyncObserver {

  public static final String DRIFTED = "northflank.job.drifted";
  public static final String SYNCED = "northflank.job.synced";
  public static final String STALLED = "northflank.job.stalled";
  public static final String DRIFT_FIELDS = "northflank.job.drift.fields";
  public static final String SYNC_FAILURES = "northflank.sync.failures";
  public static final String SYNC_INTERVAL = "northflank.job.sync.interval.seconds";
  public static final String CORRECTIONS = "northflank.job.corrections";

  private final MeterRegistry registry;
  private final Map<JobKey, JobGauges> jobs = new ConcurrentHashMap<>();

  public JobMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  private record JobKey(String namespace, String name) {}

  /** The values behind one job's gauges; gauges read them on every scrape. */
  private final class JobGauges {
    final AtomicLong drifted = new AtomicLong();
    final AtomicLong synced = new AtomicLong();
    final AtomicLong stalled = new AtomicLong();
    final AtomicLong driftFields = new AtomicLong();
    final AtomicLong intervalMillis = new AtomicLong();
    final Counter corrections;
    final List<Meter> meters;

    JobGauges(JobKey key) {
      Tags tags = Tags.of("namespace", key.namespace(), "name", key.name());
      corrections =
          Counter.builder(CORRECTIONS)
              .description("Correcting PATCHes Northflank took (driftPolicy: Correct)")
              .tags(tags)
              .register(registry);
      meters =
          List.of(
              corrections,
              Gauge.builder(DRIFTED, drifted, AtomicLong::get)
                  .description("1 when a declared field differs from the live job")
                  .tags(tags)
                  .register(registry),
              Gauge.builder(SYNCED, synced, AtomicLong::get)
                  .description("1 when the last read of the live job succeeded")
                  .tags(tags)
                  .register(registry),
              Gauge.builder(STALLED, stalled, AtomicLong::get)
                  .description(
                      "1 when retrying will not help (JobNotFound, Unauthorized, Forbidden,"
                          + " InvalidSpec) and someone has to act")
                  .tags(tags)
                  .register(registry),
              Gauge.builder(DRIFT_FIELDS, driftFields, AtomicLong::get)
                  .description("Number of declared fields that differ from the live job")
                  .tags(tags)
                  .register(registry),
              Gauge.builder(SYNC_INTERVAL, intervalMillis, millis -> millis.get() / 1000.0)
                  .description(
                      "Effective time between reads: spec.syncInterval, stretched when the"
                          + " request budget cannot cover every job at its own interval")
                  .tags(tags)
                  .register(registry));
    }
  }

  @Override
  public void statusComputed(NorthflankJob job, NorthflankJobStatus status) {
    JobGauges gauges = gauges(job);
    gauges.drifted.set(Conditions.isTrue(status.conditions(), ConditionTypes.DRIFTED) ? 1 : 0);
    gauges.synced.set(Conditions.isTrue(status.conditions(), ConditionTypes.SYNCED) ? 1 : 0);
    gauges.stalled.set(Conditions.isTrue(status.conditions(), ConditionTypes.STALLED) ? 1 : 0);
    gauges.driftFields.set(status.driftCount() == null ? 0 : status.driftCount());
  }

  @Override
  public void syncFailed(NorthflankJob job, FailureReason reason) {
    Counter.builder(SYNC_FAILURES)
        .description("Failed reads of live jobs, by condition reason")
        .tag("reason", reason.conditionReason())
        .register(registry)
        .increment();
  }

  @Override
  public void corrected(NorthflankJob job, List<String> fields) {
    gauges(job).corrections.increment();
  }

  @Override
  public void scheduled(NorthflankJob job, Duration effectiveInterval) {
    gauges(job).intervalMillis.set(effectiveInterval.toMillis());
  }

  private JobGauges gauges(NorthflankJob job) {
    return jobs.computeIfAbsent(
        new JobKey(job.getMetadata().getNamespace(), job.getMetadata().getName()), JobGauges::new);
  }

  /** Drops a deleted resource's series. */
  @Override
  public void resourceDeleted(String namespace, String name) {
    JobGauges gauges = jobs.remove(new JobKey(namespace, name));
    if (gauges != null) {
      gauges.meters.forEach(registry::remove);
    }
  }
}
