package com.northflank.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/monitoring/prometheus-rule.yaml alerts only on metrics the operator exports, with the
 * labels its expressions keep: a misspelt metric would make an alert that can never fire.
 */
class PrometheusRuleTest {

  static final Path RULE = Path.of("deploy/monitoring/prometheus-rule.yaml");
  private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
  private static final Pattern TEMPLATE_LABEL = Pattern.compile("\\$labels\\.(\\w+)");

  private static List<JsonNode> rules;

  @BeforeAll
  static void load() throws IOException {
    rules = new ArrayList<>();
    Kustomize.YAML
        .readTree(RULE.toFile())
        .at("/spec/groups")
        .forEach(group -> group.path("rules").forEach(rules::add));
  }

  @Test
  void thereIsAnAlertForDriftStallsFailedRunsSyncFailuresAndTheBudget() {
    Set<String> metrics = new TreeSet<>();
    rules.forEach(rule -> metrics.addAll(ExportedMetrics.in(rule.path("expr").asText())));

    assertThat(rules)
        .extracting(rule -> rule.path("alert").asText())
        .containsExactlyInAnyOrder(
            "NorthflankJobDrifted",
            "NorthflankJobStalled",
            "NorthflankJobRunFailed",
            "NorthflankSyncFailures",
            "NorthflankApiBudgetNearlySpent");
    assertThat(metrics)
        .contains(
            "northflank_job_drifted",
            "northflank_job_stalled",
            "northflank_job_last_run_succeeded",
            "northflank_sync_failures_total",
            "northflank_api_ratelimit_remaining");
  }

  @Test
  void everyExpressionUsesOnlyExportedMetrics() {
    for (JsonNode rule : rules) {
      String expr = rule.path("expr").asText();
      assertThat(ExportedMetrics.in(expr))
          .as("metrics in %s", expr)
          .isNotEmpty()
          .isSubsetOf(ExportedMetrics.NAMES);
    }
  }

  @Test
  void everyAlertWaitsHasASeverityAndSaysWhatHappened() {
    for (JsonNode rule : rules) {
      String alert = rule.path("alert").asText();
      assertThat(rule.path("for").asText()).as("%s: for", alert).matches("\\d+m");
      assertThat(rule.at("/labels/severity").asText()).as(alert).isIn("warning", "critical");
      assertThat(rule.at("/annotations/summary").asText()).as(alert).isNotBlank();
      assertThat(rule.at("/annotations/description").asText()).as(alert).isNotBlank();
    }
  }

  @Test
  void annotationsUseOnlyLabelsTheExpressionKeeps() {
    for (JsonNode rule : rules) {
      String expr = rule.path("expr").asText();
      Set<String> kept = new TreeSet<>();
      Matcher by = BY.matcher(expr);
      while (by.find()) {
        for (String label : by.group(1).split(",")) {
          kept.add(label.strip());
        }
      }
      Set<String> used = new TreeSet<>();
      rule.path("annotations")
          .forEach(
              text -> {
                Matcher label = TEMPLATE_LABEL.matcher(text.asText());
                while (label.find()) {
                  used.add(label.group(1));
                }
              });
      assertThat(kept).as("labels kept by %s", expr).containsAll(used);
    }
  }
}
