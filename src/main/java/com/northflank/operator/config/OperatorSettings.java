package com.northflank.operator.config;

import com.northflank.operator.client.ApiToken;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Every operator setting, each declared once: {@link OperatorConfig#from} reads them, {@code run}
 * (and {@code export} and {@code diff}, for the API ones) makes its flags and their help from
 * them, and {@code docs/configuration.md}'s table is rendered from them ({@link SettingsTable}).
 */
public final class OperatorSettings {

  private OperatorSettings() {}

  /** A request that takes longer than ten minutes is no request: the budget has moved on. */
  private static final SettingType<Duration> TIMEOUT =
      SettingType.duration(Duration.ofMillis(10), Duration.ofMinutes(10));

  public static final Setting<URI> API_URL =
      Setting.builder("NORTHFLANK_API_URL", SettingType.API_URL)
          .flag("--api-url")
          .defaultValue("https://api.northflank.com")
          .description("Northflank API base URL; plain `http` is allowed on localhost only.")
          .build();

  public static final Setting<Path> API_TOKEN_FILE =
      Setting.builder("NORTHFLANK_API_TOKEN_FILE", SettingType.PATH)
          .flag("--token-file")
          .noDefault("none")
          .description(
              "File holding the operator-wide API token, re-read when it changes; it may appear"
                  + " after start. It wins over `NORTHFLANK_API_TOKEN`.")
          .build();

  /** Only the environment carries it: a command line is visible to every process on the node. */
  public static final Setting<ApiToken> API_TOKEN =
      Setting.builder("NORTHFLANK_API_TOKEN", SettingType.API_TOKEN)
          .noDefault("none")
          .description(
              "The operator-wide API token itself, for resources without their own credentials"
                  + " (the token file wins when both are set).")
          .build();

  /**
   * The namespaces the operator-wide token serves: a resource elsewhere without its own
   * credentials reports CredentialsMissing and sends no request.
   */
  public static final Setting<NamespaceSelection> DEFAULT_TOKEN_NAMESPACES =
      Setting.builder("DEFAULT_TOKEN_NAMESPACES", SettingType.NAMESPACE_SELECTION)
          .flag("--default-token-namespaces")
          .defaultValue("", "none")
          .description(
              "Comma-separated namespaces whose NorthflankJobs may use the operator-wide token"
                  + " (those without `spec.credentials`), or `*` for every watched namespace."
                  + " Elsewhere such a resource reports `CredentialsMissing` and sends no request."
                  + " A resource's own Secret is unaffected.")
          .build();

  /** Whether the operator-wide token may be used for any write. */
  public static final Setting<Boolean> DEFAULT_TOKEN_WRITES =
      Setting.builder("DEFAULT_TOKEN_WRITES", SettingType.SWITCH)
          .flag("--default-token-writes")
          .defaultValue("false")
          .description(
              "Let the operator-wide token write to Northflank (corrections under `driftPolicy:"
                  + " Correct`); without it such drift is reported, with a message saying why it"
                  + " is not corrected. A resource's own Secret is unaffected.")
          .build();

  /** No request but GET leaves the process, whatever the resources' driftPolicy says. */
  public static final Setting<Boolean> READ_ONLY =
      Setting.builder("READ_ONLY", SettingType.SWITCH)
          .flag("--read-only")
          .defaultValue("false")
          .description(
              "Send no request but GET to Northflank, whatever the resources' `driftPolicy` says:"
                  + " drift is reported, never corrected.")
          .build();

  public static final Setting<ApiBudget> API_BUDGET =
      Setting.builder("NORTHFLANK_API_BUDGET", SettingType.API_BUDGET)
          .flag("--api-budget")
          .defaultValue(ApiBudget.NORTHFLANK_DEFAULT.toString())
          .description(
              "Northflank requests (reads and writes) allowed per window and API token, paced"
                  + " evenly within the window.")
          .build();

  /** Whether jobs' runs are read at all; false turns them off whatever the resources say. */
  public static final Setting<Boolean> OBSERVE_RUNS =
      Setting.builder("OBSERVE_RUNS", SettingType.SWITCH)
          .flag("--observe-runs")
          .defaultValue("true")
          .description(
              "Read each job's runs (one more request per job and interval, counted in the budget)"
                  + " to show its last run in `status.lastRun`, the `LastRunSucceeded` condition"
                  + " and the `LAST-RUN` column; false sends no runs request for any resource,"
                  + " whatever its `spec.observeRuns` says.")
          .build();

  public static final Setting<Set<String>> WATCH_NAMESPACES =
      Setting.builder("WATCH_NAMESPACES", SettingType.NAMESPACES)
          .flag("--namespaces")
          .defaultValue("", "all namespaces")
          .description("Comma-separated namespaces to watch.")
          .build();

  public static final Setting<Duration> SYNC_INTERVAL =
      Setting.builder(
              "SYNC_INTERVAL", SettingType.duration(Duration.ofSeconds(1), SyncIntervals.LONGEST))
          .flag("--sync-interval")
          .defaultValue("5m")
          .description(
              "Default time between reads of a job (a resource's `spec.syncInterval` overrides"
                  + " it).")
          .build();

  /** No resource's interval, nor the default, below it: the CRD refuses less than its default. */
  public static final Setting<Duration> MIN_SYNC_INTERVAL =
      Setting.builder(
              "MIN_SYNC_INTERVAL",
              SettingType.duration(SyncIntervals.LOWEST_FLOOR, SyncIntervals.LONGEST))
          .flag("--min-sync-interval")
          .defaultValue(DurationParser.format(SyncIntervals.DEFAULT_FLOOR))
          .description(
              "Shortest time between reads of a job: a shorter `spec.syncInterval` (which the CRD"
                  + " refuses below 10s) is raised to it, so that no resource can take more than"
                  + " its share of a token's budget; `--sync-interval` may not be shorter.")
          .build();

  public static final Setting<Duration> STATUS_HEARTBEAT =
      Setting.builder(
              "STATUS_HEARTBEAT", SettingType.duration(Duration.ofSeconds(1), Duration.ofHours(24)))
          .flag("--status-heartbeat")
          .defaultValue("15m")
          .description(
              "How stale `status.lastSyncTime` may get before an otherwise unchanged status is"
                  + " written again.")
          .build();

  public static final Setting<Integer> MAX_CONCURRENT_RECONCILES =
      Setting.builder("MAX_CONCURRENT_RECONCILES", SettingType.wholeNumber(1, 1000))
          .flag("--max-concurrent-reconciles")
          // the work is waiting on two APIs within a request budget (1000/h by default, a read
          // every 3.6 s): 4 keep up with 600/1m at 300 ms a request; each thread more costs memory
          // (10 held 5 MiB more RSS than 4 with 1000 jobs synced, docs/performance.md)
          .defaultValue("4")
          .description("Resources reconciled in parallel.")
          .build();

  public static final Setting<Duration> CONNECT_TIMEOUT =
      Setting.builder("NORTHFLANK_CONNECT_TIMEOUT", TIMEOUT)
          .flag("--connect-timeout")
          .defaultValue("5s")
          .description("Northflank API connect timeout.")
          .build();

  public static final Setting<Duration> REQUEST_TIMEOUT =
      Setting.builder("NORTHFLANK_REQUEST_TIMEOUT", TIMEOUT)
          .flag("--request-timeout")
          .defaultValue("10s")
          .description("Northflank API request timeout (the whole exchange).")
          .build();

  public static final Setting<Boolean> LEADER_ELECTION =
      Setting.builder("LEADER_ELECTION", SettingType.SWITCH)
          .flag("--leader-election")
          .defaultValue("false")
          .description(
              "Elect a leader through a Lease so that several replicas can run; a deposed leader"
                  + " exits.")
          .build();

  public static final Setting<String> LEASE_NAME =
      Setting.builder("LEASE_NAME", SettingType.DNS_NAME)
          .flag("--lease-name")
          .defaultValue("northflank-job-operator")
          .description("Lease used for leader election.")
          .build();

  public static final Setting<String> LEASE_NAMESPACE =
      Setting.builder("LEASE_NAMESPACE", SettingType.DNS_NAME.labelled("NS"))
          .flag("--lease-namespace")
          .noDefault("the namespace of the current context or service account")
          .description("Namespace of the Lease.")
          .build();

  public static final Setting<Integer> METRICS_PORT =
      Setting.builder("METRICS_PORT", SettingType.wholeNumber(0, 65535).labelled("PORT"))
          .flag("--metrics-port")
          .defaultValue("8080")
          .description("Port serving `/metrics`, `/healthz` and `/readyz`.")
          .build();

  /** Off unless set: run events pushed by Northflank are opt-in. */
  public static final Setting<Integer> WEBHOOK_PORT =
      Setting.builder("WEBHOOK_PORT", SettingType.wholeNumber(0, 65535).labelled("PORT"))
          .flag("--webhook-port")
          .noDefault("off")
          .description(
              "Port serving `POST /webhooks/northflank`, where a Northflank notification"
                  + " integration of type `RAW_WEBHOOK` sends job-run events: an event makes the"
                  + " named job's runs read go out at once, and runs are then polled only every"
                  + " `--webhook-runs-backstop`. Never the metrics port; needs"
                  + " `--webhook-token-file`.")
          .build();

  /** A file, so that the secret is a mounted Secret and never a command line or a variable. */
  public static final Setting<Path> WEBHOOK_TOKEN_FILE =
      Setting.builder("WEBHOOK_TOKEN_FILE", SettingType.PATH)
          .flag("--webhook-token-file")
          .noDefault("none")
          .description(
              "File holding the secret set on the notification integration, which every webhook"
                  + " request must carry in `X-Northflank-Notification-Integration-Token`;"
                  + " re-read when it changes. Until it holds one, every request is refused.")
          .build();

  /** How often runs are still polled when webhooks bring their events. */
  public static final Setting<Duration> WEBHOOK_RUNS_BACKSTOP =
      Setting.builder(
              "WEBHOOK_RUNS_BACKSTOP",
              SettingType.duration(Duration.ofMinutes(1), Duration.ofHours(24)))
          .flag("--webhook-runs-backstop")
          .defaultValue("1h")
          .description(
              "With `--webhook-port`, how often each job's runs are still read without an event,"
                  + " should a webhook be lost; riding on a read of the job, so a job costs about"
                  + " one request per interval instead of two.")
          .build();

  /** How log lines are written: for people (text) or for log pipelines (json). */
  public static final Setting<OperatorConfig.LogFormat> LOG_FORMAT =
      Setting.builder("LOG_FORMAT", SettingType.LOG_FORMAT)
          .flag("--log-format")
          .defaultValue("text")
          .description(
              "Log lines for people (`text`) or for log pipelines (`json`: one JSON object per"
                  + " line, with the resource's namespace and name in its `mdc`).")
          .build();

  /** Every setting, in the order the docs list them. */
  public static final List<Setting<?>> ALL =
      List.of(
          API_URL,
          API_TOKEN_FILE,
          API_TOKEN,
          DEFAULT_TOKEN_NAMESPACES,
          DEFAULT_TOKEN_WRITES,
          READ_ONLY,
          API_BUDGET,
          OBSERVE_RUNS,
          WATCH_NAMESPACES,
          SYNC_INTERVAL,
          MIN_SYNC_INTERVAL,
          STATUS_HEARTBEAT,
          MAX_CONCURRENT_RECONCILES,
          CONNECT_TIMEOUT,
          REQUEST_TIMEOUT,
          LEADER_ELECTION,
          LEASE_NAME,
          LEASE_NAMESPACE,
          METRICS_PORT,
          WEBHOOK_PORT,
          WEBHOOK_TOKEN_FILE,
          WEBHOOK_RUNS_BACKSTOP,
          LOG_FORMAT);

  /**
   * The settings {@code export} and {@code diff} read, those of the Northflank API: a bad {@code
   * SYNC_INTERVAL} in the environment must not stop an export.
   */
  public static final List<Setting<?>> API =
      List.of(API_URL, API_TOKEN, API_TOKEN_FILE, API_BUDGET, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
}
