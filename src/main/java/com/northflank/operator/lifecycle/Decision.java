package com.northflank.operator.lifecycle;

import com.northflank.operator.failure.FailureReason;

/** What a resource does about its job this reconcile, by policy and situation. */
public sealed interface Decision {

  /** POST the job: it is absent and the resource asks for it to exist. */
  record Create() implements Decision {}

  /** Tag the unowned job as this resource's (IfAbsent): it is owned from then on. */
  record Adopt() implements Decision {}

  /** The job is this resource's already: bound as Created or Adopted. */
  record Bind(String ownership) implements Decision {}

  /** Read it, as before lifecycles existed (Observed). */
  record Observe() implements Decision {}

  /** The job is absent and is not created: Get Job's 404 stands (JobNotFound). */
  record NotFound(String why) implements Decision {}

  /**
   * No write at all to the job: a failure of the sync with this reason, the drift of the job (when
   * it exists) still reported.
   */
  record Refuse(FailureReason reason, String message) implements Decision {}
}
