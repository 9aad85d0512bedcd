package com.northflank.operator.cli;

import com.northflank.operator.config.ConfigException;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.observability.LogFormats;
import com.northflank.operator.observability.Observability;
import com.northflank.operator.observability.ObservabilityServer;
import com.northflank.operator.credentials.CredentialResolver;
import com.northflank.operator.reconciler.NorthflankOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the operator against a real cluster until SIGTERM. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    abbreviateSynopsis = true,
    description = {
      "Run the operator against a Kubernetes cluster until SIGTERM.",
      "The cluster is the current kubeconfig's, or the in-cluster service account's. Every option"
          + " has an environment variable twin; a flag wins over its variable."
    })
public final class RunCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--api-url",
      paramLabel = "URL",
      description =
          "Northflank API base URL. Env NORTHFLANK_API_URL. Default: "
              + OperatorConfig.DEFAULT_API_URL)
  String apiUrl;

  @Option(
      names = "--read-only",
      paramLabel = "true|false",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Send no request but GET to Northflank, whatever the resources' driftPolicy says: drift"
              + " is reported, never corrected. Env READ_ONLY. Default: false.")
  String readOnly;

  @Option(
      names = "--token-file",
      paramLabel = "PATH",
      description =
          "File holding the default API token, re-read when it changes."
              + " Env NORTHFLANK_API_TOKEN_FILE, or the token itself in NORTHFLANK_API_TOKEN.")
  String tokenFile;

  @Option(
      names = "--namespaces",
      paramLabel = "NS[,NS...]",
      description = "Namespaces to watch. Env WATCH_NAMESPACES. Default: all namespaces.")
  String namespaces;

  @Option(
      names = "--sync-interval",
      paramLabel = "DURATION",
      description =
          "Default time between reads of a job (a resource's syncInterval overrides it)."
              + " Env SYNC_INTERVAL. Default: 5m.")
  String syncInterval;

  @Option(
      names = "--status-heartbeat",
      paramLabel = "DURATION",
      description =
          "How stale status.lastSyncTime may get before an otherwise unchanged status"
              + " is written again. Env STATUS_HEARTBEAT. Default: 15m.")
  String statusHeartbeat;

  @Option(
      names = "--max-concurrent-reconciles",
      paramLabel = "N",
      description = "Resources reconciled in parallel. Env MAX_CONCURRENT_RECONCILES. Default: 10.")
  String maxConcurrentReconciles;

  @Mixin TimeoutOptions timeouts = new TimeoutOptions();

  @Option(
      names = "--leader-election",
      paramLabel = "true|false",
      description =
          "Elect a leader through a Lease so that several replicas can run."
              + " Env LEADER_ELECTION. Default: false.")
  String leaderElection;

  @Option(
      names = "--lease-name",
      paramLabel = "NAME",
      description =
          "Lease used for leader election. Env LEASE_NAME." + " Default: northflank-job-operator.")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      paramLabel = "NS",
      description =
          "Namespace of the Lease. Env LEASE_NAMESPACE."
              + " Default: the namespace of the current context or service account.")
  String leaseNamespace;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Port serving /metrics, /healthz and /readyz. Env METRICS_PORT. Default: 8080.")
  String metricsPort;

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      description =
          "Log lines for people (text) or log pipelines (json). Env LOG_FORMAT."
              + " Default: text.")
  String logFormat;

  @Option(
      names = "--api-budget",
      paramLabel = "N/DURATION",
      description =
          "Northflank requests allowed per window, shared by all reads with one token."
              + " Env NORTHFLANK_API_BUDGET. Default: 1000/1h.")
  String apiBudget;

  @Option(
      names = "--observe-runs",
      paramLabel = "true|false",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Read each job's runs (one more request per job and interval, counted in the budget) to"
              + " show its last run in status.lastRun, the LastRunSucceeded condition and the"
              + " LAST-RUN column; false sends no runs request for any resource, whatever its"
              + " spec.observeRuns says. Env OBSERVE_RUNS. Default: true.")
  String observeRuns;

  private final Map<String, String> environment;

  RunCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  /** The environment overlaid with the flags that were given. */
  Map<String, String> settings() {
    return flagSettings().settings();
  }

  private FlagSettings flagSettings() {
    return timeouts
        .overlay(new FlagSettings(environment))
        .flag(OperatorConfig.API_URL, "--api-url", apiUrl)
        .flag(OperatorConfig.READ_ONLY, "--read-only", readOnly)
        .flag(OperatorConfig.API_TOKEN_FILE, "--token-file", tokenFile)
        .flag(OperatorConfig.WATCH_NAMESPACES, "--namespaces", namespaces)
        .flag(OperatorConfig.SYNC_INTERVAL, "--sync-interval", syncInterval)
        .flag(OperatorConfig.STATUS_HEARTBEAT, "--status-heartbeat", statusHeartbeat)
        .flag(
            OperatorConfig.MAX_CONCURRENT_RECONCILES,
            "--max-concurrent-reconciles",
            maxConcurrentReconciles)
        .flag(OperatorConfig.LEADER_ELECTION, "--leader-election", leaderElection)
        .flag(OperatorConfig.LEASE_NAME, "--lease-name", leaseName)
        .flag(OperatorConfig.LEASE_NAMESPACE, "--lease-namespace", leaseNamespace)
        .flag(OperatorConfig.METRICS_PORT, "--metrics-port", metricsPort)
        .flag(OperatorConfig.LOG_FORMAT, "--log-format", logFormat)
        .flag(OperatorConfig.API_BUDGET, "--api-budget", apiBudget)
        .flag(OperatorConfig.OBSERVE_RUNS, "--observe-runs", observeRuns);
  }

  /**
   * Said once at start: without an operator-wide token every resource without its own Secret stays
   * CredentialsMissing, which is fine on purpose and baffling by accident.
   */
  static Optional<String> noTokenWarning(OperatorConfig config) {
    if (config.defaultToken().configured()) {
      return Optional.empty();
    }
    return Optional.of(
        "No operator-wide Northflank API token (set "
            + OperatorConfig.API_TOKEN
            + ", or --token-file / "
            + OperatorConfig.API_TOKEN_FILE
            + "): only NorthflankJobs with spec.credentials.secretRef, a Secret labelled "
            + CredentialResolver.CREDENTIALS_SELECTOR
            + " in their namespace, are read; the others report CredentialsMissing");
  }

  @Override
  public Integer call() throws InterruptedException {
    FlagSettings settings = flagSettings();
    OperatorConfig config;
    try {
      config = OperatorConfig.from(settings.settings());
    } catch (ConfigException e) {
      System.err.println(settings.explain(e));
      System.err.println(Main.tryHelp(spec));
      return 2;
    }
    LogFormats.apply(config.logFormat());
    log.info("Starting with {}", config);
    noTokenWarning(config).ifPresent(log::warn);
    Observability observability = new Observability();
    KubernetesClient client = new KubernetesClientBuilder().build();
    NorthflankOperator operator =
        NorthflankOperator.builder(config, client)
            .apiCalls(observability.api())
            .syncs(observability.jobs())
            .metrics(observability.operatorMetrics())
            .build();
    // served before the operator starts, which waits as long as the Kubernetes API does not answer:
    // /healthz keeps the pod alive meanwhile, /readyz says it is not ready
    ObservabilityServer server =
        ObservabilityServer.start(
            config.metricsPort(), observability.registry(), operator::isReady);
    log.info("Serving /metrics, /healthz and /readyz on port {}", server.port());
    CountDownLatch stopped = new CountDownLatch(1);
    // everything is closed in the hook: once it returns the JVM halts, main thread or not
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  long stopping = System.nanoTime();
                  log.info("Stopping");
                  // a start still under way is left to the JVM's halt: nothing has been
                  // reconciled yet, and closing the client under the informers would only make
                  // them fail loudly on the way out
                  if (operator.stop()) {
                    client.close();
                  }
                  server.close();
                  log.info(
                      "Stopped in {} ms",
                      Duration.ofNanos(System.nanoTime() - stopping).toMillis());
                  stopped.countDown();
                },
                "shutdown"));
    operator.start();
    stopped.await();
    return 0;
  }
}
