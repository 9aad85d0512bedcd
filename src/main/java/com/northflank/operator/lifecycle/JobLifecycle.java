package com.northflank.operator.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.budget.Admission;
import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.client.JobSnapshot;
import com.northflank.operator.client.NorthflankApi;
import com.northflank.operator.client.NorthflankApiException;
import com.northflank.operator.client.ProjectRef;
import com.northflank.operator.correction.CorrectionScope;
import com.northflank.operator.correction.WriteGate;
import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.failure.SyncException;
import com.northflank.operator.model.Lifecycle;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.model.OwnershipTag;
import com.northflank.operator.observability.SyncObserver;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The lifecycle step of a reconcile, between the read and the comparison: decides by policy and
 * situation ({@link LifecyclePolicy}) and carries out a create or an adoption. A creationPolicy
 * other than Never is itself the opt-in to these writes, whatever driftPolicy says; they still need
 * an operator that is not --read-only, a token the resource may write with, a slot of the request
 * budget's priority lane, and a resource that has not changed meanwhile ({@link WriteGate}).
 */
public final class JobLifecycle {

  /** How long a create or an adoption may wait for a budget slot before coming back later. */
  static final Duration MAX_BUDGET_WAIT = Duration.ofSeconds(2);

  private final NorthflankApi api;
  private final RequestBudget budget;
  private final ResourceMarks marks;
  private final boolean readOnly;
  private final Clock clock;
  private final SyncObserver observer;

  public JobLifecycle(
      NorthflankApi api,
      RequestBudget budget,
      ResourceMarks marks,
      boolean readOnly,
      Clock clock,
      SyncObserver observer) {
    this.api = api;
    this.budget = budget;
    this.marks = marks;
    this.readOnly = readOnly;
    this.clock = clock;
    this.observer = observer;
  }

  /**
   * @param scope the reconcile: resource, job reference, token
   * @param client writes the create-pending annotation and finalizer, reads the runtime Secret
   * @param read the job, or empty when Get Job answered 404
   * @param claimant an older resource writing to the same job ({@link Claims})
   */
  public Settled settle(
      CorrectionScope scope,
      KubernetesClient client,
      Optional<JobSnapshot> read,
      Optional<String> claimant) {
    NorthflankJob job = scope.job();
    Decision decision =
        LifecyclePolicy.decide(
            job,
            Situation.of(read, job.getMetadata().getUid()),
            claimant,
            Lifecycle.createPending(job));
    if (decision instanceof Decision.Observe) {
      return new Settled.Bound(
          read.orElseThrow(), NorthflankJobStatus.OBSERVED, List.of(), job);
    }
    if (decision instanceof Decision.Bind bind) {
      return bound(job, read.orElseThrow(), bind.ownership());
    }
    if (decision instanceof Decision.NotFound notFound) {
      return new Settled.Refused(
          Optional.empty(),
          new SyncException(
              FailureReason.JOB_NOT_FOUND,
              "Job " + describe(job) + " not found in Northflank; " + notFound.why()));
    }
    if (decision instanceof Decision.Refuse refuse) {
      return new Settled.Refused(read, new SyncException(refuse.reason(), refuse.message()));
    }
    if (decision instanceof Decision.Create) {
      return create(scope, client);
    }
    return adopt(scope, read.orElseThrow());
  }

  /** A job that carries this resource's tag; a create in flight found after a restart is told of. */
  private static Settled bound(NorthflankJob job, JobSnapshot read, String ownership) {
    boolean foundAfterCrash =
        Lifecycle.createPending(job)
            && NorthflankJobStatus.CREATED.equals(ownership)
            && (job.getStatus() == null || !job.getStatus().ownsJob());
    return new Settled.Bound(
        read,
        ownership,
        foundAfterCrash
            ? List.of(
                LifecycleEvents.normal(
                    LifecycleEvents.JOB_CREATED,
                    "Found job "
                        + read.job().id()
                        + ", created by this resource before a restart, and bound it as Created"
                        + " (no second create)"))
            : List.of(),
        job);
  }

  private Settled create(CorrectionScope scope, KubernetesClient client) {
    NorthflankJob job = scope.job();
    NorthflankJobSpec spec = job.getSpec();
    if (readOnly) {
      return notCreated(job, "the operator runs with --read-only");
    }
    Optional<String> refusal = scope.credentials().writeRefusal();
    if (refusal.isPresent()) {
      return notCreated(job, refusal.get());
    }
    Map<String, String> variables = RuntimeEnvironment.read(client, job);
    ObjectNode body = CreateRequest.of(spec, job.getMetadata().getUid(), variables);
    Optional<Settled> notYet = writeTurn(job, scope);
    if (notYet.isPresent()) {
      return notYet.get();
    }
    // recorded before the POST: a crash after it leaves a mark that makes the next reconcile bind
    // the job it finds instead of creating a second one
    NorthflankJob marked = marks.beginCreate(client, job, spec.deletesOwnedJob(), clock.instant());
    ProjectRef project = new ProjectRef(scope.ref().teamId(), scope.ref().projectId());
    try {
      JobSnapshot created = api.createJob(project, body, scope.token());
      observer.lifecycleOperation(job, "create", "success");
      String id = created.job().id();
      return new Settled.Bound(
          created,
          NorthflankJobStatus.CREATED,
          List.of(
              LifecycleEvents.normal(
                  LifecycleEvents.JOB_CREATED,
                  "Created job "
                      + id
                      + " in project "
                      + spec.projectId()
                      + (id != null && !id.equals(spec.jobId())
                          ? " (Northflank gave it the ID " + id + ", not " + spec.jobId() + ")"
                          : ""))),
          marked);
    } catch (NorthflankApiException e) {
      observer.lifecycleOperation(job, "create", result(e));
      if (e.kind() == NorthflankApiException.Kind.CONFLICT) {
        // it exists after all (created meanwhile, or by an answer that never arrived): read it and
        // decide again, as a present job
        return afterConflict(scope);
      }
      throw SyncException.fromCreate(e);
    }
  }

