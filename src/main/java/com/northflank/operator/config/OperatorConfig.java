package com.northflank.operator.config;

import static com.northflank.operator.config.OperatorSettings.API_BUDGET;
import static com.northflank.operator.config.OperatorSettings.API_TOKEN;
import static com.northflank.operator.config.OperatorSettings.API_TOKEN_FILE;
import static com.northflank.operator.config.OperatorSettings.API_URL;
import static com.northflank.operator.config.OperatorSettings.CONNECT_TIMEOUT;
import static com.northflank.operator.config.OperatorSettings.DEFAULT_TOKEN_NAMESPACES;
import static com.northflank.operator.config.OperatorSettings.DEFAULT_TOKEN_WRITES;
import static com.northflank.operator.config.OperatorSettings.LEADER_ELECTION;
import static com.northflank.operator.config.OperatorSettings.LEASE_NAME;
import static com.northflank.operator.config.OperatorSettings.LEASE_NAMESPACE;
import static com.northflank.operator.config.OperatorSettings.LOG_FORMAT;
import static com.northflank.operator.config.OperatorSettings.MAX_CONCURRENT_RECONCILES;
import static com.northflank.operator.config.OperatorSettings.METRICS_PORT;
import static com.northflank.operator.config.OperatorSettings.MIN_SYNC_INTERVAL;
import static com.northflank.operator.config.OperatorSettings.OBSERVE_RUNS;
import static com.northflank.operator.config.OperatorSettings.READ_ONLY;
import static com.northflank.operator.config.OperatorSettings.REQUEST_TIMEOUT;
import static com.northflank.operator.config.OperatorSettings.STATUS_HEARTBEAT;
import static com.northflank.operator.config.OperatorSettings.SYNC_INTERVAL;
import static com.northflank.operator.config.OperatorSettings.WATCH_NAMESPACES;
import static com.northflank.operator.config.OperatorSettings.WEBHOOK_PORT;
import static com.northflank.operator.config.OperatorSettings.WEBHOOK_RUNS_BACKSTOP;
import static com.northflank.operator.config.OperatorSettings.WEBHOOK_TOKEN_FILE;

import com.northflank.operator.client.ApiToken;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The operator's immutable configuration. Built once from a map of settings keyed by environment
 * variable name (the process environment, overlaid with command-line flags), each read, defaulted
 * and validated by its declaration in {@link OperatorSettings}; every problem is reported as a
 * {@link ConfigException} naming the setting.
 */
public record OperatorConfig(
    URI apiUrl,
    boolean readOnly,
    DefaultTokenSource defaultToken,
    Set<String> namespaces,
    Duration syncInterval,
    Duration statusHeartbeat,
    int maxConcurrentReconciles,
    Duration connectTimeout,
    Duration requestTimeout,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    int metricsPort,
    LogFormat logFormat,
    ApiBudget apiBudget,
    boolean observeRuns,
    Duration minSyncInterval,
    NamespaceSelection defaultTokenNamespaces,
    boolean defaultTokenWrites,
    Integer webhookPort,
    Path webhookTokenFile,
    Duration webhookRunsBackstop) {

  /** How log lines are written: for people (text) or for log pipelines (json). */
  public enum LogFormat {
    TEXT,
    JSON
  }

  public OperatorConfig {
    namespaces = Set.copyOf(namespaces);
  }

  /** Whether run events come by webhook ({@code --webhook-port} set). */
  public boolean webhooks() {
    return webhookPort != null;
  }

  /** All namespaces are watched when the set is empty. */
  public boolean watchesAllNamespaces() {
    return namespaces.isEmpty();
  }

  public static OperatorConfig defaults() {
    return from(Map.of());
  }

  /**
   * Reads every setting through its declaration in {@link OperatorSettings}.
   *
   * @param settings values keyed by environment variable name; blank values count as unset
   * @throws ConfigException naming the first setting whose value is not valid
   */
  public static OperatorConfig from(Map<String, String> settings) {
    return new OperatorConfig(
        API_URL.from(settings),
        READ_ONLY.from(settings),
        defaultToken(settings),
        WATCH_NAMESPACES.from(settings),
        SYNC_INTERVAL.from(settings),
        STATUS_HEARTBEAT.from(settings),
        MAX_CONCURRENT_RECONCILES.from(settings),
        CONNECT_TIMEOUT.from(settings),
        REQUEST_TIMEOUT.from(settings),
        LEADER_ELECTION.from(settings),
        LEASE_NAME.from(settings),
        LEASE_NAMESPACE.from(settings),
        METRICS_PORT.from(settings),
        LOG_FORMAT.from(settings),
        API_BUDGET.from(settings),
        OBSERVE_RUNS.from(settings),
        minSyncInterval(settings),
        DEFAULT_TOKEN_NAMESPACES.from(settings),
        DEFAULT_TOKEN_WRITES.from(settings),
        webhookPort(settings),
        webhookTokenFile(settings),
        WEBHOOK_RUNS_BACKSTOP.from(settings));
  }

  /**
   * Never the metrics port: the webhook port faces the internet (through an Ingress), the metrics
   * port only the cluster. Port 0 (a free port) for both is allowed: they are then distinct.
   */
  private static Integer webhookPort(Map<String, String> settings) {
    Integer port = WEBHOOK_PORT.from(settings);
    if (port != null && port != 0 && port.equals(METRICS_PORT.from(settings))) {
      throw new ConfigException(
          WEBHOOK_PORT.variable(),
          "'" + port + "' is the metrics port (" + METRICS_PORT.variable() + "); pick another");
    }
    return port;
  }

  /** No token, no work: a webhook port without a token file would take anyone's events. */
  private static Path webhookTokenFile(Map<String, String> settings) {
    Path file = WEBHOOK_TOKEN_FILE.from(settings);
    if (file == null && WEBHOOK_PORT.from(settings) != null) {
      throw new ConfigException(
          WEBHOOK_TOKEN_FILE.variable(),
          "is required with "
              + WEBHOOK_PORT.variable()
              + ": every webhook request must carry the integration's secret");
    }
    return file;
  }

  /** What the operator-wide token may be used for: by default, nothing. */
  public DefaultTokenGrant defaultTokenGrant() {
    return new DefaultTokenGrant(defaultTokenNamespaces, defaultTokenWrites);
  }

  /** The floor, which the default interval may not be below either. */
  private static Duration minSyncInterval(Map<String, String> settings) {
    Duration floor = MIN_SYNC_INTERVAL.from(settings);
    Duration interval = SYNC_INTERVAL.from(settings);
    if (interval.compareTo(floor) < 0) {
      throw new ConfigException(
          SYNC_INTERVAL.variable(),
          "'"
              + SYNC_INTERVAL.given(settings).orElse(DurationParser.format(interval))
              + "' must be between "
              + DurationParser.format(floor)
              + " and "
              + DurationParser.format(SyncIntervals.LONGEST)
              + ", the floor being "
              + MIN_SYNC_INTERVAL.variable());
    }
    return floor;
  }

  /**
   * A token file may appear later (an optional Secret mount): until it does, resources without
   * their own credentials report CredentialsMissing instead of the process failing to start. The
   * token variable is not read at all when a file is given.
   */
  private static DefaultTokenSource defaultToken(Map<String, String> settings) {
    Path file = API_TOKEN_FILE.from(settings);
    if (file != null) {
      return DefaultTokenSource.file(file);
    }
    ApiToken token = API_TOKEN.from(settings);
    return token == null ? DefaultTokenSource.none() : DefaultTokenSource.of(token);
  }
}
