package com.northflank.operator.lifecycle;

import com.northflank.operator.budget.Admission;
import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.client.JobSnapshot;
import com.northflank.operator.client.NorthflankApi;
import com.northflank.operator.client.NorthflankApiException;
import com.northflank.operator.correction.CorrectionScope;
import com.northflank.operator.events.TransitionEvents.JobEvent;
import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.failure.SyncException;
import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.model.Lifecycle;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.model.Pause;
import com.northflank.operator.model.Reasons;
import com.northflank.operator.observability.SyncObserver;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What becomes of the job when its resource is deleted while the operator's finalizer holds it. The
 * job is deleted only when deletionPolicy is Delete and this resource owns it (it carries the
 * resource's ownership tag); a paused resource or a --read-only operator never deletes, and lets
 * the resource go as Orphan with a DeleteSkipped Event, and so does a switch to Orphan or a pause
 * that arrives while the DELETE waits (checked again on the resource as the Kubernetes API holds it
 * just before it goes out). The DELETE goes once, then the job is read
 * until Northflank answers 404 (a 404 to the DELETE is success too); only then does the finalizer
 * go. A 401 or 403 keeps it, with DeleteBlocked and a message that says how to let go.
 */
public final class JobDeletion {

  /** How soon a job that is still there after its DELETE is read again. */
  static final Duration READ_AGAIN = Duration.ofSeconds(2);

  private final NorthflankApi api;
  private final RequestBudget budget;
  private final ResourceMarks marks;
  private final boolean readOnly;
  private final SyncObserver observer;

  /** Resources whose DELETE went out (by UID), so that it goes once while their job is read. */
  private final Set<String> deletesSent = ConcurrentHashMap.newKeySet();

  public JobDeletion(
      NorthflankApi api,
      RequestBudget budget,
      ResourceMarks marks,
      boolean readOnly,
      SyncObserver observer) {
    this.api = api;
    this.budget = budget;
    this.marks = marks;
    this.readOnly = readOnly;
    this.observer = observer;
  }

  /** How a deletion step ended. */
  public sealed interface Outcome {
    /** The finalizer is gone: the resource's deletion completes. */
    record Released(JobEvent event) implements Outcome {}

    /** The job is not gone yet, or the budget has no slot: back after the delay. */
    record ReadAgain(Duration delay) implements Outcome {}
  }

  /**
   * Why the job is kept without any API call, when it is: the policy is Orphan, the resource is
   * paused, the operator is read-only, or the resource does not own the job.
   */
  public Optional<String> keptWithoutCall(NorthflankJob job) {
    String ref = "Job " + JobLifecycle.describe(job);
    if (!job.getSpec().deletesOwnedJob()) {
      return Optional.of(ref + " stays in Northflank: deletionPolicy is Orphan");
    }
    if (Pause.isPaused(job)) {
      return Optional.of(
          ref
              + " stays in Northflank: the resource is paused ("
              + Pause.ANNOTATION
              + "), and a paused resource never deletes; it is let go as Orphan");
    }
    if (readOnly) {
      return Optional.of(
          ref
              + " stays in Northflank: the operator runs with --read-only and never deletes; the"
              + " resource is let go as Orphan");
    }
    NorthflankJobStatus status = job.getStatus();
    boolean owned = status != null && status.ownsJob();
    if (!owned && !Lifecycle.createPending(job)) {
      return Optional.of(
          ref
              + " stays in Northflank: this resource did not create or adopt it"
              + (status != null && status.ownership() != null
                  ? " (ownership: " + status.ownership() + ")"
                  : ""));
    }
    return Optional.empty();
  }

  /** Lets the resource go without deleting its job, with a DeleteSkipped Event saying why. */
  public Outcome letGo(KubernetesClient client, NorthflankJob job, String why) {
    marks.release(client, job);
    return skipped(job, why);
  }

  private Outcome skipped(NorthflankJob job, String why) {
    deletesSent.remove(job.getMetadata().getUid());
    observer.lifecycleOperation(job, "delete", "skipped");
    return new Outcome.Released(LifecycleEvents.warning(LifecycleEvents.DELETE_SKIPPED, why));
  }

  /**
   * Deletes the owned job, or goes on reading it until it is gone.
   *
   * @throws SyncException DeleteBlocked (401/403, or a token the resource may not write with), or
   *     what a read's failure is (5xx and timeouts back off)
   */
  public Outcome delete(CorrectionScope scope, KubernetesClient client) {
    NorthflankJob job = scope.job();
    String uid = job.getMetadata().getUid();
    Optional<String> refusal = scope.credentials().writeRefusal();
    if (refusal.isPresent()) {
      throw blocked(job, "the job cannot be deleted: " + refusal.get());
    }
    Optional<Outcome> later = admit(scope);
    if (later.isPresent()) {
      return later.get();
    }
    Optional<JobSnapshot> live = read(scope);
    if (live.isEmpty()) {
      return gone(client, job);
    }
    if (Situation.of(live, uid) != Situation.OURS) {
      return letGo(
          client,
          job,
          "Job "
              + JobLifecycle.describe(job)
              + " stays in Northflank: it does not carry this resource's ownership tag");
    }
    if (deletesSent.contains(uid)) {
      return new Outcome.ReadAgain(READ_AGAIN);
    }
    later = admit(scope);
    if (later.isPresent()) {
      return later.get();
    }
    // the read and the budget may have kept the DELETE waiting: a switch to Orphan or a pause that
    // came meanwhile wins, as the Kubernetes API has the resource now
    Optional<NorthflankJob> now = scope.current();
    if (now.isEmpty()) {
      // someone removed the finalizer by hand: there is nothing left to release
      return skipped(
          job,
          "Job "
              + JobLifecycle.describe(job)
              + " stays in Northflank: the resource was removed while the delete waited");
    }
    Optional<String> keptNow = keptWithoutCall(now.get());
    if (keptNow.isPresent()) {
      return letGo(client, now.get(), keptNow.get());
    }
    try {
      api.deleteJob(scope.ref(), scope.token());
      deletesSent.add(uid);
      observer.lifecycleOperation(job, "delete", "success");
    } catch (NorthflankApiException e) {
      observer.lifecycleOperation(job, "delete", JobLifecycle.result(e));
      throw failure(job, e);
    }
    later = admit(scope);
    if (later.isPresent()) {
      return later.get();
    }
    return read(scope).isEmpty() ? gone(client, job) : new Outcome.ReadAgain(READ_AGAIN);
  }

  private Outcome gone(KubernetesClient client, NorthflankJob job) {
    boolean sent = deletesSent.remove(job.getMetadata().getUid());
    marks.release(client, job);
    return new Outcome.Released(
        LifecycleEvents.normal(
            LifecycleEvents.JOB_DELETED,
            sent
                ? "Deleted job " + JobLifecycle.describe(job) + " (deletionPolicy: Delete)"
                : "Job " + JobLifecycle.describe(job) + " was already gone from Northflank"));
  }

  /** The priority lane of the budget: a deletion does not queue behind routine polls. */
  private Optional<Outcome> admit(CorrectionScope scope) {
    Admission admission = budget.admitWrite(scope.key(), scope.token(), JobLifecycle.MAX_BUDGET_WAIT);
    return admission instanceof Admission.Later later
        ? Optional.of(new Outcome.ReadAgain(later.delay()))
        : Optional.empty();
  }

  private Optional<JobSnapshot> read(CorrectionScope scope) {
    try {
      return Optional.of(api.getJob(scope.ref(), scope.token()));
    } catch (NorthflankApiException e) {
      if (e.kind() == NorthflankApiException.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw failure(scope.job(), e);
    }
  }

  private static SyncException failure(NorthflankJob job, NorthflankApiException e) {
    if (e.kind() == NorthflankApiException.Kind.UNAUTHORIZED
        || e.kind() == NorthflankApiException.Kind.FORBIDDEN) {
      return blocked(
          job,
          "Northflank refused to delete job "
              + JobLifecycle.describe(job)
              + " ("
              + e.getMessage()
              + "); deleting needs a valid token with the permission Project > Jobs > General >"
              + " Delete");
    }
    return SyncException.from(e);
  }

  /**
   * The finalizer stays: Synced=False, DeleteBlocked, with how to let the resource go and keep the
   * job.
   */
  public static SyncException blocked(NorthflankJob job, String why) {
    return new SyncException(
        FailureReason.DELETE_BLOCKED,
        why
            + ". The finalizer "
            + Lifecycle.FINALIZER
            + " holds the resource until the job is deleted; to let it go and keep the job: kubectl"
            + " patch nfjob "
            + job.getMetadata().getName()
            + " -n "
            + job.getMetadata().getNamespace()
            + " --type merge -p '{\"spec\":{\"deletionPolicy\":\"Orphan\"}}'");
  }

  /**
   * The DeleteBlocked Warning Event, sent when the status does not say DeleteBlocked already (on
   * the transition, not on every retry).
   */
  public static List<JobEvent> blockedEvent(NorthflankJob job, SyncException failure) {
    if (failure.reason() != FailureReason.DELETE_BLOCKED) {
      return List.of();
    }
    boolean already =
        job.getStatus() != null
            && Conditions.find(job.getStatus().conditions(), ConditionTypes.SYNCED)
                .map(c -> Reasons.DELETE_BLOCKED.equals(c.reason()))
                .orElse(false);
    return already
        ? List.of()
        : List.of(LifecycleEvents.warning(LifecycleEvents.DELETE_BLOCKED, failure.getMessage()));
  }
}
