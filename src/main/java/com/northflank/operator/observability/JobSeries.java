package com.northflank.operator.observability;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The per-job series, built at scrape time from each job's {@link JobValues}. */
final class JobSeries implements MultiCollector {

  private record Gauge(String name, String help, ToDoubleFunction<JobValues> value) {}

  private static final List<Gauge> GAUGES =
      List.of(
          new Gauge(
              JobMetrics.DRIFTED,
              "1 when a declared field differs from the live job",
              v -> v.drifted),
          new Gauge(
              JobMetrics.SYNCED, "1 when the last read of the live job succeeded", v -> v.synced),
          new Gauge(
              JobMetrics.STALLED,
              "1 when retrying will not help (JobNotFound, Unauthorized, Forbidden, InvalidSpec)"
                  + " and someone has to act",
              v -> v.stalled),
          new Gauge(
              JobMetrics.DRIFT_FIELDS,
              "Number of declared fields that differ from the live job",
              v -> v.driftFields),
          new Gauge(
              JobMetrics.SYNC_INTERVAL,
              "Effective time between reads: spec.syncInterval, stretched when the request budget"
                  + " cannot cover every job at its own interval",
              v -> v.intervalSeconds),
          new Gauge(
              JobMetrics.LAST_RUN_SUCCEEDED,
              "1 when the job's latest concluded run succeeded, 0 when it failed; absent while"
                  + " unknown",
              v -> v.lastRunSucceeded),
          new Gauge(
              JobMetrics.LAST_RUN_START,
              "When the job's latest run started, in seconds since 1970",
              v -> v.lastRunStart),
          new Gauge(
              JobMetrics.LAST_RUN_DURATION,
              "How long the job's latest concluded run took, from start to conclusion",
              v -> v.lastRunDuration));

  private final Collection<JobValues> jobs;

  JobSeries(Collection<JobValues> jobs) {
    this.jobs = jobs;
  }

  @Override
  public MetricSnapshots collect() {
    List<JobValues> current = new ArrayList<>(jobs);
    List<MetricSnapshot> snapshots = new ArrayList<>(GAUGES.size() + 1);
    for (Gauge gauge : GAUGES) {
      GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(gauge.name()).help(gauge.help());
      for (JobValues job : current) {
        double value = gauge.value().applyAsDouble(job);
        if (!Double.isNaN(value)) {
          builder.dataPoint(
              GaugeDataPointSnapshot.builder().labels(job.labels).value(value).build());
        }
      }
      snapshots.add(builder.build());
    }
    CounterSnapshot.Builder corrections =
        CounterSnapshot.builder()
            .name(JobMetrics.CORRECTIONS)
            .help("Correcting PATCHes Northflank took (driftPolicy: Correct)");
    for (JobValues job : current) {
      corrections.dataPoint(
          CounterDataPointSnapshot.builder()
              .labels(job.labels)
              .value(job.corrections.sum())
              .build());
    }
    snapshots.add(corrections.build());
    return new MetricSnapshots(snapshots);
  }
}
