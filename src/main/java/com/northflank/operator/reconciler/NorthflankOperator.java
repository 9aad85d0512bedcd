package com.northflank.operator.reconciler;

import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.northflank.ApiCallListener;
import com.northflank.operator.northflank.HttpNorthflankClient;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.monitoring.AggregatedMetrics;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Assembles the JOSDK operator: one controller for NorthflankJobs reading Northflank over HTTP
 * within the request budget, status patched with JSON merge patch (never server-side apply, so
 * tests, the demo and production share one write path).
 */
public final class NorthflankOperator implements AutoCloseable {

  private final Operator operator;

  private NorthflankOperator(Operator operator) {
    this.operator = operator;
  }

  public static Builder builder(OperatorConfig config, KubernetesClient client) {
    return new Builder(config, client);
  }

  /** What the caller may add around the operator; everything else comes from the config. */
  public static final class Builder {
    private final OperatorConfig config;
    private final KubernetesClient client;
    private ApiCallListener apiCalls = ApiCallListener.NO_OP;
    private SyncObserver syncs = SyncObserver.NO_OP;
    private Metrics metrics = Metrics.NOOP;
    private Clock clock = Clock.systemUTC();
    private Consumer<ConfigurationServiceOverrider> configure = o -> {};

    private Builder(OperatorConfig config, KubernetesClient client) {
      this.config = config;
      this.client = client;
    }

    /** Told about every Northflank API request, e.g. for metrics. */
    public Builder apiCalls(ApiCallListener listener) {
      this.apiCalls = listener;
      return this;
    }

    /** Told about every sync outcome and deleted resource. */
    public Builder syncs(SyncObserver observer) {
      this.syncs = observer;
      return this;
    }

    /** JOSDK's own controller metrics. */
    public Builder metrics(Metrics metrics) {
      this.metrics = metrics;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Further JOSDK settings, applied last (tests use it for leader election timings). */
    public Builder configure(Consumer<ConfigurationServiceOverrider> configure) {
      this.configure = configure;
      return this;
    }

    public NorthflankOperator build() {
      RequestBudget budget = new RequestBudget(config.apiBudget());
      ApiCallListener listener =
          call -> {
            budget.onCall(call);
            apiCalls.onCall(call);
          };
      // read-only is enforced twice: the reconciler never corrects, and the client refuses to
      // send anything but GET
      HttpNorthflankClient api =
          new HttpNorthflankClient(
              config.apiUrl(),
              config.connectTimeout(),
              config.requestTimeout(),
              listener,
              !config.readOnly());
      JitteredRetry retry = JitteredRetry.forSyncInterval(config.syncInterval());
      SyncSchedule schedule = new SyncSchedule(config.syncInterval(), budget, retry);
      Metrics deletions =
          new Metrics() {
            @Override
            public void cleanupDoneFor(ResourceID id, Map<String, Object> metadata) {
              String namespace = id.getNamespace().orElse("");
              String key = SyncSchedule.key(namespace, id.getName());
              budget.forget(key);
              schedule.forget(key);
              syncs.resourceDeleted(namespace, id.getName());
            }
          };
      Operator operator =
          new Operator(
              o -> {
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withConcurrentReconciliationThreads(config.maxConcurrentReconciles())
                    // a missing CRD or a slow API server must not crash-loop the pod
                    .withStopOnInformerErrorDuringStartup(false)
                    // the reconciler never modifies the resource it is given (its status is built
                    // anew from immutable records), so the defensive copy JOSDK makes of every
                    // cached resource before each reconcile is pure cost
                    .withResourceCloner(NorthflankOperator::sameResource)
                    // on SIGTERM let reads in flight finish rather than record them as failures
                    .withReconciliationTerminationTimeout(config.requestTimeout().plusSeconds(1))
                    .withMetrics(new AggregatedMetrics(List.of(metrics, deletions)));
                if (config.leaderElection()) {
                  o.withLeaderElectionConfiguration(leaderElection(config));
                }
                configure.accept(o);
              });
      NorthflankJobReconciler reconciler =
          new NorthflankJobReconciler(
              api,
              budget,
              new CredentialResolver(config.defaultToken()),
              new StatusFactory(clock, config.statusHeartbeat()),
              schedule,
              new EventPublisher(clock),
              syncs,
              new DriftCorrector(api, budget, schedule, config.readOnly(), clock));
      operator.register(
          reconciler,
          c -> {
            if (!config.watchesAllNamespaces()) {
              c.settingNamespaces(config.namespaces());
            }
            // failures the reconciler knows are rescheduled by it with the same policy
            c.withRetry(retry);
            // status writes trigger nothing, a spec change or the pause annotation does
            c.withGenerationAware(false);
            c.withOnUpdateFilter(Pause.updatesThatMatter());
            // safety net should a reschedule ever be lost
            c.withReconciliationMaxInterval(config.syncInterval().multipliedBy(2));
          });
      return new NorthflankOperator(operator);
    }
  }

  /**
   * A deposed leader exits (and is restarted by Kubernetes) so that two replicas never reconcile at
   * once; the lease is renewed well within its duration.
   */
  private static LeaderElectionConfiguration leaderElection(OperatorConfig config) {
    var builder =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaseName());
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

  private static <R extends HasMetadata> R sameResource(R resource) {
    return resource;
  }
}
