package com.northflank.operator.lifecycle;

import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.NorthflankJobStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy × situation table of docs/lifecycle.md, as a pure function: what a resource does about
 * its job, given its creationPolicy, what the read found, whether an older resource claims the job,
 * and what is on record (status.ownership, the create-pending annotation). No I/O.
 */
public final class LifecyclePolicy {

  private LifecyclePolicy() {}

  /**
   * @param job the resource as this reconcile read it
   * @param situation what Get Job found
   * @param claimant an older resource of the cluster that writes to the same job, if any
   * @param createPending the create-pending annotation is on the resource
   */
  public static Decision decide(
      NorthflankJob job, Situation situation, Optional<String> claimant, boolean createPending) {
    NorthflankJobSpec spec = job.getSpec();
    NorthflankJobStatus status = job.getStatus();
    String ref = spec.projectId() + "/" + spec.jobId();
    if (claimant.isPresent() && spec.writes() && situation != Situation.OURS) {
      return new Decision.Refuse(
          FailureReason.JOB_CLAIMED,
          "Job "
              + ref
              + " is claimed by the older NorthflankJob "
              + claimant.get()
              + "; this resource makes no write to it (one job, one owner)");
    }
    return switch (situation) {
      case ABSENT -> absent(spec, status, ref);
      case OURS ->
          new Decision.Bind(
              status != null && status.ownsJob()
                  ? status.ownership()
                  : createPending ? NorthflankJobStatus.CREATED : NorthflankJobStatus.ADOPTED);
      case UNOWNED ->
          switch (spec.creationPolicyOrDefault()) {
            case NorthflankJobSpec.IF_ABSENT -> new Decision.Adopt();
            case NorthflankJobSpec.MUST_CREATE ->
                new Decision.Refuse(
                    FailureReason.ALREADY_EXISTS,
                    "Job "
                        + ref
                        + " already exists and this resource did not create it"
                        + " (creationPolicy: MustCreate); nothing is written to it. Use IfAbsent to"
                        + " adopt it, or Never to only read it");
            default -> new Decision.Observe();
          };
      case OWNED_ELSEWHERE ->
          spec.writes()
              ? new Decision.Refuse(
                  FailureReason.OWNED_ELSEWHERE,
                  "Job "
                      + ref
                      + " carries the ownership tag of another NorthflankJob (another resource or"
                      + " cluster); this resource never writes or deletes it")
              : new Decision.Observe();
    };
  }

  private static Decision absent(NorthflankJobSpec spec, NorthflankJobStatus status, String ref) {
    if (!spec.creates()) {
      return new Decision.NotFound("creationPolicy is Never");
    }
    if (status != null
        && NorthflankJobStatus.CREATED.equals(status.ownership())
        && status.jobId() != null
        && !Objects.equals(status.jobId(), spec.jobId())) {
      // the create answered with another ID than the spec's: that job is this resource's, and a
      // second create would make another
      return new Decision.NotFound(
          "this resource created job "
              + status.jobId()
              + " (the ID Northflank gave it), not "
              + spec.jobId()
              + "; it creates no second job");
    }
    return new Decision.Create();
  }
}
