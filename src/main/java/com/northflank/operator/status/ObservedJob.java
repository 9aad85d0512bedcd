package com.northflank.operator.status;

import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.NorthflankJobStatus;
import java.util.List;
import java.util.Objects;

/**
 * Which Northflank job a status was observed for, as its {@code appId} says: {@code
 * /<team>/<project>/<job>}. A spec that now names another job (its projectId, jobId or teamId
 * changed) makes the previous observation another job's: it is not kept, whatever the next read
 * brings. "A failed read never erases what was last observed" is about reads of the same job.
 *
 * <p>Only an {@code appId} of that shape is judged: without one (no successful read yet, or a shape
 * Northflank may change) the status is taken to be of the spec's job, and kept.
 */
final class ObservedJob {

  private ObservedJob() {}

  /** Whether the status describes another job than the spec names now. */
  static boolean isAnotherJob(NorthflankJobStatus status, NorthflankJobSpec spec) {
    if (status == null || status.appId() == null || spec == null) {
      return false;
    }
    String[] parts = status.appId().split("/", -1);
    if (parts.length != 4 || !parts[0].isEmpty() || List.of(parts).subList(1, 4).contains("")) {
      return false;
    }
    String team = parts[1];
    String project = parts[2];
    String job = parts[3];
    // without spec.teamId the token's own team is meant, which appId names but the spec does not
    return !project.equals(spec.projectId())
        || !job.equals(spec.jobId())
        || (spec.teamId() != null && !team.equals(spec.teamId()));
  }

  /** Whether a read found another job than the status was observed for. */
  static boolean isAnotherJob(NorthflankJobStatus status, String liveAppId) {
    return status != null
        && status.appId() != null
        && liveAppId != null
        && !Objects.equals(status.appId(), liveAppId);
  }

  /**
   * The status without what was observed of a job: the conditions about the resource stay (Ready,
   * Synced, Stalled), those about the job go (Drifted, LastRunSucceeded), with the live fields,
   * drift, last run and last correction.
   */
  static NorthflankJobStatus forgotten(NorthflankJobStatus status) {
    return new NorthflankJobStatus(
        status.observedGeneration(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        status.conditions() == null
            ? null
            : status.conditions().stream()
                .filter(
                    c ->
                        !c.type().equals(ConditionTypes.DRIFTED)
                            && !c.type().equals(ConditionTypes.LAST_RUN_SUCCEEDED))
                .toList());
  }
}
