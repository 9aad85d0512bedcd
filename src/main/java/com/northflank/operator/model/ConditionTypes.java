package com.northflank.operator.model;

/** The condition types a NorthflankJob carries, in the order they appear in the status. */
public final class ConditionTypes {

  public static final String READY = "Ready";
  public static final String SYNCED = "Synced";
  public static final String DRIFTED = "Drifted";
  public static final String STALLED = "Stalled";

  /** The job's latest concluded run succeeded; only while its runs are observed. */
  public static final String LAST_RUN_SUCCEEDED = "LastRunSucceeded";

  private ConditionTypes() {}
}
