package com.northflank.operator.lifecycle;

import com.northflank.operator.client.JobSnapshot;
import com.northflank.operator.correction.WriteGate;
import com.northflank.operator.events.TransitionEvents.JobEvent;
import com.northflank.operator.failure.SyncException;
import com.northflank.operator.model.NorthflankJob;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How the lifecycle step left a reconcile. */
public sealed interface Settled {

  /**
   * The resource is bound to this job: compare, correct (when asked) and record it.
   *
   * @param job the observation: the read, or the create or adopt answer
   * @param ownership Created, Adopted or Observed
   * @param events to announce once the status is recorded
   * @param resource the resource as last written: with the create-pending mark and finalizer when
   *     a create went out in this reconcile, else as it was read
   */
  record Bound(JobSnapshot job, String ownership, List<JobEvent> events, NorthflankJob resource)
      implements Settled {
    public Bound {
      events = List.copyOf(events);
    }
  }

  /**
   * The resource makes no write to the job: the sync fails with this reason, the job's drift (when
   * it exists) still reported.
   */
  record Refused(Optional<JobSnapshot> job, SyncException failure) implements Settled {}

  /** Nothing went out: the request budget has no slot yet; back after the delay. */
  record Later(Duration delay) implements Settled {}

  /** Nothing went out: the resource changed while the write waited. */
  record Withheld(WriteGate.Hold hold) implements Settled {}
}
