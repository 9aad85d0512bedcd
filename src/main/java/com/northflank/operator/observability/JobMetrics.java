package com.northflank.operator.observability;

import com.northflank.operator.model.Condition;
import com.northflank.operator.model.LastRun;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.reconciler.ConditionTypes;
import com.northflank.operator.reconciler.Conditions;
import com.northflank.operator.reconciler.FailureReason;
import com.northflank.operator.reconciler.SyncObserver;
import com.northflank.operator.reconciler.Timestamps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-job gauges (drifted, synced, stalled, number of drifted fields, the last run), corrections
 * per job and sync failures by reason. A job's series are removed when its resource is deleted, so
 * dashboards never show ghosts; the last run's series exist only while there is one to show.
 */
public final class JobMetrics implements SyncObserver {

  public static final String DRIFTED = "northflank.job.drifted";
  public static final String SYNCED = "northflank.job.synced";
  public static final String STALLED = "northflank.job.stalled";
  public static final String DRIFT_FIELDS = "northflank.job.drift.fields";
  public static final String SYNC_FAILURES = "northflank.sync.failures";
  public static final String SYNC_INTERVAL = "northflank.job.sync.interval.seconds";
  public static final String CORRECTIONS = "northflank.job.corrections";
  public static final String LAST_RUN_SUCCEEDED = "northflank.job.last.run.succeeded";
  public static final String LAST_RUN_START = "northflank.job.last.run.start.timestamp.seconds";
  public static final String LAST_RUN_DURATION = "northflank.job.last.run.duration.seconds";

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
    final OptionalGauge lastRunSucceeded;
    final OptionalGauge lastRunStart;
    final OptionalGauge lastRunDuration;

    JobGauges(JobKey key) {
      Tags tags = Tags.of("namespace", key.namespace(), "name", key.name());
      lastRunSucceeded =
          new OptionalGauge(
              LAST_RUN_SUCCEEDED,
              "1 when the job's latest concluded run succeeded, 0 when it failed; absent while"
                  + " unknown",
              tags);
      lastRunStart =
          new OptionalGauge(
              LAST_RUN_START, "When the job's latest run started, in seconds since 1970", tags);
      lastRunDuration =
          new OptionalGauge(
              LAST_RUN_DURATION,
              "How long the job's latest concluded run took, from start to conclusion",
              tags);
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
    lastRun(gauges, status);
  }

  /**
   * The verdict follows the LastRunSucceeded condition; the start follows status.lastRun; the
   * duration is the latest concluded run's and stays while a newer run is in progress. No last run
   * on record (none yet, or runs not observed) removes all three.
   */
  private static void lastRun(JobGauges gauges, NorthflankJobStatus status) {
    Optional<String> verdict =
        Conditions.find(status.conditions(), ConditionTypes.LAST_RUN_SUCCEEDED)
            .map(Condition::status);
    if (verdict.filter(Condition.TRUE::equals).isPresent()) {
      gauges.lastRunSucceeded.set(1);
    } else if (verdict.filter(Condition.FALSE::equals).isPresent()) {
      gauges.lastRunSucceeded.set(0);
    } else {
      gauges.lastRunSucceeded.clear();
    }
    LastRun run = status.lastRun();
    Optional<Instant> started =
        Optional.ofNullable(run).flatMap(r -> Timestamps.parse(r.startedAt()));
    if (started.isEmpty()) {
      gauges.lastRunStart.clear();
      gauges.lastRunDuration.clear();
      return;
    }
    gauges.lastRunStart.set(started.get().getEpochSecond());
    if (run.concluded()) {
      Timestamps.parse(run.concludedAt())
          .ifPresentOrElse(
              concluded ->
                  gauges.lastRunDuration.set(
                      Duration.between(started.get(), concluded).toMillis() / 1000.0),
              gauges.lastRunDuration::clear);
    }
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
      gauges.lastRunSucceeded.clear();
      gauges.lastRunStart.clear();
      gauges.lastRunDuration.clear();
    }
  }

  /** A gauge that is registered while it has a value and removed when it has none. */
  private final class OptionalGauge {
    private final String name;
    private final String description;
    private final Tags tags;
    private volatile double value;
    private Gauge gauge;

    OptionalGauge(String name, String description, Tags tags) {
      this.name = name;
      this.description = description;
      this.tags = tags;
    }

    synchronized void set(double newValue) {
      value = newValue;
      if (gauge == null) {
        gauge =
            Gauge.builder(name, this, g -> g.value)
                .description(description)
                .tags(tags)
                .register(registry);
      }
    }

    synchronized void clear() {
      if (gauge != null) {
        registry.remove(gauge);
        gauge = null;
      }
    }
  }
}
