package com.northflank.operator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.northflank.operator.model.Condition;
import com.northflank.operator.model.LastRun;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.failure.FailureReason;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a scrape shows of each job: the per-job series, written at scrape time. */
class JobMetricsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LABELS = "{name=\"nightly\",namespace=\"team-a\"}";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JobMetrics metrics = new JobMetrics(registry);
  private final NorthflankJob job = job("team-a", "nightly");

  @Test
  void aJobsSeriesCarryItsStatusUnderTheExportedNamesWithHelpAndType() {
    metrics.statusComputed(job, status(3, condition("Drifted", "True"), null));
    metrics.scheduled(job, Duration.ofSeconds(90));

    assertThat(registry.scrape())
        .contains("# TYPE northflank_job_drifted gauge")
        .contains("# HELP northflank_job_drifted 1 when a declared field differs from the live job")
        .contains("northflank_job_drifted" + LABELS + " 1.0")
        .contains("northflank_job_synced" + LABELS + " 0.0")
        .contains("northflank_job_stalled" + LABELS + " 0.0")
        .contains("northflank_job_drift_fields" + LABELS + " 3.0")
        .contains("northflank_job_sync_interval_seconds" + LABELS + " 90.0")
        .contains("# TYPE northflank_job_corrections_total counter")
        .contains("northflank_job_corrections_total" + LABELS + " 0.0");
  }

  @Test
  void theLastRunsSeriesExistOnlyWhileThereIsARunToShow() {
    metrics.statusComputed(job, status(0, condition("Synced", "True"), null));
    assertThat(registry.scrape())
        .contains("northflank_job_synced" + LABELS + " 1.0")
        .doesNotContain("northflank_job_last_run_succeeded" + LABELS)
        .doesNotContain("northflank_job_last_run_start_timestamp_seconds" + LABELS)
        .doesNotContain("northflank_job_last_run_duration_seconds" + LABELS);

    LastRun failed =
        new LastRun("nightly-1", LastRun.FAILED, "2026-12-01T10:00:00Z", "2026-12-01T10:01:30Z");
    metrics.statusComputed(job, status(0, condition("LastRunSucceeded", "False"), failed));
    assertThat(registry.scrape())
        .contains("northflank_job_last_run_succeeded" + LABELS + " 0.0")
        .contains("northflank_job_last_run_start_timestamp_seconds" + LABELS + " 1.7961192E9")
        .contains("northflank_job_last_run_duration_seconds" + LABELS + " 90.0");

    // runs no longer observed: no last run on record
    metrics.statusComputed(job, status(0, condition("Synced", "True"), null));
    assertThat(registry.scrape())
        .doesNotContain("northflank_job_last_run_succeeded" + LABELS)
        .doesNotContain("northflank_job_last_run_duration_seconds" + LABELS);
  }

  @Test
  void correctionsCountAndADeletedResourceLeavesNoSeries() {
    metrics.statusComputed(job, status(0, condition("Synced", "True"), null));
    metrics.corrected(job, List.of("suspended"));
    metrics.corrected(job, List.of("settings.cron.schedule"));
    NorthflankJob other = job("team-b", "weekly");
    metrics.statusComputed(other, status(0, condition("Synced", "True"), null));
    assertThat(registry.scrape()).contains("northflank_job_corrections_total" + LABELS + " 2.0");

    metrics.resourceDeleted("team-a", "nightly");
    assertThat(registry.scrape())
        .doesNotContain(LABELS)
        .contains("northflank_job_synced{name=\"weekly\",namespace=\"team-b\"} 1.0");
  }

  @Test
  void syncFailuresAreCountedByReason() {
    metrics.syncFailed(job, FailureReason.JOB_NOT_FOUND.conditionReason());
    assertThat(registry.scrape())
        .contains("northflank_sync_failures_total{reason=\"JobNotFound\"} 1.0");
  }

  private static NorthflankJob job(String namespace, String name) {
    NorthflankJob job = new NorthflankJob();
    job.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    return job;
  }

  private static Condition condition(String type, String status) {
    return new Condition(type, status, "Tested", "", "2026-12-01T10:00:00Z", 1L);
  }

  /** Only what the metrics read; Jackson leaves the rest of the status unset. */
  private static NorthflankJobStatus status(int driftCount, Condition condition, LastRun run) {
    return JSON.convertValue(
            Map.of("driftCount", driftCount, "conditions", List.of(condition)),
            NorthflankJobStatus.class)
        .withLastRun(run);
  }
}
