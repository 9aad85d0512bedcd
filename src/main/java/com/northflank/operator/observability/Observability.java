package com.northflank.operator.observability;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

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
  private final WebhookMetrics webhooks = new WebhookMetrics(registry);

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public JobMetrics jobs() {
    return jobs;
  }

  public ApiMetrics api() {
    return api;
  }

  public WebhookMetrics webhooks() {
    return webhooks;
  }

  /** JOSDK's controller metrics, into the same registry. */
  public Metrics operatorMetrics() {
    return MicrometerMetrics.withoutPerResourceMetrics(registry);
  }
}
