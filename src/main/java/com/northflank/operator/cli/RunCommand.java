package com.northflank.operator.cli;

import com.northflank.operator.config.ConfigException;
import com.northflank.operator.config.DurationParser;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.observability.LogFormats;
import com.northflank.operator.observability.Observability;
import com.northflank.operator.observability.ObservabilityServer;
import com.northflank.operator.credentials.CredentialResolver;
import com.northflank.operator.reconciler.NorthflankOperator;
import com.northflank.operator.webhook.WebhookServer;
import com.northflank.operator.webhook.WebhookToken;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
    },
    exitCodeList = {
      "  1:the operator cannot start (for example without access to its Lease), said in one"
          + " line; or an unexpected failure, with its stack trace",
      "  2:a bad option or environment variable, a kubeconfig that cannot be read, or the"
          + " metrics or webhook port in use",
      "143:stopped by SIGTERM (130: by Ctrl-C)"
    })
public final class RunCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  private final Map<String, String> environment;

  private CommandSpec spec;

  RunCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  /** Picocli calls it as it builds the command: every setting with a flag becomes an option. */
  @Spec
  void declareOptions(CommandSpec command) {
    this.spec = command;
    SettingOptions.declare(command, OperatorSettings.ALL);
  }

  /** The environment overlaid with the flags that were given. */
  Map<String, String> settings() {
    return flagSettings().settings();
  }

  private FlagSettings flagSettings() {
    return SettingOptions.read(spec, OperatorSettings.ALL, environment);
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
            + OperatorSettings.API_TOKEN.variable()
            + ", or "
            + OperatorSettings.API_TOKEN_FILE.flag().orElseThrow()
            + " / "
            + OperatorSettings.API_TOKEN_FILE.variable()
            + "): only NorthflankJobs with spec.credentials.secretRef, a Secret labelled "
            + CredentialResolver.CREDENTIALS_SELECTOR
            + " in their namespace, are read; the others report CredentialsMissing");
  }

  /**
   * Said once at start: an operator-wide token granted to no namespace serves nothing, which is
   * the safe default and, after an upgrade, a surprise.
   */
  static Optional<String> unusedTokenWarning(OperatorConfig config) {
    if (!config.defaultToken().configured() || !config.defaultTokenNamespaces().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "The operator-wide Northflank API token serves no namespace: NorthflankJobs without"
            + " spec.credentials report CredentialsMissing until "
            + OperatorSettings.DEFAULT_TOKEN_NAMESPACES.flag().orElseThrow()
            + " / "
            + OperatorSettings.DEFAULT_TOKEN_NAMESPACES.variable()
            + " names their namespaces (or '*' for every watched one)");
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
    KubernetesClient client;
    try {
      client = KubernetesConnection.open();
    } catch (KubernetesConnection.Unusable e) {
      System.err.println(e.getMessage());
      return 2;
    }
    Observability observability = new Observability();
    AtomicReference<NorthflankOperator> built = new AtomicReference<>();
    // bound before anything starts, so that a port in use is said at once and in one line; served
    // before the operator starts, which waits as long as the Kubernetes API does not answer:
    // /healthz keeps the pod alive meanwhile, /readyz says it is not ready
    ObservabilityServer server;
    try {
      server =
          ObservabilityServer.start(
              config.metricsPort(),
              observability.registry(),
              () -> built.get() != null && built.get().isReady());
    } catch (UncheckedIOException e) {
      client.close();
      System.err.println(
          "Cannot serve /metrics on port "
              + config.metricsPort()
              + " ("
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
              + "); --metrics-port 0 picks a free port.");
      return 2;
    }
    log.info("Starting with {}", config);
    noTokenWarning(config).ifPresent(log::warn);
    unusedTokenWarning(config).ifPresent(log::warn);
    NorthflankOperator operator =
        NorthflankOperator.builder(config, client)
            .apiCalls(observability.api())
            .syncs(observability.jobs())
            .metrics(observability.operatorMetrics())
            .webhookMetrics(observability.webhooks())
            .build();
    built.set(operator);
    log.info("Serving /metrics, /healthz and /readyz on port {}", server.port());
    WebhookServer webhooks = null;
    if (config.webhooks()) {
      try {
        webhooks =
            WebhookServer.start(
                new InetSocketAddress(config.webhookPort()),
                WebhookToken.fromFile(config.webhookTokenFile()),
                operator.runEvents());
      } catch (UncheckedIOException e) {
        server.close();
        client.close();
        System.err.println(
            "Cannot serve webhooks on port "
                + config.webhookPort()
                + " ("
                + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
                + ").");
        return 2;
      }
      log.info(
          "Serving {} on port {}; runs are read on job-run events, and polled every {}",
          WebhookServer.PATH,
          webhooks.port(),
          DurationParser.format(config.webhookRunsBackstop()));
    }
    WebhookServer webhookServer = webhooks;
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
                  boolean wasStarted = operator.stop();
                  if (wasStarted) {
                    client.close();
                  }
                  server.close();
                  if (webhookServer != null) {
                    webhookServer.close();
                  }
                  log.info(
                      "Stopped in {} ms{}",
                      Duration.ofNanos(System.nanoTime() - stopping).toMillis(),
                      wasStarted ? "" : "; the start under way ends with the process");
                  stopped.countDown();
                },
                "shutdown"));
    try {
      operator.start();
    } catch (NorthflankOperator.StartFailed e) {
      log.error("Cannot start: {}", e.getMessage());
      return 1;
    }
    stopped.await();
    return 0;
  }
}
