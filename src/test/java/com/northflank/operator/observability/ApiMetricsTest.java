package com.northflank.operator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.client.ApiCall;
import com.northflank.operator.client.RateLimitSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ApiMetricsTest {

  private static final String ROUTE = "GET /v1/projects/{projectId}/jobs/{jobId}";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ApiMetrics metrics = new ApiMetrics(registry);

  @Test
  void theRemainingBudgetIsAbsentUntilAResponseTellsIt() {
    assertThat(registry.scrape()).doesNotContain("northflank_api_ratelimit_remaining");

    metrics.onCall(call(ApiCall.NO_RESPONSE, Optional.empty()));
    metrics.onCall(call(200, Optional.empty()));

    assertThat(registry.scrape())
        .contains("northflank_api_requests_total")
        .doesNotContain("northflank_api_ratelimit_remaining");

    metrics.onCall(call(200, Optional.of(remaining(997))));
    metrics.onCall(call(200, Optional.of(remaining(996))));

    assertThat(registry.scrape()).contains("northflank_api_ratelimit_remaining 996.0");
  }

  @Test
  void aResponseWithoutTheHeaderKeepsTheLastValue() {
    metrics.onCall(call(200, Optional.of(remaining(40))));
    metrics.onCall(call(ApiCall.NO_RESPONSE, Optional.empty()));

    assertThat(registry.scrape()).contains("northflank_api_ratelimit_remaining 40.0");
  }

  private static RateLimitSnapshot remaining(long value) {
    return new RateLimitSnapshot(OptionalLong.of(1000), OptionalLong.of(value), Optional.empty());
  }

  private static ApiCall call(int status, Optional<RateLimitSnapshot> rateLimit) {
    return new ApiCall(
        ROUTE, status, Duration.ofMillis(20), rateLimit, "fingerprint", Optional.empty());
  }
}
