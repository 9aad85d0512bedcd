package com.northflank.operator.reconciler;

import com.northflank.operator.correction.Correction;
import com.northflank.operator.correction.DriftCorrector;
import com.northflank.operator.credentials.CredentialResolver;
import com.northflank.operator.events.EventPublisher;
import com.northflank.operator.events.TransitionEvents;
import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.model.Pause;
import com.northflank.operator.model.Reasons;
import com.northflank.operator.observability.SyncObserver;
import com.northflank.operator.runs.LastRunStatus;
import com.northflank.operator.runs.RunObservation;
import com.northflank.operator.runs.RunSelection;
import com.northflank.operator.scheduling.StartSpread;
import com.northflank.operator.scheduling.SyncSchedule;
import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.status.StatusConflict;
import com.northflank.operator.status.StatusFactory;
import com.northflank.operator.status.StatusWriter;
import com.northflank.operator.failure.SyncException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.northflank.operator.budget.Admission;
import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.config.DurationParser;
import com.northflank.operator.drift.DriftComparator;
import com.northflank.operator.drift.DriftReport;
import com.northflank.operator.freshness.ListedFields;
import com.northflank.operator.freshness.WatchedJobs;
import com.northflank.operator.model.Condition;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.client.JobRef;
import com.northflank.operator.client.JobSnapshot;
import com.northflank.operator.client.NorthflankApi;
import com.northflank.operator.client.NorthflankApiException;
import com.northflank.operator.client.ProjectRef;
import com.northflank.operator.events.TransitionEvents.JobEvent;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors one Northflank job onto its NorthflankJob: read the live job and its latest runs, compare
 * the job with spec.job, correct what drifted when the resource asks for it, build the status,
 * write it if it changed. Every failure takes the same road through {@link #updateErrorStatus},
 * where its {@link FailureReason} decides between JOSDK's backoff retry and waiting for the next
 * interval. A paused resource makes no API call at all.
 */
@ControllerConfiguration(name = NorthflankJobReconciler.NAME)
public final class NorthflankJobReconciler implements Reconciler<NorthflankJob> {

  public static final String NAME = "northflankjob";
  private static final String SECRET_INDEX = "credentials-secret";
  private static final Logger log = LoggerFactory.getLogger(NorthflankJobReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Runs read per sync. The API does not document their order, so one run would be the newest only
   * if it listed newest first; a small page costs the same single request and is searched for the
   * latest start instead.
   */
  static final int RUNS_PER_PAGE = 10;

  private final NorthflankApi api;
  private final RequestBudget budget;
  private final CredentialResolver credentials;
  private final StatusFactory statuses;
  private final SyncSchedule schedule;
  private final EventPublisher events;
  private final SyncObserver observer;
  private final DriftCorrector corrector;
  private final boolean observeRuns;
  private final WatchedJobs watched;
  private final StartSpread spread;

  /** Reconciles a resource at once when a sweep saw its job change. */
  private final SimpleInboundEventSource<NorthflankJob> sweepFindings;

  private final SpecValidator validator = new SpecValidator();
  private final DriftComparator comparator = new DriftComparator();
  private final StatusWriter writer = new StatusWriter();

  public NorthflankJobReconciler(
      NorthflankApi api,
      RequestBudget budget,
      CredentialResolver credentials,
      StatusFactory statuses,
      SyncSchedule schedule,
      EventPublisher events,
      SyncObserver observer,
      DriftCorrector corrector,
      boolean observeRuns,
      WatchedJobs watched,
      StartSpread spread,
      SimpleInboundEventSource<NorthflankJob> sweepFindings) {
    this.api = api;
    this.watched = watched;
    this.spread = spread;
    this.sweepFindings = sweepFindings;
    this.observeRuns = observeRuns;
    this.corrector = corrector;
    this.budget = budget;
    this.observer = observer;
    this.credentials = credentials;
    this.statuses = statuses;
    this.schedule = schedule;
    this.events = events;
  }

  @Override
  public UpdateControl<NorthflankJob> reconcile(NorthflankJob job, Context<NorthflankJob> context) {
    if (Pause.isPaused(job)) {
      return pause(job, context);
    }
    validator.validate(job.getSpec());
    ApiToken token = credentials.resolve(job, context.getSecondaryResource(Secret.class));
    boolean observesRuns = LastRunStatus.observes(job, observeRuns);
    String key = SyncSchedule.key(job);
    JobRef ref = ref(job);
    int requests = observesRuns ? 2 : 1;
    Duration interval = schedule.interval(job);
    boolean urgent = isUrgent(job) || watched.isUrgent(key);
    budget.register(key, token, interval, requests);
    Optional<Duration> putOff = spread.putOff(job, urgent, schedule.effectiveInterval(job));
    if (putOff.isPresent()) {
      watched.observeIfAbsent(
          key,
          ResourceID.fromResource(job),
          token,
          project(ref),
          ref.jobId(),
          ListedFields.implied(job.getStatus(), job.getSpec().job()));
      return UpdateControl.<NorthflankJob>noUpdate().rescheduleAfter(putOff.get());
    }
    Admission admission = budget.admit(key, token, interval, urgent, requests);
    if (admission instanceof Admission.Later later) {
      return UpdateControl.<NorthflankJob>noUpdate().rescheduleAfter(later.delay());
    }
    watched.readStarted(key);
    JobSnapshot read = read(ref, token);
    RunObservation runs =
        !observesRuns
            ? new RunObservation.Off()
            : ((Admission.Now) admission).requests() < 2
                ? new RunObservation.Skipped()
                : readRuns(ref, token);
    JsonNode desired = JSON.valueToTree(job.getSpec().job());
    DriftReport drift = comparator.compare(desired, read.document());
    Correction correction = corrector.correct(job, token, ref, desired, read, drift);
    watched.observe(
        key,
        ResourceID.fromResource(job),
        token,
        project(ref),
        ref.jobId(),
        ListedFields.of(correction.live(read).job()));
    NorthflankJobStatus status =
        statuses.synced(
            job, correction.live(read).job(), correction.drift(drift), correction, runs);
    if (correction instanceof Correction.Failed failed) {
      throw failed.failure().withObservation(status);
    }
    if (correction instanceof Correction.Held held) {
      throw new SyncException(FailureReason.CORRECTION_REJECTED, held.rejected().message())
          .withObservation(status);
    }
    record(job, status, context);
    if (correction instanceof Correction.Applied applied) {
      observer.corrected(job, applied.patch().fields());
    }
    Duration delay = nextDelay(job);
    Duration sooner = correction.readAgainWithin().orElse(delay);
    return UpdateControl.<NorthflankJob>noUpdate()
        .rescheduleAfter(sooner.compareTo(delay) < 0 ? sooner : delay);
  }

  /**
   * No API call, no share of the budget; the status says so and keeps what was last observed. No
   * reschedule either: removing the annotation is an event of its own.
   */
  private UpdateControl<NorthflankJob> pause(NorthflankJob job, Context<NorthflankJob> context) {
    budget.forget(SyncSchedule.key(job));
    watched.forget(SyncSchedule.key(job));
    record(job, statuses.paused(job), context);
    return UpdateControl.noUpdate();
  }

  /**
   * Urgent until the current spec has been read successfully once: a new resource, a changed spec,
   * or one whose first read for this spec failed should not queue behind routine polls.
   */
  private static boolean isUrgent(NorthflankJob job) {
    return job.getStatus() == null
        || !Objects.equals(job.getStatus().observedGeneration(), job.getMetadata().getGeneration())
        || !readSucceeded(job.getStatus());
  }

  /** The last read succeeded: Synced is True, or False only because a correction was refused. */
  private static boolean readSucceeded(NorthflankJobStatus status) {
    return Conditions.find(status.conditions(), ConditionTypes.SYNCED)
        .map(
            c ->
                Condition.TRUE.equals(c.status()) || Reasons.CORRECTION_REJECTED.equals(c.reason()))
        .orElse(false);
  }

  private Duration nextDelay(NorthflankJob job) {
    SyncSchedule.Next next = schedule.next(job);
    observer.scheduled(job, next.effectiveInterval());
    return next.delay();
  }

  @Override
  public ErrorStatusUpdateControl<NorthflankJob> updateErrorStatus(
      NorthflankJob job, Context<NorthflankJob> context, Exception e) {
    if (Thread.currentThread().isInterrupted()) {
      // JOSDK interrupts the reconciles still running when the operator stops: what was cut short
      // is no failure of the job, and the next operator reads it again
      log.debug("Sync cut short by the operator stopping: {}", e.getMessage());
      return ErrorStatusUpdateControl.<NorthflankJob>noStatusUpdate().withNoRetry();
    }
    Optional<StatusConflict> conflict = statusConflict(e);
    if (conflict.isPresent()) {
      // the read went well, only its status could not be written: the next reconcile computes it
      // again, and nothing failed that a condition or a metric should show
      SyncSchedule.Backoff backoff = schedule.afterTransientFailure(job);
      log.warn(
          "Retrying in {} (attempt {}): {}",
          DurationParser.format(backoff.delay()),
          backoff.attempt(),
          conflict.get().getMessage());
      return ErrorStatusUpdateControl.<NorthflankJob>noStatusUpdate()
          .rescheduleAfter(backoff.delay());
    }
    Optional<SyncException> known = SyncException.find(e);
    if (known.isEmpty()) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    SyncException failure = known.get();
    if (failure.reason() == FailureReason.JOB_NOT_FOUND) {
      // a sweep that does not list the job again has nothing new to say
      watched.observeMissing(SyncSchedule.key(job));
    }
    observer.syncFailed(job, failure.reason().conditionReason());
    try {
      record(job, statuses.failed(job, failure), context);
    } catch (KubernetesClientException | OperatorException writeFailed) {
      // the failure itself still decides the retry below; the status catches up next time
      log.warn("Could not write the failure status: {}", writeFailed.getClass().getSimpleName());
    }
    // a failure the operator knows is rescheduled here rather than rethrown to JOSDK's retry, which
    // would log it as an "Uncaught error" with a stack trace; one line with the reason says enough
    ErrorStatusUpdateControl<NorthflankJob> control = ErrorStatusUpdateControl.noStatusUpdate();
    return switch (failure.reason().recovery()) {
      case STALLED, ON_CHANGE -> control.rescheduleAfter(nextDelay(job));
      case AFTER_RETRY_AFTER ->
          control.rescheduleAfter(failure.retryAfter().orElseGet(() -> backOff(job, failure)));
      case BACKOFF -> control.rescheduleAfter(backOff(job, failure));
    };
  }

  private static Optional<StatusConflict> statusConflict(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof StatusConflict conflict) {
        return Optional.of(conflict);
      }
    }
    return Optional.empty();
  }

  private Duration backOff(NorthflankJob job, SyncException failure) {
    SyncSchedule.Backoff backoff = schedule.afterTransientFailure(job);
    log.warn(
        "Retrying in {} (attempt {}): {}: {}",
        DurationParser.format(backoff.delay()),
        backoff.attempt(),
        failure.reason().conditionReason(),
        failure.getMessage());
    return backoff.delay();
  }

  @Override
  public List<EventSource<?, NorthflankJob>> prepareEventSources(
      EventSourceContext<NorthflankJob> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            SECRET_INDEX,
            job ->
                CredentialResolver.secretRef(job)
                    .map(
                        ref ->
                            List.of(SyncSchedule.key(job.getMetadata().getNamespace(), ref.name())))
                    .orElse(List.of()));
    InformerEventSourceConfiguration<Secret> secrets =
        InformerEventSourceConfiguration.from(Secret.class, NorthflankJob.class)
            .withName("credentials")
            .withNamespacesInheritedFromController()
            // only token Secrets, not every Secret of the watched namespaces, reach the cache
            .withLabelSelector(CredentialResolver.CREDENTIALS_SELECTOR)
            .withPrimaryToSecondaryMapper(
                (NorthflankJob job) ->
                    CredentialResolver.secretRef(job)
                        .map(
                            ref ->
                                Set.of(
                                    new ResourceID(ref.name(), job.getMetadata().getNamespace())))
                        .orElse(Set.of()))
            .withSecondaryToPrimaryMapper(
                secret ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            SECRET_INDEX,
                            SyncSchedule.key(
                                secret.getMetadata().getNamespace(),
                                secret.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return List.of(new InformerEventSource<>(secrets, context), sweepFindings);
  }

  /** Forgets what the sweeps and the start spread knew of a deleted resource. */
  void forget(String key) {
    watched.forget(key);
    spread.forget(key);
  }

  private static ProjectRef project(JobRef ref) {
    return new ProjectRef(ref.teamId(), ref.projectId());
  }

  private static JobRef ref(NorthflankJob job) {
    var spec = job.getSpec();
    return new JobRef(spec.teamId(), spec.projectId(), spec.jobId());
  }

  private JobSnapshot read(JobRef ref, ApiToken token) {
    try {
      return api.getJob(ref, token);
    } catch (NorthflankApiException e) {
      throw SyncException.from(e);
    }
  }

  /**
   * A failed runs read fails nothing else: the job was read, Synced stays True, the last run on
   * record stays, and the LastRunSucceeded condition says the read failed. No retry either: the
   * runs are read again at the next interval, so a runs route that keeps failing cannot loop.
   */
  private RunObservation readRuns(JobRef ref, ApiToken token) {
    try {
      return new RunObservation.Read(
          RunSelection.of(api.listRuns(ref, RUNS_PER_PAGE, token).runs()));
    } catch (NorthflankApiException e) {
      if (Thread.currentThread().isInterrupted()) {
        // the operator is stopping: end as a Get Job cut short does, not with a status to write
        throw SyncException.from(e);
      }
      log.warn("Reading the runs failed, the last run on record stays: {}", e.getMessage());
      return new RunObservation.Failed(e.getMessage());
    }
  }

  private void record(
      NorthflankJob job, NorthflankJobStatus status, Context<NorthflankJob> context) {
    List<JobEvent> transitions = TransitionEvents.between(job.getStatus(), status);
    writer.write(job, status, context);
    observer.statusComputed(job, status);
    for (JobEvent event : transitions) {
      log.info("{}: {}", event.reason(), event.message());
    }
    events.publish(context.getClient(), job, transitions);
  }
}