  private Settled afterConflict(CorrectionScope scope) {
    JobSnapshot now;
    try {
      now = api.getJob(scope.ref(), scope.token());
    } catch (NorthflankApiException e) {
      throw SyncException.from(e);
    }
    NorthflankJob job = scope.job();
    Decision decision =
        LifecyclePolicy.decide(
            job,
            Situation.of(Optional.of(now), job.getMetadata().getUid()),
            Optional.empty(),
            true);
    if (decision instanceof Decision.Bind bind) {
      return bound(job, now, bind.ownership());
    }
    if (decision instanceof Decision.Adopt) {
      return adopt(scope, now);
    }
    if (decision instanceof Decision.Refuse refuse) {
      return new Settled.Refused(
          Optional.of(now), new SyncException(refuse.reason(), refuse.message()));
    }
    return new Settled.Bound(now, NorthflankJobStatus.OBSERVED, List.of(), job);
  }

  /**
   * Waits for the write's slot of the budget, then checks the resource once more as it now stands
   * (paused, policy changed, deleted meanwhile): empty when the write may go out.
   */
  private Optional<Settled> writeTurn(NorthflankJob job, CorrectionScope scope) {
    Admission admission = budget.admitWrite(scope.key(), scope.token(), MAX_BUDGET_WAIT);
    if (admission instanceof Admission.Later later) {
      return Optional.of(new Settled.Later(later.delay()));
    }
    return WriteGate.check(job, scope.current(), latest -> latest.getSpec().creates())
        .map(Settled.Withheld::new);
  }

  private static Settled notCreated(NorthflankJob job, String why) {
    return new Settled.Refused(
        Optional.empty(),
        new SyncException(
            FailureReason.JOB_NOT_FOUND,
            "Job " + describe(job) + " does not exist and is not created: " + why));
  }

  /**
   * Tags the unowned job as this resource's: one PATCH of its tags, keeping the ones it has. A
   * read-only operator, or a token the resource may not write with, leaves it Observed.
   */
  private Settled adopt(CorrectionScope scope, JobSnapshot read) {
    NorthflankJob job = scope.job();
    if (readOnly || !scope.credentials().mayWrite()) {
      return new Settled.Bound(read, NorthflankJobStatus.OBSERVED, List.of(), job);
    }
    Optional<Settled> notYet = writeTurn(job, scope);
    if (notYet.isPresent()) {
      return notYet.get();
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode tags = body.putArray("tags");
    JsonNode live = read.document().path("tags");
    if (live.isArray()) {
      live.forEach(
          t -> {
            if (!OwnershipTag.isOwnershipTag(t)) {
              tags.add(t.deepCopy());
            }
          });
    }
    tags.add(OwnershipTag.of(job.getMetadata().getUid()));
    try {
      JobSnapshot adopted = api.patchJob(scope.ref(), body, read, scope.token());
      observer.lifecycleOperation(job, "adopt", "success");
      return new Settled.Bound(
          adopted,
          NorthflankJobStatus.ADOPTED,
          List.of(
              LifecycleEvents.normal(
                  LifecycleEvents.JOB_ADOPTED,
                  "Adopted the existing job "
                      + describe(job)
                      + " (creationPolicy: IfAbsent): tagged "
                      + OwnershipTag.of(job.getMetadata().getUid())
                      + "; spec.creation is not applied to it")),
          job);
    } catch (NorthflankApiException e) {
      observer.lifecycleOperation(job, "adopt", result(e));
      throw SyncException.fromWrite(e);
    }
  }

  /**
   * After the status is recorded: the create-pending mark goes once the job is bound, and the
   * finalizer is there exactly while deletionPolicy Delete applies to an owned job.
   */
  public void afterRecorded(
      KubernetesClient client, NorthflankJob job, Optional<String> ownership) {
    boolean owned =
        ownership
            .map(o -> NorthflankJobStatus.CREATED.equals(o) || NorthflankJobStatus.ADOPTED.equals(o))
            .orElse(false);
    // no job bound yet (the read failed, or the create did): it may still be in flight, the mark
    // stays and so does the finalizer that was written with it
    boolean pending = Lifecycle.createPending(job) && ownership.isEmpty();
    boolean hold = job.getSpec().deletesOwnedJob() && (owned || pending);
    marks.settle(client, job, !pending, hold);
  }

  static String result(NorthflankApiException e) {
    return e.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String describe(NorthflankJob job) {
    return job.getSpec().projectId() + "/" + job.getSpec().jobId();
  }
}
