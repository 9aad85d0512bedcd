package com.northflank.operator.events;

import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.model.Reasons;
import com.northflank.operator.model.Pause;
import com.northflank.operator.runs.LastRunStatus;
import com.northflank.operator.model.Condition;
import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.LastRun;
import com.northflank.operator.model.NorthflankJobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which Kubernetes Events a status change deserves. Only transitions are announced (drift
 * found, resolved or corrected, sync failed or recovered, paused or resumed, a run failed, runs
 * succeeding again), never a poll that changed nothing. Decided from the status on record and the
 * new one alone, so an operator restart announces nothing twice.
 */
public final class TransitionEvents {

  public static final String DRIFT_DETECTED = "DriftDetected";
  public static final String DRIFT_RESOLVED = "DriftResolved";
  public static final String SYNC_FAILED = "SyncFailed";
  public static final String SYNC_RECOVERED = "SyncRecovered";
  public static final String DRIFT_CORRECTED = "DriftCorrected";
  public static final String PAUSED = "Paused";
  public static final String RESUMED = "Resumed";
  public static final String RUN_FAILED = "RunFailed";
  public static final String RUN_SUCCEEDED = "RunSucceeded";

  /**
   * Warning: the stored resource holds what the operator's model cannot (a value past its range,
   * stored under an older CRD); sent by the reconciler once per version of the resource, not from
   * a status transition, since such a status may not be writable.
   */
  public static final String UNREADABLE = "Unreadable";

  /** An Event to publish; type is Normal or Warning as Kubernetes defines them. */
  public record JobEvent(String type, String reason, String message) {
    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
  }

  private TransitionEvents() {}

  public static List<JobEvent> between(NorthflankJobStatus before, NorthflankJobStatus after) {
    List<Condition> old = before == null ? null : before.conditions();
    List<Condition> now = after.conditions();
    List<JobEvent> events = new ArrayList<>();

    Optional<Condition> synced = Conditions.find(now, ConditionTypes.SYNCED);
    Optional<Condition> wasSynced = Conditions.find(old, ConditionTypes.SYNCED);
    boolean pausedNow = synced.map(c -> Reasons.PAUSED.equals(c.reason())).orElse(false);
    boolean pausedBefore = wasSynced.map(c -> Reasons.PAUSED.equals(c.reason())).orElse(false);
    if (pausedNow && !pausedBefore) {
      events.add(new JobEvent(JobEvent.NORMAL, PAUSED, synced.get().message()));
    } else if (pausedBefore && !pausedNow) {
      events.add(
          new JobEvent(
              JobEvent.NORMAL,
              RESUMED,
              "The annotation " + Pause.ANNOTATION + " is gone: the job is read again"));
    }
    synced
        .filter(c -> Condition.FALSE.equals(c.status()))
        .filter(c -> !pausedNow)
        .filter(
            c ->
                wasSynced.isEmpty()
                    || !Condition.FALSE.equals(wasSynced.get().status())
                    || !c.reason().equals(wasSynced.get().reason()))
        .ifPresent(
            c ->
                events.add(
                    new JobEvent(JobEvent.WARNING, SYNC_FAILED, c.reason() + ": " + c.message())));
    if (Conditions.isTrue(now, ConditionTypes.SYNCED)
        && Conditions.isFalse(old, ConditionTypes.SYNCED)
        && !pausedBefore) {
      events.add(new JobEvent(JobEvent.NORMAL, SYNC_RECOVERED, "The live job can be read again"));
    }

    LastCorrection correction = after.lastCorrection();
    if (correction != null
        && correction.applied()
        && !correction.equals(before == null ? null : before.lastCorrection())) {
      events.add(
          new JobEvent(
              JobEvent.NORMAL,
              DRIFT_CORRECTED,
              "Corrected "
                  + String.join(", ", correction.fields())
                  + " in Northflank with one PATCH (driftPolicy: Correct)"));
    }

    boolean driftedNow = Conditions.isTrue(now, ConditionTypes.DRIFTED);
    boolean driftedBefore = Conditions.isTrue(old, ConditionTypes.DRIFTED);
    if (driftedNow && !driftedBefore) {
      String message =
          Conditions.find(now, ConditionTypes.DRIFTED).map(Condition::message).orElse("");
      events.add(new JobEvent(JobEvent.WARNING, DRIFT_DETECTED, message));
    } else if (driftedBefore && Conditions.isFalse(now, ConditionTypes.DRIFTED)) {
      events.add(
          new JobEvent(
              JobEvent.NORMAL, DRIFT_RESOLVED, "Every declared field matches the live job again"));
    }
    runEvents(before, after, events);
    return events;
  }

  /**
   * RunFailed once per failed run: when the last run on record turns out failed and the previous
   * record was not that same failed run, or when the verdict turns False because of a run that
   * concluded behind a newer one still in progress. RunSucceeded when the verdict turns from False
   * to True: the job runs successfully again.
   */
  private static void runEvents(
      NorthflankJobStatus before, NorthflankJobStatus after, List<JobEvent> events) {
    LastRun run = after.lastRun();
    LastRun previous = before == null ? null : before.lastRun();
    List<Condition> old = before == null ? null : before.conditions();
    Optional<Condition> verdict =
        Conditions.find(after.conditions(), ConditionTypes.LAST_RUN_SUCCEEDED);
    boolean failedBefore = Conditions.isFalse(old, ConditionTypes.LAST_RUN_SUCCEEDED);
    boolean newFailedRun =
        run != null
            && run.failed()
            && !(previous != null
                && previous.failed()
                && Objects.equals(previous.name(), run.name()));
    if (newFailedRun) {
      events.add(new JobEvent(JobEvent.WARNING, RUN_FAILED, LastRunStatus.describe(run)));
    } else if (verdict.filter(c -> Condition.FALSE.equals(c.status())).isPresent()
        && !failedBefore) {
      events.add(
          new JobEvent(
              JobEvent.WARNING, RUN_FAILED, LastRunStatus.verdictOf(verdict.get().message())));
    }
    if (verdict.filter(c -> Condition.TRUE.equals(c.status())).isPresent() && failedBefore) {
      events.add(
          new JobEvent(
              JobEvent.NORMAL,
              RUN_SUCCEEDED,
              LastRunStatus.verdictOf(verdict.get().message()) + ", after a failed run"));
    }
  }
}
