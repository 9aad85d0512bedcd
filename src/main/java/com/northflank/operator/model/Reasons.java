package com.northflank.operator.model;

/**
 * Every condition reason the operator writes. GitOps tools, alerts and dashboards match on these
 * strings, so they are part of the API: add new ones, never rename.
 */
public final class Reasons {

  /** Synced=True: the last read succeeded. */
  public static final String FETCHED = "Fetched";

  /** Drifted=False and Ready=True. */
  public static final String IN_SYNC = "InSync";

  /** Drifted=True, and Ready=False because of it. */
  public static final String DRIFT_DETECTED = "DriftDetected";

  /** Drifted=Unknown before the first successful read. */
  public static final String AWAITING_FIRST_SYNC = "AwaitingFirstSync";

  /** Stalled=False. */
  public static final String RECOVERABLE = "Recoverable";

  public static final String CREDENTIALS_MISSING = "CredentialsMissing";
  public static final String UNAUTHORIZED = "Unauthorized";
  public static final String FORBIDDEN = "Forbidden";
  public static final String JOB_NOT_FOUND = "JobNotFound";
  public static final String RATE_LIMITED = "RateLimited";
  public static final String API_UNAVAILABLE = "ApiUnavailable";
  public static final String INVALID_RESPONSE = "InvalidResponse";
  public static final String INVALID_SPEC = "InvalidSpec";

  /** Synced=False and Stalled=True: Northflank refused the correcting PATCH for this spec. */
  public static final String CORRECTION_REJECTED = "CorrectionRejected";

  /** Synced=False: the correcting PATCH met a conflict (409) and is retried. */
  public static final String CORRECTION_CONFLICT = "CorrectionConflict";

  /** Synced, Ready and Stalled False: the resource carries northflank.com/paused: "true". */
  public static final String PAUSED = "Paused";

  /**
   * Not a condition's: the reason of the Warning Event for a {@link Pause#ANNOTATION} value other
   * than "true" or "false", which does not pause the resource.
   */
  public static final String INVALID_ANNOTATION = "InvalidAnnotation";

  /** LastRunSucceeded=True: the latest concluded run succeeded. */
  public static final String RUN_SUCCEEDED = "RunSucceeded";

  /** LastRunSucceeded=False: the latest concluded run failed. */
  public static final String RUN_FAILED = "RunFailed";

  /** LastRunSucceeded=Unknown: Northflank lists no run of the job. */
  public static final String NO_RUNS = "NoRuns";

  /** LastRunSucceeded=Unknown: the job's first runs are still in progress. */
  public static final String RUN_IN_PROGRESS = "RunInProgress";

  /** LastRunSucceeded=Unknown: the runs have never been read successfully. */
  public static final String RUNS_UNREADABLE = "RunsUnreadable";

  /**
   * Synced=False and Stalled=True: creationPolicy MustCreate, and a job with spec.jobId exists that
   * this resource did not create; nothing is written to it.
   */
  public static final String ALREADY_EXISTS = "AlreadyExists";

  /**
   * Synced=False: the job carries another resource's ownership tag; this one never
   * writes or deletes it (drift is still reported).
   */
  public static final String OWNED_ELSEWHERE = "OwnedElsewhere";

  /**
   * Synced=False: an older NorthflankJob of the cluster writes to the same job;
   * this one makes no write (drift is still reported).
   */
  public static final String JOB_CLAIMED = "JobClaimed";

  /**
   * Synced=False, and a Warning Event: Northflank refused to delete the owned job
   * (401/403); the finalizer stays until it can, or until deletionPolicy is Orphan.
   */
  public static final String DELETE_BLOCKED = "DeleteBlocked";

  private Reasons() {}
}
