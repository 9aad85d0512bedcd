package com.northflank.operator.lifecycle;

import com.northflank.operator.events.TransitionEvents.JobEvent;
import com.northflank.operator.model.Reasons;

/**
 * The Events of a job's lifecycle, each sent once, on the transition it names: JobCreated,
 * JobAdopted and JobDeleted (Normal); DeleteSkipped and DeleteBlocked (Warning).
 */
public final class LifecycleEvents {

  public static final String JOB_CREATED = "JobCreated";
  public static final String JOB_ADOPTED = "JobAdopted";
  public static final String JOB_DELETED = "JobDeleted";
  public static final String DELETE_SKIPPED = "DeleteSkipped";
  public static final String DELETE_BLOCKED = Reasons.DELETE_BLOCKED;

  private LifecycleEvents() {}

  static JobEvent normal(String reason, String message) {
    return new JobEvent(JobEvent.NORMAL, reason, message);
  }

  static JobEvent warning(String reason, String message) {
    return new JobEvent(JobEvent.WARNING, reason, message);
  }
}
