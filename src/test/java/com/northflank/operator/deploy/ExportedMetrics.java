package com.northflank.operator.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names the operator exports, and the metric names a PromQL expression uses: what the
 * Grafana dashboard and the Prometheus alerts are checked against (ObservabilityIntegrationTest
 * checks the list against a real scrape).
 */
public final class ExportedMetrics {

  /** Every metric name the operator exports, in the forms Prometheus exposes them. */
  public static final Set<String> NAMES =
      Set.of(
          "northflank_job_drifted",
          "northflank_job_synced",
          "northflank_job_stalled",
          "northflank_job_corrections_total",
          "northflank_job_drift_fields",
          "northflank_job_last_run_succeeded",
          "northflank_job_last_run_start_timestamp_seconds",
          "northflank_job_last_run_duration_seconds",
          "northflank_sync_failures_total",
          "northflank_api_requests_total",
          "northflank_api_request_duration_seconds_bucket",
          "northflank_api_request_duration_seconds_count",
          "northflank_api_request_duration_seconds_sum",
          "northflank_api_ratelimit_remaining",
          "northflank_webhook_requests_total",
          "northflank_webhook_events_total",
          // JOSDK's reconcile timer (Micrometer), as a histogram
          "operator_sdk_controllers_execution_reconcile_seconds_bucket",
          "operator_sdk_controllers_execution_reconcile_seconds_count",
          "operator_sdk_controllers_execution_reconcile_seconds_sum");

  /** PromQL words that look like metric names but are operators or modifiers. */
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

  /**
   * The metric names a PromQL expression selects. Not a parser: it blanks out what can contain
   * identifiers that are not metrics (strings, label matchers, ranges, grouping label lists,
   * Grafana variables), then keeps the identifiers that are not function calls or keywords.
   */
  public static Set<String> in(String expr) {
    String s = expr;
    s = s.replaceAll("\\$\\{[^}]*}|\\$\\w+", " ");
    s = s.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`", " ");
    s = s.replaceAll("\\{[^}]*}", " ");
    s = s.replaceAll("\\[[^]]*]", " ");
    s = s.replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    // possessive, so that a function name is not matched minus its last letter
    Matcher m = Pattern.compile("(?<![\\w:.])([a-zA-Z_:][\\w:]*+)(?!\\s*\\()").matcher(s);
    while (m.find()) {
      if (!KEYWORDS.contains(m.group(1).toLowerCase())) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private ExportedMetrics() {}
}
