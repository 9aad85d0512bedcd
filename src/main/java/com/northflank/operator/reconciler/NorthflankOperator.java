package com.northflank.operator.reconciler;

import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.northflank.ApiCallListener;
import com.northflank.operator.northflank.HttpNorthflankClient;
import com.northflank.operator.northflank.NorthflankApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
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
      SyncObserver observer,
      Consumer<ConfigurationServiceOverrider> extra) {
    HttpNorthflankClient api =
        new HttpNorthflankClient(
            config.apiUrl(), config.connectTimeout(), config.requestTimeout(), listener);
    return create(config, client, api, Clock.systemUTC(), observer, extra);
  }

  /**
   * @param extra further JOSDK settings (leader election, metrics) applied after the defaults
   */
  public static NorthflankOperator create(
      OperatorConfig config,
      KubernetesClient client,
      NorthflankApi api,
      Clock clock,
      SyncObserver observer,
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
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(leaderElection(config));
              }
              extra.accept(o);
            });
    NorthflankJobReconciler reconciler =
        new NorthflankJobReconciler(
            api,
            new CredentialResolver(config.defaultToken()),
            new StatusFactory(clock, config.statusHeartbeat()),
            new SyncSchedule(config.syncInterval()),
            new EventPublisher(clock),
            observer);
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

  /**
   * A deposed leader exits (and is restarted by Kubernetes) so that two replicas never reconcile
   * at once; the lease is renewed well within its duration.
   */
  private static LeaderElectionConfiguration leaderElection(OperatorConfig config) {
    var builder = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaseName());
    if (config.leaseNamespace() != null) {
      builder.withLeaseNamespace(config.leaseNamespace());
    }
    return builder.withExitOnStopLeading(true).build();
  }

  public void start() {
    operator.start();
  }

  /** Informers started and synced; true on a leader-election standby as well. */
  public boolean isReady() {
    var runtime = operator.getRuntimeInfo();
    return runtime.isStarted() && runtime.allEventSourcesAreHealthy();
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
