package com.northflank.operator.observability;

import io.javaoperatorsdk.operator.api.monitoring.AggregatedMetrics;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;

/**
 * One Prometheus registry shared by the operator's own metrics (jobs, API calls) and JOSDK's
 * controller metrics. JOSDK's are kept free of per-resource tags: with thousands of jobs,
 * per-resource reconcile histograms would dwarf everything else.
 */
public final class Observability {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JobMetrics jobs = new JobMetrics(registry);
  private final ApiMetrics api = new ApiMetrics(registry);

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public JobMetrics jobs() {
    return jobs;
  }

  public ApiMetrics api() {
    return api;
  }

  /** For JOSDK: its controller metrics, plus dropping a job's series when it is deleted. */
  public Metrics operatorMetrics() {
    Metrics forgetDeleted =
        new Metrics() {
          @Override
          public void cleanupDoneFor(ResourceID id, Map<String, Object> metadata) {
            jobs.forget(id.getNamespace().orElse(""), id.getName());
          }
        };
    return new AggregatedMetrics(
        List.of(MicrometerMetrics.withoutPerResourceMetrics(registry), forgetDeleted));
  }
}
