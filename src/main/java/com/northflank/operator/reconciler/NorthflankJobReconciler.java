package com.northflank.operator.reconciler;

import com.northflank.operator.budget.Admission;
import com.northflank.operator.client.JobSnapshot;
import com.northflank.operator.client.NorthflankApiException;
import com.northflank.operator.config.DurationParser;
import com.northflank.operator.correction.Correction;
import com.northflank.operator.credentials.CredentialResolver;
import com.northflank.operator.drift.DriftReport;
import com.northflank.operator.events.TransitionEvents.JobEvent;
import com.northflank.operator.events.TransitionEvents;
import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.failure.SyncException;
import com.northflank.operator.freshness.ListedFields;
import com.northflank.operator.lifecycle.Claims;
import com.northflank.operator.lifecycle.CreationNotes;
import com.northflank.operator.lifecycle.JobDeletion;
import com.northflank.operator.lifecycle.Settled;
import com.northflank.operator.model.Lifecycle;
import com.northflank.operator.model.Condition;
import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.model.Pause;
import com.northflank.operator.model.Reasons;
import com.northflank.operator.observability.SyncObserver;
import com.northflank.operator.runs.RunObservation;
import com.northflank.operator.runs.RunSelection;
import com.northflank.operator.scheduling.SyncSchedule;
import com.northflank.operator.status.StatusConflict;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
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
 * Mirrors one Northflank job onto its NorthflankJob, a fixed pipeline: read the live job and its
 * latest runs, compare the job with spec.job, correct what drifted when the resource asks for it,
 * build the status and write it if it changed. Every failure takes the same road through {@link
 * #updateErrorStatus}, where its {@link FailureReason} decides between JOSDK's backoff retry and
 * waiting for the next interval. A paused resource makes no API call at all.
 *
 * <p>The lifecycle step sits between the read and the comparison: a job the resource asks to exist
 * is created (or adopted) there, and the observation is then the create's answer.
 *
 * <p>It receives its services and the per-resource memory from {@link NorthflankOperator}, creates
 * none and starts no thread. JOSDK hands it every event, deletions included
 * (triggerReconcilerOnAllEvents), so that a deleted resource is forgotten here, once. JOSDK adds no
 * finalizer in this mode, and the reconciler is no Cleaner on purpose: a Cleaner would have JOSDK
 * put its finalizer on every resource, while the operator's own ({@link Lifecycle#FINALIZER}) must
 * exist only while deletionPolicy Delete applies to a job the resource owns, so that a namespace of
 * Orphan resources is never held. {@link com.northflank.operator.lifecycle.ResourceMarks} adds and
 * removes it, and a resource being deleted that carries it is handed to the deletion step.
 */
@ControllerConfiguration(name = NorthflankJobReconciler.NAME, triggerReconcilerOnAllEvents = true)
public final class NorthflankJobReconciler implements Reconciler<NorthflankJob> {

  public static final String NAME = "northflankjob";
  private static final String SECRET_INDEX = "credentials-secret";
  private static final Logger log = LoggerFactory.getLogger(NorthflankJobReconciler.class);

  /**
   * Runs read per sync. The API does not document their order, so one run would be the newest only
   * if it listed newest first; a small page costs the same single request and is searched for the
   * latest start instead.
   */
  static final int RUNS_PER_PAGE = 10;

  /** How soon runs a webhook asked for are read alone when they could not go with the job. */
  private static final Duration RUNS_ALONE_SOON = Duration.ofMillis(100);

  /** How much of an invalid annotation value a Warning Event quotes. */
  private static final int MAX_VALUE_SHOWN = 63;

  private final SyncServices services;
  private final ResourceMemory memory;
  private final SyncObserver observer;

  NorthflankJobReconciler(SyncServices services, ResourceMemory memory, SyncObserver observer) {
    this.services = services;
    this.memory = memory;
    this.observer = observer;
  }

  /** What a read found: the job (null: absent, and the resource asks for it to be created), and
   * what became of its runs. */
  private record Reading(JobSnapshot job, RunObservation runs) {}

  @Override
  public UpdateControl<NorthflankJob> reconcile(NorthflankJob job, Context<NorthflankJob> context) {
    if (context.isPrimaryResourceDeleted()) {
      // deleted, seen by its watch or, after a gap in it, by the next list (final state unknown)
      memory.forget(ResourceID.fromResource(job));
      return UpdateControl.noUpdate();
    }
    if (job.isMarkedForDeletion()) {
      // on its way out: held by the operator's finalizer, its owned job is deleted first; held by
      // someone else's, nothing is left to read or to show
      return Lifecycle.hasFinalizer(job) ? deleting(job, context) : UpdateControl.noUpdate();
    }
    warnOfAnInvalidPause(job, context);
    if (Pause.isPaused(job)) {
      return pause(job, context);
    }
    reportUnreadable(job, context);
    JobContext sync =
        services
            .contexts()
            .open(job, context, memory.unrecorded().pending(SyncSchedule.key(job), job.getStatus()));
    Optional<Duration> runsAlone = runsAlone(sync);
    if (runsAlone.isPresent()) {
      return readRunsAlone(sync, runsAlone.get());
    }
    Optional<Duration> idle = nothingDue(sync);
    if (idle.isPresent()) {
      // a trigger that asks for nothing (the second of two run events one runs read served, a
      // re-list): the full read stays where it was scheduled, and costs no request now
      return UpdateControl.<NorthflankJob>noUpdate().rescheduleAfter(idle.get());
    }
    Admission admission = admit(sync);
    if (admission instanceof Admission.Later later) {
      return UpdateControl.<NorthflankJob>noUpdate().rescheduleAfter(later.delay());
    }
    Reading read = read(sync, (Admission.Now) admission);
    Settled settled =
        services
            .lifecycle()
            .settle(
                sync,
                context.getClient(),
                Optional.ofNullable(read.job()),
                Claims.olderClaimant(job, context.getPrimaryCache().list()));
    if (settled instanceof Settled.Later later) {
      return UpdateControl.<NorthflankJob>noUpdate().rescheduleAfter(later.delay());
    }
    if (settled instanceof Settled.Withheld withheld) {
      // the change that held it (a deletion, a pause, a new spec) brings a reconcile of its own
      log.debug("Not created: {}", withheld.hold().message());
      return UpdateControl.noUpdate();
    }
    if (settled instanceof Settled.Refused refused) {
      throw refusal(sync, read, refused);
    }
    Settled.Bound bound = (Settled.Bound) settled;
    Reading observed = new Reading(bound.job(), read.runs());
    DriftReport drift = services.comparator().compare(sync.desired(), bound.job().document());
    Correction correction = services.corrector().correct(sync, bound.job(), drift);
    if (correction instanceof Correction.Withheld withheld && withheld.hold().resourceGoing()) {
      // deleted meanwhile: its deletion is an event of its own, and there is no status to write
      log.debug("Not corrected: {}", withheld.hold().message());
      return UpdateControl.noUpdate();
    }
    return status(sync, observed, drift, correction, bound);
  }

  /**
   * The resource makes no write to its job (claimed, owned elsewhere, already existing, or absent
   * and not created): the sync fails with the reason, and the drift of a job that exists is still
   * reported.
   */
  private SyncException refusal(JobContext sync, Reading read, Settled.Refused refused) {
    if (refused.job().isEmpty()) {
      return refused.failure();
    }
    JobSnapshot live = refused.job().get();
    DriftReport drift = services.comparator().compare(sync.desired(), live.document());
    NorthflankJobStatus observed =
        services
            .statuses()
            .synced(sync.job(), live.job(), drift, new Correction.Skipped(Correction.Skip.REPORT), read.runs());
    return refused.failure().withObservation(observed);
  }

  /**
   * A resource being deleted that the operator's finalizer holds: its job is deleted when it owns
   * it and deletionPolicy is Delete, else it is let go at once, without an API call.
   */
  private UpdateControl<NorthflankJob> deleting(
      NorthflankJob job, Context<NorthflankJob> context) {
    Optional<String> kept = services.deletion().keptWithoutCall(job);
    if (kept.isPresent()) {
      return announce(job, context, services.deletion().letGo(context.getClient(), job, kept.get()));
    }
    JobContext sync;
    try {
      sync = services.contexts().open(job, context, Optional.empty());
    } catch (SyncException e) {
      throw JobDeletion.blocked(job, "The job cannot be deleted: " + e.getMessage());
    }
    return announce(job, context, services.deletion().delete(sync, context.getClient()));
  }

  private UpdateControl<NorthflankJob> announce(
      NorthflankJob job, Context<NorthflankJob> context, JobDeletion.Outcome outcome) {
    if (outcome instanceof JobDeletion.Outcome.ReadAgain again) {
      return UpdateControl.<NorthflankJob>noUpdate().rescheduleAfter(again.delay());
    }
    JobEvent event = ((JobDeletion.Outcome.Released) outcome).event();
    log.info("{}: {}", event.reason(), event.message());
    services.events().publish(context.getClient(), job, List.of(event));
    return UpdateControl.noUpdate();
  }

  /**
   * A resource the model could not read (stored under an older CRD) is told of once per version
   * of it: a warning naming it and a Warning Event, which need no status write (an API server
   * without CRD validation ratcheting refuses to write the status of an object its schema no
   * longer admits). Its spec then fails the sync as InvalidSpec, on its own.
   */
  private void reportUnreadable(NorthflankJob job, Context<NorthflankJob> context) {
    Optional<String> problem = JobContexts.unreadable(job);
    if (problem.isEmpty()
        || !memory.firstReportOfUnreadable(
            SyncSchedule.key(job), job.getMetadata().getResourceVersion())) {
      return;
    }
    log.warn(
        "NorthflankJob {}/{} cannot be read: {}",
        job.getMetadata().getNamespace(),
        job.getMetadata().getName(),
        problem.get());
    services
        .events()
        .publish(
            context.getClient(),
            job,
            List.of(new JobEvent(JobEvent.WARNING, TransitionEvents.UNREADABLE, problem.get())));
  }

  /**
   * No API call, no share of the budget; the status says so and keeps what was last observed. No
   * reschedule either: removing the annotation is an event of its own.
   */
  private UpdateControl<NorthflankJob> pause(NorthflankJob job, Context<NorthflankJob> context) {
    memory.paused(job);
    record(job, services.statuses().paused(job), context);
    return UpdateControl.noUpdate();
  }

  /**
   * A pause annotation that says neither "true" nor "false" pauses nothing: a Warning Event says so
   * when the value appears or changes, never on every poll, and the resource is read as usual.
   */
  private void warnOfAnInvalidPause(NorthflankJob job, Context<NorthflankJob> context) {
    Optional<String> invalid = Pause.invalidValue(job);
    if (!memory.invalidPauseIsNew(job, invalid)) {
      return;
    }
    String value = invalid.get().replaceAll("\\p{Cntrl}", " ");
    JobEvent warning =
        new JobEvent(
            JobEvent.WARNING,
            Reasons.INVALID_ANNOTATION,
            "The annotation "
                + Pause.ANNOTATION
                + " is \""
                + (value.length() > MAX_VALUE_SHOWN
                    ? value.substring(0, MAX_VALUE_SHOWN) + "…"
                    : value)
                + "\", neither \"true\" nor \"false\": the resource is not paused, and is read"
                + " as usual");
    log.warn("{}: {}", warning.reason(), warning.message());
    services.events().publish(context.getClient(), job, List.of(warning));
  }

  /**
   * When a webhook named the job and its last full read is good and current, only its runs are
   * read now, one request on the urgent lane; the job is read again when it was due anyway.
   * Returns how long until then, or empty when this reconcile reads the job in full.
   */
  private Optional<Duration> runsAlone(JobContext sync) {
    if (!sync.observesRuns() || !memory.runs().isNamed(sync.key()) || jobReadUrgent(sync)) {
      return Optional.empty();
    }
    return memory.fullReadIn(sync.key());
  }

  /**
   * How long until the scheduled full read, when this reconcile has no reason to read sooner: the
   * spec's last read succeeded, no run event or list sweep names the job, the token is the one that
   * read, and the full read is not due yet.
   */
  private Optional<Duration> nothingDue(JobContext sync) {
    return readUrgent(sync) ? Optional.empty() : memory.fullReadIn(sync.key(), sync.token());
  }

  /** The job itself should be read soon: its spec is not read yet, or a sweep found it changed. */
  private boolean jobReadUrgent(JobContext sync) {
    return isUrgent(sync.job()) || memory.watched().isUrgent(sync.key());
  }

  /** A read should not queue behind routine polls: the job's own urgency, or a run event. */
  private boolean readUrgent(JobContext sync) {
    return jobReadUrgent(sync) || memory.runs().isNamed(sync.key());
  }

  private UpdateControl<NorthflankJob> readRunsAlone(JobContext sync, Duration fullReadIn) {
    memory.budget().register(sync.key(), sync.token(), sync.interval(), requestsPerSync(sync));
    Admission admission =
        memory
            .budget()
            .admit(sync.key(), sync.token(), sync.interval(), true, requestsPerSync(sync), 1);
    if (admission instanceof Admission.Later later) {
      // the runs are read then, or with the full read if that comes first
      return UpdateControl.<NorthflankJob>noUpdate()
          .rescheduleAfter(shorter(later.delay(), fullReadIn));
    }
    RunObservation runs = readRuns(sync);
    recordRuns(sync, services.statuses().runsRead(sync.job(), runs), true);
    return UpdateControl.<NorthflankJob>noUpdate()
        .rescheduleAfter(memory.fullReadIn(sync.key()).orElse(Duration.ofMillis(1)));
  }

  /**
   * Records a status; when its runs were read and the write fails, they are read again at the
   * next reconcile, which with webhooks would otherwise wait for the next event or the backstop.
   */
  private void recordRuns(JobContext sync, NorthflankJobStatus status, boolean runsRead) {
    try {
      record(sync.job(), status, sync.josdk());
    } catch (RuntimeException e) {
      if (runsRead && memory.runs().byEvents()) {
        memory.runs().named(sync.key());
      }
      throw e;
    }
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** What a sync of the job sends as a rule, which sizes its share of the budget. */
  private int requestsPerSync(JobContext sync) {
    return memory.runs().requestsPerSync(sync.observesRuns());
  }

  /** What this sync sends: Get Job, and the runs when they are due. */
  private int requestsNow(JobContext sync) {
    return sync.observesRuns() && memory.runs().due(sync.key()) ? 2 : 1;
  }

  /**
   * Whether the job may be read now: not when its first read after a start is put off (the start
   * spread), nor when the request budget has no slot for it yet; either way it comes back later.
   */
  private Admission admit(JobContext sync) {
    NorthflankJob job = sync.job();
    boolean urgent = readUrgent(sync);
    memory.watched().readsWith(sync.key(), sync.token());
    memory.budget().register(sync.key(), sync.token(), sync.interval(), requestsPerSync(sync));
    if (job.getStatus() != null && job.getStatus().appId() != null) {
      // so that a webhook finds the job before this process has read it
      watchForRunEvents(sync, job.getStatus().appId());
    }
    Optional<Duration> putOff = memory.spread().putOff(job, urgent, sync.effectiveInterval());
    if (putOff.isPresent()) {
      memory
          .watched()
          .observeIfAbsent(
              sync.key(),
              sync.resource(),
              sync.token(),
              sync.project(),
              sync.ref().jobId(),
              ListedFields.implied(job.getStatus(), job.getSpec().job()));
      return Admission.after(putOff.get());
    }
    return memory
        .budget()
        .admit(
            sync.key(),
            sync.token(),
            sync.interval(),
            urgent,
            requestsPerSync(sync),
            requestsNow(sync));
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

  /**
   * The last read succeeded: Synced is True, or False only because a write was refused or withheld
   * (a correction Northflank refused, a job this resource may not write to).
   */
  private static boolean readSucceeded(NorthflankJobStatus status) {
    return Conditions.find(status.conditions(), ConditionTypes.SYNCED)
        .map(c -> Condition.TRUE.equals(c.status()) || READ_BUT_NOT_WRITTEN.contains(c.reason()))
        .orElse(false);
  }

  private static final Set<String> READ_BUT_NOT_WRITTEN =
      Set.of(
          Reasons.CORRECTION_REJECTED,
          Reasons.ALREADY_EXISTS,
          Reasons.OWNED_ELSEWHERE,
          Reasons.JOB_CLAIMED);

  /** Get Job, then its runs when they are observed and the budget let both requests go. */
  private Reading read(JobContext sync, Admission.Now admission) {
    // until this read completes, nothing is scheduled: a failure or an unwritten status anywhere
    // after this point has the next reconcile read in full again
    memory.fullReadNeeded(sync.key());
    memory.watched().readStarted(sync.key());
    JobSnapshot job;
    try {
      job = services.api().getJob(sync.ref(), sync.token());
    } catch (NorthflankApiException e) {
      if (e.kind() == NorthflankApiException.Kind.NOT_FOUND && sync.job().getSpec().creates()) {
        // absent, and the resource asks for it to exist: the lifecycle step decides
        return new Reading(null, new RunObservation.Skipped());
      }
      throw SyncException.from(e);
    }
    RunObservation runs =
        !sync.observesRuns()
            ? new RunObservation.Off()
            : admission.requests() < 2 ? new RunObservation.Skipped() : readRuns(sync);
    return new Reading(job, runs);
  }

  /**
   * A failed runs read fails nothing else: the job was read, Synced stays True, the last run on
   * record stays, and the LastRunSucceeded condition says the read failed. No retry either: the
   * runs are read again at the next interval, so a runs route that keeps failing cannot loop.
   */
  private RunObservation readRuns(JobContext sync) {
    memory.runs().readStarted(sync.key());
    try {
      return new RunObservation.Read(
          RunSelection.of(services.api().listRuns(sync.ref(), RUNS_PER_PAGE, sync.token()).runs()));
    } catch (NorthflankApiException e) {
      if (Thread.currentThread().isInterrupted()) {
        // the operator is stopping: end as a Get Job cut short does, not with a status to write
        throw SyncException.from(e);
      }
      log.warn("Reading the runs failed, the last run on record stays: {}", e.getMessage());
      return new RunObservation.Failed(e.getMessage());
    }
  }

  /**
   * The status of what was read and corrected: written when it changed, and the next read
   * scheduled. A correction that failed or is held is a failure of the sync, with this read's
   * observation.
   */
  private UpdateControl<NorthflankJob> status(
      JobContext sync,
      Reading read,
      DriftReport drift,
      Correction correction,
      Settled.Bound bound) {
    NorthflankJob job = sync.job();
    JobSnapshot observed = correction.live(read.job());
    memory
        .watched()
        .observe(
            sync.key(),
            sync.resource(),
            sync.token(),
            sync.project(),
            sync.ref().jobId(),
            ListedFields.of(observed.job()));
    watchForRunEvents(sync, observed.job().appId());
    NorthflankJobStatus status =
        services
            .statuses()
            .synced(
                job,
                observed.job(),
                correction.drift(drift),
                correction,
                read.runs(),
                bound.ownership(),
                observed.job().id(),
                CreationNotes.of(bound.resource(), bound.ownership(), observed.job().id())
                    .orElse(null));
    Optional<LastCorrection> answered = correction.record();
    if (answered.isPresent()) {
      // remembered until a status write records it: a failed write must not lose it
      memory.unrecorded().answered(sync.key(), answered.get());
    } else if (sync.unrecorded().isPresent()) {
      status = status.withLastCorrection(sync.unrecorded().get());
    }
    if (correction instanceof Correction.Applied applied) {
      // Northflank took it, whether or not its status is written now
      observer.corrected(job, applied.patch().fields());
    }
    if (correction instanceof Correction.Failed failed) {
      throw failed.failure().withObservation(status);
    }
    if (correction instanceof Correction.Held held) {
      throw new SyncException(FailureReason.CORRECTION_REJECTED, held.rejected().message())
          .withObservation(status);
    }
    recordRuns(
        sync,
        status,
        read.runs() instanceof RunObservation.Read || read.runs() instanceof RunObservation.Failed);
    settleMarks(sync, bound);
    Duration delay = nextDelay(job);
    Duration next = shorter(correction.readAgainWithin().orElse(delay), delay);
    memory.fullReadScheduled(sync.key(), next, sync.token());
    if (memory.runs().isNamed(sync.key())) {
      // a webhook named the job but its runs could not go along: read them alone, urgently
      next = shorter(next, RUNS_ALONE_SOON);
    }
    return UpdateControl.<NorthflankJob>noUpdate().rescheduleAfter(next);
  }

  /** A webhook naming the job (its id or appId) reconciles this resource at once. */
  private void watchForRunEvents(JobContext sync, String appId) {
    memory
        .runEventTargets()
        .watch(sync.key(), sync.resource(), sync.ref().projectId(), sync.ref().jobId(), appId);
  }

  /**
   * Once the binding is on record: the lifecycle's Events, the create-pending mark removed, the
   * finalizer there exactly while it must be. A mark that could not be written is written by the
   * next reconcile, which finds the same job bound.
   */
  private void settleMarks(JobContext sync, Settled.Bound bound) {
    KubernetesClient client = sync.josdk().getClient();
    for (JobEvent event : bound.events()) {
      log.info("{}: {}", event.reason(), event.message());
    }
    services.events().publish(client, sync.job(), bound.events());
    try {
      services.lifecycle().afterRecorded(client, bound.resource(), Optional.of(bound.ownership()));
    } catch (KubernetesClientException e) {
      log.warn(
          "Could not update the lifecycle marks of {}/{} (retried next sync): HTTP {}",
          sync.job().getMetadata().getNamespace(),
          sync.job().getMetadata().getName(),
          e.getCode());
    }
  }

  private Duration nextDelay(NorthflankJob job) {
    SyncSchedule.Next next = memory.schedule().next(job);
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
    if (context.isPrimaryResourceDeleted()) {
      // a deleted resource has no status to write and nothing to retry
      log.warn("Forgetting a deleted resource failed: {}", e.toString());
      return ErrorStatusUpdateControl.<NorthflankJob>noStatusUpdate().withNoRetry();
    }
    Optional<StatusConflict> conflict = statusConflict(e);
    if (conflict.isPresent()) {
      // the read went well, only its status could not be written: the next reconcile computes it
      // again, and nothing failed that a condition or a metric should show
      SyncSchedule.Backoff backoff = memory.schedule().afterTransientFailure(job);
      log.warn(
          "Retrying in {} (attempt {}): {}",
          DurationParser.format(backoff.delay()),
          backoff.attempt(),
          conflict.get().getMessage());
      return ErrorStatusUpdateControl.<NorthflankJob>noStatusUpdate()
          .rescheduleAfter(backoff.delay());
    }
    // whatever failed, the next reconcile reads the job in full
    memory.fullReadNeeded(SyncSchedule.key(job));
    Optional<SyncException> known = SyncException.find(e);
    if (known.isEmpty()) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    SyncException failure = known.get();
    switch (failure.reason()) {
      // a sweep that does not list the job again has nothing new to say
      case JOB_NOT_FOUND -> memory.watched().observeMissing(SyncSchedule.key(job));
      // no sweep with a token the resource no longer has, or the server refuses
      case CREDENTIALS_MISSING -> memory.credentialsLost(job);
      case UNAUTHORIZED -> memory.tokenRefused(job);
      default -> {}
    }
    observer.syncFailed(job, failure.reason().conditionReason());
    List<JobEvent> blocked = JobDeletion.blockedEvent(job, failure);
    if (!blocked.isEmpty()) {
      blocked.forEach(event -> log.warn("{}: {}", event.reason(), event.message()));
      services.events().publish(context.getClient(), job, blocked);
    }
    try {
      record(job, services.statuses().failed(job, failure), context);
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
          control.rescheduleAfter(
              failure
                  .retryAfter()
                  .map(memory.budget()::serverPause)
                  .orElseGet(() -> backOff(job, failure)));
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
    SyncSchedule.Backoff backoff = memory.schedule().afterTransientFailure(job);
    log.warn(
        "Retrying in {} (attempt {}): {}: {}",
        DurationParser.format(backoff.delay()),
        backoff.attempt(),
        failure.reason().conditionReason(),
        failure.getMessage());
    return backoff.delay();
  }

  /** Writes the status when it changed, tells the observer, announces the transitions. */
  private void record(
      NorthflankJob job, NorthflankJobStatus status, Context<NorthflankJob> context) {
    List<JobEvent> transitions = TransitionEvents.between(job.getStatus(), status);
    services.writer().write(job, status, context);
    observer.statusComputed(job, status);
    for (JobEvent event : transitions) {
      log.info("{}: {}", event.reason(), event.message());
    }
    services.events().publish(context.getClient(), job, transitions);
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
    return List.of(
        new InformerEventSource<>(secrets, context), services.sweepFindings(), services.runEvents());
  }
}
