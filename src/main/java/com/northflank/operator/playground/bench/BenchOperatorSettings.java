package com.northflank.operator.playground.bench;

import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.config.OperatorSettings;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings every in-process bench run gives its operator, in one place: the simulator's
 * address and the bench's token, a status heartbeat no run reaches, an interval floor of 1s (the
 * runs read faster than the CRD lets a resource ask for) and the operator-wide token granted to
 * every namespace, which the bench's resources read with.
 */
final class BenchOperatorSettings {

  private final Map<String, String> settings = new HashMap<>();

  private BenchOperatorSettings(String apiUrl, String interval, String apiBudget) {
    settings.put(OperatorSettings.API_URL.variable(), apiUrl);
    settings.put(OperatorSettings.API_TOKEN.variable(), ThroughputRun.TOKEN);
    settings.put(OperatorSettings.SYNC_INTERVAL.variable(), interval);
    settings.put(OperatorSettings.MIN_SYNC_INTERVAL.variable(), "1s");
    settings.put(OperatorSettings.STATUS_HEARTBEAT.variable(), "24h");
    settings.put(OperatorSettings.API_BUDGET.variable(), apiBudget);
    settings.put(OperatorSettings.DEFAULT_TOKEN_NAMESPACES.variable(), "*");
  }

  /**
   * @param interval as the settings read it, e.g. {@code 15s}
   * @param apiBudget as the settings read it, e.g. {@code 600/1m}
   */
  static BenchOperatorSettings of(String apiUrl, String interval, String apiBudget) {
    return new BenchOperatorSettings(apiUrl, interval, apiBudget);
  }

  /** Whether each sync reads the job's runs too. */
  BenchOperatorSettings observeRuns(boolean observeRuns) {
    return with(OperatorSettings.OBSERVE_RUNS.variable(), Boolean.toString(observeRuns));
  }

  BenchOperatorSettings with(String variable, String value) {
    settings.put(variable, value);
    return this;
  }

  BenchOperatorSettings with(Map<String, String> more) {
    settings.putAll(more);
    return this;
  }

  OperatorConfig config() {
    return OperatorConfig.from(settings);
  }
}
