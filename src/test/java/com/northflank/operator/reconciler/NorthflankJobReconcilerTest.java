package com.northflank.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.client.NorthflankApiException;
import com.northflank.operator.client.ProjectRef;
import com.northflank.operator.client.UnexpectedCalls;
import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.config.DefaultTokenGrant;
import com.northflank.operator.config.DefaultTokenSource;
import com.northflank.operator.config.NamespaceSelection;
import com.northflank.operator.correction.DriftCorrector;
import com.northflank.operator.credentials.CredentialResolver;
import com.northflank.operator.drift.DriftComparator;
import com.northflank.operator.events.EventPublisher;
import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.failure.SyncException;
import com.northflank.operator.freshness.ListedFields;
import com.northflank.operator.freshness.WatchedJobs;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.observability.JobMetrics;
import com.northflank.operator.scheduling.StartSpread;
import com.northflank.operator.scheduling.SyncSchedule;
import com.northflank.operator.status.StatusFactory;
import com.northflank.operator.status.StatusWriter;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the reconciler does with a resource that is going or gone: JOSDK hands it the deletion
 * (triggerReconcilerOnAllEvents), and it forgets the resource without an API call or a status
 * write. The rest of the pipeline is covered against the simulator by the integration tests.
 */
class NorthflankJobReconcilerTest {

  private static final ApiToken TOKEN = ApiToken.of("nf-reconciler-token");
  private static final String LABELS = "{name=\"nightly\",namespace=\"team-a\"}";

  private final Clock clock = Clock.systemUTC();
  private final RequestBudget budget = new RequestBudget(ApiBudget.parse("100000/1h"));
  private final SyncSchedule schedule = new SyncSchedule(Duration.ofMinutes(5), budget);
  private final WatchedJobs watched = new WatchedJobs();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JobMetrics metrics = new JobMetrics(registry);
  private final EventPublisher events = new EventPublisher(clock);
  private final UnexpectedCalls api = new UnexpectedCalls("the reconciler") {};
  private final NorthflankJobReconciler reconciler =
      new NorthflankJobReconciler(
          new SyncServices(
              new JobContexts(
                  new SpecValidator(),
                  new CredentialResolver(
                      DefaultTokenSource.of(TOKEN),
                      new DefaultTokenGrant(NamespaceSelection.parse("*"), true)),
                  schedule,
                  true),
              api,
              new com.northflank.operator.lifecycle.JobLifecycle(
                  api,
                  budget,
                  new com.northflank.operator.lifecycle.ResourceMarks(),
                  false,
                  clock,
                  metrics),
              new com.northflank.operator.lifecycle.JobDeletion(
                  api, budget, new com.northflank.operator.lifecycle.ResourceMarks(), false, metrics),
              new DriftComparator(),
              new DriftCorrector(api, budget, false, clock),
              new StatusFactory(clock, Duration.ofHours(1)),
              new StatusWriter(),
              events,
              new SimpleInboundEventSource<>("list-sweeps"),
              new SimpleInboundEventSource<>("run-events")),
          new ResourceMemory(budget, schedule, new StartSpread(clock), watched, metrics),
          metrics);
  private final NorthflankJob job = job();
  private final String key = SyncSchedule.key(job);

  /** What earlier reconciles of the resource left behind. */
  @BeforeEach
  void reconciledBefore() {
    budget.register(key, TOKEN, Duration.ofMinutes(5), 2);
    watched.observe(
        key,
        ResourceID.fromResource(job),
        TOKEN,
        new ProjectRef(null, "p"),
        "nightly",
        ListedFields.implied(status(), null));
    metrics.statusComputed(job, status());
  }

  @AfterEach
  void close() {
    events.close();
  }

  @Test
  void aDeletedResourceIsForgottenWithoutACallOrAWrite() {
    UpdateControl<NorthflankJob> control = reconciler.reconcile(job, new Gone(false));

    assertThat(control.isNoUpdate()).isTrue();
    assertThat(control.getScheduleDelay()).as("nothing more to read").isEmpty();
    assertThat(watched.isWatched(key)).isFalse();
    assertThat(registry.scrape()).doesNotContain(LABELS);
  }

  @Test
  void aDeletionOnlyTheNextListSawIsForgottenAlike() {
    reconciler.reconcile(job, new Gone(true));

    assertThat(watched.isWatched(key)).isFalse();
    assertThat(registry.scrape()).doesNotContain(LABELS);
  }

  @Test
  void aResourceOnItsWayOutIsNeitherReadNorWrittenAndStaysKnownUntilItIsGone() {
    job.getMetadata().setDeletionTimestamp("2026-12-02T10:00:00Z");

    UpdateControl<NorthflankJob> control = reconciler.reconcile(job, new Present());

    assertThat(control.isNoUpdate()).isTrue();
    assertThat(watched.isWatched(key)).isTrue();
    assertThat(registry.scrape()).contains("northflank_job_synced" + LABELS);
  }

  @Test
  void aFailureOnADeletedResourceWritesNoStatusAndIsNotRetried() {
    ErrorStatusUpdateControl<NorthflankJob> control =
        reconciler.updateErrorStatus(job, new Gone(false), new IllegalStateException("boom"));

    assertThat(control.getResource()).isEmpty();
    assertThat(control.isDefaultErrorProcessing()).isFalse();
    assertThat(control.isNoRetry()).isTrue();
  }

