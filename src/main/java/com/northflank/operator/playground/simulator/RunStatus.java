package com.northflank.operator.playground.simulator;

/** The status of a job run, as GET jobs/{jobId}/runs spells it. */
public enum RunStatus {
  RUNNING,
  SUCCESS,
  FAILED;

  boolean concluded() {
    return this != RUNNING;
  }
}
