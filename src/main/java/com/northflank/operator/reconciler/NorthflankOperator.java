package com.northflank.operator.reconciler;

import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.client.ApiCallListener;
import com.northflank.operator.client.HttpNorthflankClient;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.correction.DriftCorrector;
import com.northflank.operator.credentials.CredentialResolver;
import com.northflank.operator.drift.DriftComparator;
import com.northflank.operator.events.EventPublisher;
import com.northflank.operator.lifecycle.JobDeletion;
import com.northflank.operator.lifecycle.JobLifecycle;
import com.northflank.operator.lifecycle.ResourceMarks;
import com.northflank.operator.freshness.ListSweeper;
import com.northflank.operator.freshness.WatchedJobs;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.observability.SyncObserver;
import com.northflank.operator.observability.WebhookMetrics;
import com.northflank.operator.runs.RunsPolling;
import com.northflank.operator.scheduling.JitteredRetry;
import com.northflank.operator.scheduling.StartSpread;
import com.northflank.operator.scheduling.SyncSchedule;
import com.northflank.operator.status.StatusFactory;
import com.northflank.operator.status.StatusWriter;
import com.northflank.operator.webhook.RunEventTargets;
import com.northflank.operator.webhook.RunEvents;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the JOSDK operator: one controller for NorthflankJobs reading Northflank over HTTP
 * within the request budget, status patched with JSON merge patch (never server-side apply, so
 * tests, the demo and production share one write path). Every collaborator of the reconciler is
 * created here, once; the list sweeps start and stop with this process's turn to reconcile ({@link
 * SweepLifecycle}).
 */
public final class NorthflankOperator implements AutoCloseable {

  /**
   * How long a stop waits for reconciles in flight before JOSDK interrupts them: a read cut short
   * is not recorded (no failure status, Event or metric) and is made again by the next operator,
   * one request of the budget; a process asked to stop is gone within about two seconds (one more
   * at most while queued Events wait for a slow Kubernetes API).
   */
  static final Duration IN_FLIGHT_GRACE = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(NorthflankOperator.class);

  /** The operator could not start; the message says why in one line, the cause stays attached. */
  public static final class StartFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Operator operator;
  private final SweepLifecycle sweeps;
  private final RegisteredController<NorthflankJob> controller;
  private final KubernetesApiWait apiWait;
  private final EventPublisher events;
  private final String apiUrl;
  private final RunEvents runEvents;
  private final Object lifecycle = new Object();
  private boolean starting;
  private boolean stopping;
  private volatile boolean started;
  private final AtomicBoolean readySaid = new AtomicBoolean();