  /**
   * Finding 9 of issue 21: 2562048h parses, then overflowed the budget's arithmetic on every
   * reconcile (an ArithmeticException, JOSDK's retry with stack traces, no status). Now it is
   * InvalidSpec with one line, and the next look is an interval away, not a backoff.
   */
  @Test
  void aSyncIntervalTooLongForTheArithmeticIsInvalidSpecAndWaitsForTheNextInterval() {
    job.setSpec(new NorthflankJobSpec("p", "nightly", null, null, "2562048h", null));

    Throwable thrown = catchThrowable(() -> reconciler.reconcile(job, new NoApiServer()));

    assertThat(thrown)
        .isInstanceOfSatisfying(
            SyncException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_SPEC))
        .hasMessageStartingWith("spec.syncInterval: '2562048h'");
    ErrorStatusUpdateControl<NorthflankJob> control =
        reconciler.updateErrorStatus(job, new NoApiServer(), (Exception) thrown);
    assertThat(control.isDefaultErrorProcessing())
        .as("JOSDK's retry, with its stack trace")
        .isFalse();
    assertThat(control.getScheduleDelay())
        .as("the operator's default interval, jittered")
        .hasValueSatisfying(
            millis ->
                assertThat(Duration.ofMillis(millis))
                    .isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6)));
  }

  /**
   * Issue 21, finding 7: a 429 whose Retry-After says 68 years rescheduled the resource for then;
   * it comes back within the budget's window.
   */
  @Test
  void aRateLimitedReadComesBackWithinTheBudgetWindowWhateverTheServerSaid() {
    SyncException limited =
        SyncException.from(
            new NorthflankApiException(
                NorthflankApiException.Kind.RATE_LIMITED,
                "GET job failed: HTTP 429",
                OptionalInt.of(429),
                Optional.of(Duration.ofSeconds(2_147_483_647L)),
                null));

    ErrorStatusUpdateControl<NorthflankJob> control =
        reconciler.updateErrorStatus(job, new NoApiServer(), limited);

    assertThat(control.getScheduleDelay())
        .hasValueSatisfying(
            millis -> assertThat(Duration.ofMillis(millis)).isEqualTo(Duration.ofHours(1)));
  }

  private static NorthflankJob job() {
    NorthflankJob job = new NorthflankJob();
    job.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team-a")
            .withName("nightly")
            .withGeneration(1L)
            .build());
    job.setSpec(new NorthflankJobSpec("p", "nightly", null, null, null, null));
    return job;
  }

  private static NorthflankJobStatus status() {
    return new NorthflankJobStatus(
        1L, null, null, null, null, null, null, null, null, List.of(), 0, List.of(), null);
  }

  /** A resource without credentials of its own, and no Kubernetes API to write its status to. */
  private static final class NoApiServer extends Present {

    @Override
    public <R> Optional<R> getSecondaryResource(Class<R> expectedType, String eventSourceName) {
      return Optional.empty();
    }

    @Override
    public KubernetesClient getClient() {
      throw new KubernetesClientException("no Kubernetes API in this test");
    }
  }

  /** JOSDK's context of a deleted resource: anything but the deletion itself fails the test. */
  private static final class Gone extends Present {
    private final boolean finalStateUnknown;

    Gone(boolean finalStateUnknown) {
      this.finalStateUnknown = finalStateUnknown;
    }

    @Override
    public boolean isPrimaryResourceDeleted() {
      return true;
    }

    @Override
    public boolean isPrimaryResourceFinalStateUnknown() {
      return finalStateUnknown;
    }
  }

  /**
   * JOSDK's context of a resource still there: no Secret, no client (no status write, no Event),
   * nothing else either.
   */
  private static class Present implements Context<NorthflankJob> {

    @Override
    public boolean isPrimaryResourceDeleted() {
      return false;
    }

    @Override
    public boolean isPrimaryResourceFinalStateUnknown() {
      return false;
    }

    @Override
    public Optional<RetryInfo> getRetryInfo() {
      throw unexpected("its retry");
    }

    @Override
    public <R> Set<R> getSecondaryResources(Class<R> expectedType) {
      throw unexpected("secondary resources");
    }

    @Override
    public <R> Optional<R> getSecondaryResource(Class<R> expectedType, String eventSourceName) {
      throw unexpected("a secondary resource");
    }

    @Override
    public ControllerConfiguration<NorthflankJob> getControllerConfiguration() {
      throw unexpected("the controller configuration");
    }

    @Override
    public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() {
      throw unexpected("workflows");
    }

    @Override
    public EventSourceRetriever<NorthflankJob> eventSourceRetriever() {
      throw unexpected("event sources");
    }

    @Override
    public KubernetesClient getClient() {
      throw unexpected("the Kubernetes client");
    }

    @Override
    public ExecutorService getWorkflowExecutorService() {
      throw unexpected("the workflow executor");
    }

    @Override
    public NorthflankJob getPrimaryResource() {
      throw unexpected("the resource");
    }

    @Override
    public IndexedResourceCache<NorthflankJob> getPrimaryCache() {
      throw unexpected("the resource cache");
    }

    @Override
    public boolean isNextReconciliationImminent() {
      throw unexpected("the next reconcile");
    }

    private static AssertionError unexpected(String what) {
      return new AssertionError("the reconciler asked the context for " + what);
    }
  }
}
