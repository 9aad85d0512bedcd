package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static com.northflank.operator.it.OperatorHarness.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.northflank.operator.deploy.ExportedMetrics;
import com.northflank.operator.playground.simulator.RunStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /metrics, /healthz and /readyz of a running operator, scraped as Prometheus would. */
class ObservabilityIntegrationTest {

  private static OperatorHarness harness;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void healthAndReadiness() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    await().atMost(OperatorHarness.TIMEOUT).until(() -> get("/readyz").statusCode() == 200);
  }

  @Test
  void perJobGaugesFollowTheStatusAndDisappearWithTheResource() throws Exception {
    harness.liveJob("metrics-job");
    harness.tokenSecret("it-metrics", "northflank-api", CANARY);
    harness.create(sample("it-metrics", "example", "metrics-job"));
    harness.awaitCondition("it-metrics", "example", "Ready", "True", "InSync");
    String labels = "{name=\"example\",namespace=\"it-metrics\"}";

    await()
        .atMost(OperatorHarness.TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(scrape())
                    .contains("northflank_job_drifted" + labels + " 0.0")
                    .contains("northflank_job_synced" + labels + " 1.0")
                    .contains("northflank_job_stalled" + labels + " 0.0")
                    .contains("northflank_job_drift_fields" + labels + " 0.0"));
    assertThat(scrape())
        .as("no run yet: the last run's series are absent, not 0")
        .doesNotContain("northflank_job_last_run_succeeded" + labels)
        .doesNotContain("northflank_job_last_run_start_timestamp_seconds" + labels);

    harness.northflank.addRun(PROJECT, "metrics-job", RunStatus.FAILED, Duration.ofSeconds(90));
    harness.awaitCondition("it-metrics", "example", "LastRunSucceeded", "False", "RunFailed");
    long started =
        Instant.parse(harness.get("it-metrics", "example").getStatus().lastRun().startedAt())
            .getEpochSecond();
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(scrape())
                    .contains("northflank_job_last_run_succeeded" + labels + " 0.0")
                    .contains("northflank_job_last_run_duration_seconds" + labels + " 90.0"));
    assertThat(value(scrape(), "northflank_job_last_run_start_timestamp_seconds" + labels))
        .isEqualTo(started);

    harness.northflank.updateJob(
        PROJECT, "metrics-job", j -> j.with("settings").with("cron").put("schedule", "0 * * * *"));
    harness.awaitCondition("it-metrics", "example", "Drifted", "True", "DriftDetected");
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(scrape())
                    .contains("northflank_job_drifted" + labels + " 1.0")
                    .contains("northflank_job_drift_fields" + labels + " 1.0"));

    harness.northflank.faults().job(PROJECT, "metrics-job").forceStatus(404, Integer.MAX_VALUE);
    harness.awaitCondition("it-metrics", "example", "Synced", "False", "JobNotFound");
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(scrape())
                    .contains("northflank_job_synced" + labels + " 0.0")
                    .contains("northflank_job_stalled" + labels + " 1.0")
                    .containsPattern(
                        "northflank_sync_failures_total\\{reason=\"JobNotFound\"} [1-9]"));
    // every series the dashboard and the alerts query exists by now, under that very name
    Set<String> scraped = new TreeSet<>();
    scrape().lines().filter(l -> !l.startsWith("#")).forEach(l -> scraped.add(l.split("[{ ]")[0]));
    assertThat(scraped).containsAll(ExportedMetrics.NAMES);

    harness.deleteAllJobs();
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .untilAsserted(() -> assertThat(scrape()).doesNotContain("namespace=\"it-metrics\""));
  }

  @Test
  void apiCallsAreCountedTimedAndTheBudgetIsShown() throws Exception {
    harness.liveJob("api-metrics-job");
    harness.tokenSecret("it-api-metrics", "northflank-api", CANARY);
    harness.create(sample("it-api-metrics", "example", "api-metrics-job"));
    harness.awaitCondition("it-api-metrics", "example", "Ready", "True", "InSync");
    String route = "route=\"GET /v1/projects/{projectId}/jobs/{jobId}\"";

    String metrics = scrape();

    assertThat(metrics)
        .containsPattern(
            "northflank_api_requests_total\\{code=\"200\"," + route.replace("{", "\\{") + "} [1-9]")
        .containsPattern(
            "northflank_api_request_duration_seconds_count\\{"
                + route.replace("{", "\\{")
                + "} [1-9]")
        .contains("northflank_api_request_duration_seconds_bucket{")
        .containsPattern("northflank_api_ratelimit_remaining [0-9]+\\.0")
        .doesNotContain("northflank_api_ratelimit_remaining -1.0")
        .contains("operator_sdk_controllers_execution_reconcile_seconds_count")
        .doesNotContain(CANARY);
    harness.deleteAllJobs();
  }

  private static double value(String scrape, String series) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }

  private static String scrape() throws Exception {
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    URI uri = harness.observabilityUrl().resolve(path);
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
