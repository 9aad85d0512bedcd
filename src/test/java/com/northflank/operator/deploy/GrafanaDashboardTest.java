package com.northflank.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/northflank-jobs.json only queries metrics the operator exports: a renamed or
 * misspelt metric would otherwise leave a panel silently empty ("No data" looks like "all fine").
 */
class GrafanaDashboardTest {

  private static final Path DASHBOARD = Path.of("deploy/grafana/northflank-jobs.json");

  private static final String DATASOURCE = "${DS_PROMETHEUS}";

  private static JsonNode dashboard;

  @BeforeAll
  static void load() throws IOException {
    dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
  }

  @Test
  void everyPanelHasAtLeastOneQuery() {
    List<JsonNode> panels = panels();

    assertThat(panels).isNotEmpty();
    for (JsonNode panel : panels) {
      assertThat(panel.path("targets"))
          .as("targets of panel '%s'", panel.path("title").asText())
          .isNotEmpty()
          .allSatisfy(target -> assertThat(target.path("expr").asText()).isNotBlank());
    }
  }

  @Test
  void everyQueryUsesOnlyExportedMetrics() {
    Map<String, Set<String>> metricsByQuery = new LinkedHashMap<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        metricsByQuery.put(expr, ExportedMetrics.in(expr));
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        JsonNode query = variable.path("query");
        String text = query.isObject() ? query.path("query").asText() : query.asText();
        metricsByQuery.put(text, variableMetricNames(text));
        metricsByQuery.put(
            variable.path("definition").asText(),
            variableMetricNames(variable.path("definition").asText()));
      }
    }

    assertThat(metricsByQuery).isNotEmpty();
    metricsByQuery.forEach(
        (query, metrics) ->
            assertThat(metrics)
                .as("metrics in %s", query)
                .isNotEmpty()
                .isSubsetOf(ExportedMetrics.NAMES));
  }

  @Test
  void theDashboardCoversDriftSyncApiAndReconcileMetrics() {
    Set<String> used = new TreeSet<>();
    panels()
        .forEach(
            p ->
                p.path("targets")
                    .forEach(t -> used.addAll(ExportedMetrics.in(t.path("expr").asText()))));

    assertThat(used)
        .contains(
            "northflank_job_drifted",
            "northflank_job_synced",
            "northflank_job_drift_fields",
            "northflank_sync_failures_total",
            "northflank_job_corrections_total",
            "northflank_job_last_run_succeeded",
            "northflank_job_last_run_start_timestamp_seconds",
            "northflank_job_last_run_duration_seconds",
            "northflank_api_requests_total",
            "northflank_api_request_duration_seconds_bucket",
            "northflank_api_ratelimit_remaining",
            "operator_sdk_controllers_execution_reconcile_seconds_bucket");
  }

  @Test
  void theDataSourceIsAnImportInputUsedEverywhere() {
    assertThat(dashboard.path("__inputs"))
        .anySatisfy(
            input -> {
              assertThat(input.path("name").asText()).isEqualTo("DS_PROMETHEUS");
              assertThat(input.path("type").asText()).isEqualTo("datasource");
              assertThat(input.path("pluginId").asText()).isEqualTo("prometheus");
            });
    // the same name as a data source variable, for dashboards provisioned from a file, where
    // Grafana does not substitute __inputs
    assertThat(dashboard.path("templating").path("list"))
        .anySatisfy(
            variable -> {
              assertThat(variable.path("name").asText()).isEqualTo("DS_PROMETHEUS");
              assertThat(variable.path("type").asText()).isEqualTo("datasource");
            });
    for (JsonNode panel : panels()) {
      assertThat(panel.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE);
      panel
          .path("targets")
          .forEach(
              t -> assertThat(t.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE));
    }
  }

  @Test
  void panelIdsAreUnique() {
    List<Integer> ids = panels().stream().map(p -> p.path("id").asInt()).toList();

    assertThat(ids).doesNotHaveDuplicates().doesNotContain(0);
  }

  // The extractor must itself be right, or the allow-list check above proves nothing.

  @Test
  void extractsMetricNamesButNotFunctionsLabelsOrVariables() {
    assertThat(
            ExportedMetrics.in(
                "histogram_quantile(0.95, sum by (le, route)"
                    + " (rate(northflank_api_request_duration_seconds_bucket{route=~\"$route\","
                    + " code!=\"200\"}[$__rate_interval])))"))
        .containsExactly("northflank_api_request_duration_seconds_bucket");
    assertThat(
            ExportedMetrics.in(
                "max by (namespace, name) (northflank_job_drift_fields) and on (namespace, name)"
                    + " (northflank_job_drifted == 1) or vector(0)"))
        .containsExactlyInAnyOrder("northflank_job_drift_fields", "northflank_job_drifted");
    assertThat(ExportedMetrics.in("sum(rate(northflank_not_exported_total[5m] offset 1h)) > 1e3"))
        .containsExactly("northflank_not_exported_total");
    assertThat(variableMetricNames("label_values(northflank_job_synced, namespace)"))
        .containsExactly("northflank_job_synced");
  }

  /** Every panel, including those nested in collapsed rows; rows themselves hold no query. */
  private static List<JsonNode> panels() {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        panel.path("panels").forEach(all::add);
      } else {
        all.add(panel);
      }
    }
    return all;
  }

  /** Grafana's label_values(metric, label): only the first argument names a metric. */
  static Set<String> variableMetricNames(String query) {
    Matcher labelValues = Pattern.compile("label_values\\((.*),\\s*\\w+\\s*\\)").matcher(query);
    return ExportedMetrics.in(labelValues.matches() ? labelValues.group(1) : query);
  }
}
