package com.northflank.operator.reconciler;

import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.northflank.ApiCallListener;
import com.northflank.operator.northflank.HttpNorthflankClient;
import com.northflank.operator.northflank.NorthflankApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Assembles the JOSDK operator: one controller for NorthflankJobs, status patched with JSON merge
 * patch (never server-side apply, so tests, the demo and production share one write path).
 */
public final class NorthflankOperator implements AutoCloseable {

  private static final Duration FIRST_RETRY = Duration.ofSeconds(2);

  private final Operator operator;

  private NorthflankOperator(Operator operator) {
    this.operator = operator;
  }

  /** The operator reading Northflank over HTTP as configured. */
  public static NorthflankOperator create(
      OperatorConfig config,
      KubernetesClient client,
      ApiCallListener listener,
      Consumer<ConfigurationServiceOverrider> extra) {
    HttpNorthflankClient api =
        new HttpNorthflankClient(
            config.apiUrl(), config.connectTimeout(), config.requestTimeout(), listener);
    return create(config, client, api, Clock.systemUTC(), extra);
  }

  /**
   * @param extra further JOSDK settings (leader election, metrics) applied after the defaults
   */
  public static NorthflankOperator create(
      OperatorConfig config,
      KubernetesClient client,
      NorthflankApi api,
      Clock clock,
      Consumer<ConfigurationServiceOverrider> extra) {
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withConcurrentReconciliationThreads(config.maxConcurrentReconciles())
                  // a missing CRD or a slow API server must not crash-loop the pod
                  .withStopOnInformerErrorDuringStartup(false);
              extra.accept(o);
            });
    NorthflankJobReconciler reconciler =
        new NorthflankJobReconciler(
            api,
            new CredentialResolver(config.defaultToken()),
            new StatusFactory(clock, config.statusHeartbeat()),
            new SyncSchedule(config.syncInterval()),
            new EventPublisher(clock));
    Duration maxBackoff = config.syncInterval().compareTo(Duration.ofMinutes(5)) < 0
        ? config.syncInterval()
        : Duration.ofMinutes(5);
    operator.register(
        reconciler,
        c -> {
          if (!config.watchesAllNamespaces()) {
            c.settingNamespaces(config.namespaces());
          }
          c.withRetry(new JitteredRetry(min(FIRST_RETRY, maxBackoff), maxBackoff));
          // safety net should a reschedule ever be lost
          c.withReconciliationMaxInterval(config.syncInterval().multipliedBy(2));
        });
    return new NorthflankOperator(operator);
  }

  public void start() {
    operator.start();
  }

  @Override
  public void close() {
    operator.stop();
  }

  public Operator operator() {
    return operator;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