  private NorthflankOperator(
      Operator operator,
      SweepLifecycle sweeps,
      RegisteredController<NorthflankJob> controller,
      KubernetesApiWait apiWait,
      EventPublisher events,
      String apiUrl,
      RunEvents runEvents) {
    this.runEvents = runEvents;
    this.operator = operator;
    this.sweeps = sweeps;
    this.controller = controller;
    this.apiWait = apiWait;
    this.events = events;
    this.apiUrl = apiUrl;
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
    private WebhookMetrics webhookMetrics;
    private Clock clock = Clock.systemUTC();
    private LeaderElectionConfiguration leaderElection;
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

    /** Where the webhook events' outcomes are counted. */
    public Builder webhookMetrics(WebhookMetrics webhookMetrics) {
      this.webhookMetrics = webhookMetrics;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Leader election with these settings, whatever the config says (tests use it for shorter
     * timings). Set here rather than through {@link #configure}, so that the list sweeps follow
     * the lease.
     */
    public Builder leaderElection(LeaderElectionConfiguration leaderElection) {
      this.leaderElection = leaderElection;
      return this;
    }

    /** Further JOSDK settings, applied last; leader election is {@link #leaderElection}'s. */
    public Builder configure(Consumer<ConfigurationServiceOverrider> configure) {
      this.configure = configure;
      return this;
    }

    /**
     * Creates every collaborator once, here: the reconciler and the sweeper receive theirs and
     * create none.
     */
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
      SyncSchedule schedule =
          new SyncSchedule(config.syncInterval(), config.minSyncInterval(), budget, retry);
      WatchedJobs watched = new WatchedJobs();
      RunsPolling runs =
          config.webhooks()
              ? RunsPolling.onEvents(config.webhookRunsBackstop())
              : RunsPolling.everyRead();
      RunEventTargets targets = new RunEventTargets();
      ResourceMemory memory =
          new ResourceMemory(
              budget, schedule, new StartSpread(clock), watched, syncs, runs, targets);
      SimpleInboundEventSource<NorthflankJob> sweepFindings =
          new SimpleInboundEventSource<>("list-sweeps");
      SimpleInboundEventSource<NorthflankJob> runEvents =
          new SimpleInboundEventSource<>("run-events");
      EventPublisher events = new EventPublisher(clock);
      ResourceMarks marks = new ResourceMarks();
      SyncServices services =
          new SyncServices(
              new JobContexts(
                  new SpecValidator(),
                  new CredentialResolver(config.defaultToken(), config.defaultTokenGrant()),
                  schedule,
                  config.observeRuns()),
              api,
              new JobLifecycle(api, budget, marks, config.readOnly(), clock, syncs),
              new JobDeletion(api, budget, marks, config.readOnly(), syncs),
              new DriftComparator(),
              new DriftCorrector(api, budget, config.readOnly(), clock),
              new StatusFactory(clock, config.statusHeartbeat(), config.observeRuns()),
              new StatusWriter(),
              events,
              sweepFindings,
              runEvents);
      NorthflankJobReconciler reconciler = new NorthflankJobReconciler(services, memory, syncs);
      SweepLifecycle sweeps =
          new SweepLifecycle(
              new ListSweeper(api, budget, watched, sweepFindings::propagateEvent),
              lease());
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
                    .withReconciliationTerminationTimeout(IN_FLIGHT_GRACE)
                    .withMetrics(metrics);
                sweeps.lease().ifPresent(o::withLeaderElectionConfiguration);
                configure.accept(o);
              });
      if (!operator
          .getConfigurationService()
          .getLeaderElectionConfiguration()
          .equals(sweeps.lease())) {
        throw new IllegalStateException(
            "Leader election is set with Builder.leaderElection, so that the list sweeps follow"
                + " the lease");
      }
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
            c.withOnUpdateFilter(ReconcileTriggers.updatesThatMatter());
            // safety net should a reschedule ever be lost
            c.withReconciliationMaxInterval(config.syncInterval().multipliedBy(2));
          });
      @SuppressWarnings("unchecked")
      RegisteredController<NorthflankJob> controller =
          operator.getRegisteredController(NorthflankJobReconciler.NAME).orElseThrow();
      return new NorthflankOperator(
          operator,
          sweeps,
          controller,
          new KubernetesApiWait(client, config.namespaces()),
          events,
          client.getMasterUrl().toString(),
          new RunEvents(
              targets,
              runs,
              runEvents::propagateEvent,
              webhookMetrics != null
                  ? webhookMetrics
                  : new WebhookMetrics(new SimpleMeterRegistry())));
    }

    /** The leader election set here, else the config's, if on. */
    private Optional<LeaderElectionConfiguration> lease() {
      if (leaderElection != null) {
        return Optional.of(leaderElection);
      }
      return config.leaderElection() ? Optional.of(configuredLease(config)) : Optional.empty();
    }
  }

  /**
   * A deposed leader exits (and is restarted by Kubernetes) so that two replicas never reconcile at
   * once; the lease is renewed well within its duration.
   */
  private static LeaderElectionConfiguration configuredLease(OperatorConfig config) {
    var builder =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaseName());
    if (config.leaseNamespace() != null) {
      builder.withLeaseNamespace(config.leaseNamespace());
    }
    return builder.withExitOnStopLeading(true).build();
  }

  /**
   * Waits until the Kubernetes API answers (logging what it waits for), then starts the informers
   * and the controller. Returns once started, or at once when {@link #stop} came first.
   *
   * @throws StartFailed when JOSDK gives up, e.g. without access to the leader election's Lease
   */
  public void start() {
    if (!apiWait.await()) {
      return;
    }
    synchronized (lifecycle) {
      if (stopping) {
        return;
      }
      starting = true;
    }
    boolean succeeded = false;
    try (InformerStartProgress progress = InformerStartProgress.watch(controller, apiUrl)) {
      operator.start();
      succeeded = true;
    } catch (OperatorException e) {
      throw new StartFailed(describe(e), e);
    } finally {
      boolean stopNow;
      boolean running;
      synchronized (lifecycle) {
        starting = false;
        started = succeeded && !stopping;
        running = started;
        stopNow = succeeded && stopping;
      }
      if (stopNow) {
        sweeps.stop();
        stopControllerAndEvents();
      } else if (running) {
        // a stop from now on ends the sweeps before anything else
        sweeps.operatorStarted();
      }
    }
    if (started && !isReady()) {
      log.warn("Started, but not ready yet: {}", InformerStartProgress.states(controller));
    }
  }

  /**
   * Where accepted webhook events go: each job-run event naming a job this operator reads makes
   * its runs read go out now (the webhook server, which the caller starts, hands them over).
   */
  public RunEvents runEvents() {
    return runEvents;
  }

  /**
   * Said once, the first time the operator is found ready: at the end of its start, or when a probe
   * finds it ready later.
   */
  private void sayReady() {
    if (readySaid.compareAndSet(false, true)) {
      log.info(
          "Ready: the informers have listed and watch through the Kubernetes API at {}{}",
          apiUrl,
          sweeps.lease().isPresent()
              ? "; NorthflankJobs are reconciled while this replica holds the lease"
              : "");
    }
  }

  /**
   * JOSDK's "Error starting operator" and what it wraps, in one line: the Kubernetes API's answer
   * (status and message) rather than the whole request and response fabric8 prints.
   */
  static String describe(OperatorException e) {
    List<String> parts = new ArrayList<>();
    // JOSDK's own "Error starting operator" says nothing "Cannot start" does not
    for (Throwable t = e.getCause() == null ? e : e.getCause(); t != null; t = t.getCause()) {
      String part;
      if (t instanceof KubernetesClientException k && k.getCode() > 0) {
        part =
            "HTTP "
                + k.getCode()
                + (k.getStatus() == null || k.getStatus().getMessage() == null
                    ? ""
                    : ": " + k.getStatus().getMessage());
      } else if (t.getMessage() == null) {
        continue;
      } else {
        part = t.getMessage().lines().findFirst().orElse("").strip();
      }
      if (!part.isEmpty() && parts.stream().noneMatch(p -> p.contains(part))) {
        parts.add(part);
      }
      if (t instanceof KubernetesClientException) {
        break;
      }
    }
    return String.join(": ", parts);
  }

  /**
   * Informers started and synced; true on a leader-election standby as well. Never blocks: JOSDK's
   * runtime information waits for a start in progress, which an unreachable API stretches to
   * minutes, and a probe that hangs would take the health endpoints down with it.
   */
  public boolean isReady() {
    boolean ready =
        started && controller.getControllerHealthInfo().unhealthyEventSources().isEmpty();
    if (ready) {
      sayReady();
    }
    return ready;
  }

  /**
   * Stops the operator, waiting at most {@link #IN_FLIGHT_GRACE} for reconciles in flight. Returns
   * false without waiting when the informers are still starting: {@link #start} stops them once
   * they have, and a process that is exiting need not wait for that.
   */
  public boolean stop() {
    // no list request after a stop, whatever the informers are doing
    sweeps.stop();
    synchronized (lifecycle) {
      stopping = true;
      apiWait.cancel();
      if (starting) {
        return false;
      }
      started = false;
    }
    stopControllerAndEvents();
    return true;
  }

  /** JOSDK first, so that the Events of the reconciles that ended still reach the API. */
  private void stopControllerAndEvents() {
    operator.stop();
    events.close();
  }

  @Override
  public void close() {
    stop();
  }

  private static <R extends HasMetadata> R sameResource(R resource) {
    return resource;
  }
}
