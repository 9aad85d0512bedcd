package com.northflank.operator.runs;

/**
 * What one reconcile learnt about the job's runs: the runs step of the pipeline (read job, read
 * runs, compare, correct, status).
 */
public sealed interface RunObservation {

  /** The resource or the operator does not observe runs: status.lastRun and its condition go. */
  record Off() implements RunObservation {}

  /**
   * Not read this time (an urgent sync whose runs read would have queued behind routine polls):
   * what is on record stays.
   */
  record Skipped() implements RunObservation {}

  /** A page of runs was read. */
  record Read(RunSelection.Result selection) implements RunObservation {}

  /** The runs could not be read; what is on record stays, and the condition says why. */
  record Failed(String message) implements RunObservation {}
}
