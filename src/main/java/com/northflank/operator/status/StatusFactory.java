package com.northflank.operator.status;

import com.northflank.operator.client.LiveJob;
import com.northflank.operator.correction.Correction;
import com.northflank.operator.drift.DriftReport;
import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.failure.SyncException;
import com.northflank.operator.model.ClusterStatus;
import com.northflank.operator.model.Condition;
import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.model.FieldDrift;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.model.Pause;
import com.northflank.operator.model.Reasons;
import com.northflank.operator.model.TextLimit;
import com.northflank.operator.model.Timestamps;
import com.northflank.operator.runs.LastRunStatus;
import com.northflank.operator.runs.RunObservation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the status a read produced. Pure apart from the clock: the same inputs give the same
 * status, and every message is stable across polls, so an unchanged job yields an unchanged status
 * and nothing is written.
 */
public final class StatusFactory {

  /** The longest value of the live job the status shows. */
  static final int ANSWERED_LENGTH = 1024;

  private final Clock clock;
  private final Duration heartbeat;
  private final boolean observeRuns;

  /** Observing runs, as the operator does by default. */
  public StatusFactory(Clock clock, Duration heartbeat) {
    this(clock, heartbeat, true);
  }

  /**
   * @param observeRuns the operator's --observe-runs: false drops lastRun and LastRunSucceeded from
   *     every status
   */
  public StatusFactory(Clock clock, Duration heartbeat, boolean observeRuns) {
    this.clock = clock;
    this.heartbeat = heartbeat;
    this.observeRuns = observeRuns;
  }

  /** A read under driftPolicy Report, without a runs read: the last run on record stays. */
  public NorthflankJobStatus synced(NorthflankJob job, LiveJob live, DriftReport drift) {
    return synced(
        job,
        live,
        drift,
        new Correction.Skipped(Correction.Skip.REPORT),
        new RunObservation.Skipped());
  }

  /** A successful read and what became of its drift, without a runs read. */
  public NorthflankJobStatus synced(
      NorthflankJob job, LiveJob live, DriftReport drift, Correction correction) {
    return synced(job, live, drift, correction, new RunObservation.Skipped());
  }

  /**
   * A successful read, what became of its drift, and what the runs read found.
   *
   * @param live the observation: the read, or the PATCH answer when a correction went out
   * @param drift how the observation differs from spec.job
   */
  public NorthflankJobStatus synced(
      NorthflankJob job,
      LiveJob live,
      DriftReport drift,
      Correction correction,
      RunObservation runs) {
    NorthflankJobStatus onRecord = job.getStatus();
    return synced(
        job,
        live,
        drift,
        correction,
        runs,
        onRecord == null ? null : onRecord.ownership(),
        onRecord == null ? null : onRecord.jobId(),
        null);
  }

  /**
   * A successful read, bound to the job as the lifecycle step found it.
   *
   * @param ownership Created, Adopted or Observed (status.ownership)
   * @param jobId the ID of the job read (status.jobId)
   * @param note what the Synced condition adds about the binding (null: nothing)
   */
  public NorthflankJobStatus synced(
      NorthflankJob job,
      LiveJob live,
      DriftReport drift,
      Correction correction,
      RunObservation runs,
      String ownership,
      String jobId,
      String note) {
    // the read says which job it is: its appId, compared with the one on record
    NorthflankJobStatus previous =
        ObservedJob.isAnotherJob(job.getStatus(), live.appId())
            ? ObservedJob.forgotten(job.getStatus())
            : job.getStatus();
    List<Condition> before = previous == null ? null : previous.conditions();
    Long generation = job.getMetadata().getGeneration();
    Instant now = clock.instant();

    List<FieldDrift> differences = drift.differences();
    String jobRef = job.getSpec().projectId() + "/" + job.getSpec().jobId();
    Condition synced =
        Conditions.transition(
            before,
            ConditionTypes.SYNCED,
            Condition.TRUE,
            Reasons.FETCHED,
            "Read job " + jobRef + " from Northflank" + (note == null ? "" : "; " + note),
            generation,
            now);
    Condition drifted =
        drift.drifted()
            ? Conditions.transition(
                before,
                ConditionTypes.DRIFTED,
                Condition.TRUE,
                Reasons.DRIFT_DETECTED,
                DriftMessage.of(differences, correction),
                generation,
                now)
            : Conditions.transition(
                before,
                ConditionTypes.DRIFTED,
                Condition.FALSE,
                Reasons.IN_SYNC,
                "Every declared field matches the live job",
                generation,
                now);
    Condition ready =
        drift.drifted()
            ? Conditions.transition(
                before,
                ConditionTypes.READY,
                Condition.FALSE,
                Reasons.DRIFT_DETECTED,
                "The live job differs from spec.job",
                generation,
                now)
            : Conditions.transition(
                before,
                ConditionTypes.READY,
                Condition.TRUE,
                Reasons.IN_SYNC,
                "The live job matches spec.job",
                generation,
                now);
    Condition stalled =
        Conditions.transition(
            before,
            ConditionTypes.STALLED,
            Condition.FALSE,
            Reasons.RECOVERABLE,
            "The last read succeeded",
            generation,
            now);

    LastRunStatus.Outcome lastRun =
        LastRunStatus.of(previous, observed(job, runs), generation, now);

    LiveJob.Settings settings = live.settings();
    LiveJob.Cron cron = settings == null ? null : settings.cron();
    LiveJob.Cluster cluster = live.cluster();
    NorthflankJobStatus candidate =
        new NorthflankJobStatus(
            generation,
            answered(live.jobType()),
            live.suspended(),
            cron == null ? null : answered(cron.schedule()),
            cron == null ? null : answered(cron.concurrencyPolicy()),
            cluster == null
                ? null
                : new ClusterStatus(
                    answered(cluster.id()), answered(cluster.name()), answered(cluster.namespace())),
            answered(live.appId()),
            answered(live.createdAt()),
            Timestamps.format(now),
            differences.stream()
                .limit(NorthflankJobStatus.MAX_DRIFT_ENTRIES)
                .map(FieldDrift::bounded)
                .toList(),
            differences.size(),
            withLastRun(List.of(ready, synced, drifted, stalled), lastRun),
            correction.record().orElse(previous == null ? null : previous.lastCorrection()),
            lastRun.lastRun(),
            ownership,
            answered(jobId));
    return withHeartbeat(previous, candidate, now);
  }

  /**
   * A value as Northflank answered it, cut should it be absurdly long (no real one comes close):
   * the status must stay far below what the API server stores, whatever the answer.
   */
  private static String answered(String value) {
    return TextLimit.cut(value, ANSWERED_LENGTH);
  }

  /** Off when the resource or the operator does not observe runs, whatever was read. */
  private RunObservation observed(NorthflankJob job, RunObservation runs) {
    return LastRunStatus.observes(job, observeRuns) ? runs : new RunObservation.Off();
  }

  private static List<Condition> withLastRun(
      List<Condition> conditions, LastRunStatus.Outcome lastRun) {
    if (lastRun.condition() == null) {
      return conditions;
    }
    List<Condition> all = new ArrayList<>(conditions);
    all.add(lastRun.condition());
    return List.copyOf(all);
  }

  /**
   * A read of the runs alone, which a webhook asked for: the job's observation, its conditions and
   * {@code lastSyncTime} stay as they are, only {@code lastRun} and the LastRunSucceeded condition
   * follow what the runs read found.
   *
   * @param job a resource whose status records a good read of the job it names
   */
  public NorthflankJobStatus runsRead(NorthflankJob job, RunObservation runs) {
    NorthflankJobStatus previous = job.getStatus();
    Long generation = job.getMetadata().getGeneration();
    LastRunStatus.Outcome lastRun =
        LastRunStatus.of(previous, observed(job, runs), generation, clock.instant());
    List<Condition> others =
        previous.conditions() == null
            ? List.of()
            : previous.conditions().stream()
                .filter(c -> !ConditionTypes.LAST_RUN_SUCCEEDED.equals(c.type()))
                .toList();
    return previous
        .withConditions(previous.observedGeneration(), withLastRun(others, lastRun))
        .withLastRun(lastRun.lastRun());
  }

  /**
   * A failed sync. What was last observed stays: the previous status, or, when the read of this
   * reconcile succeeded and a later step failed (a correcting PATCH), what that read saw.
   */
  public NorthflankJobStatus failed(NorthflankJob job, SyncException failure) {
    NorthflankJobStatus previous = failure.observation().orElseGet(() -> ofThisJob(job));
    List<Condition> before = job.getStatus() == null ? null : job.getStatus().conditions();
    List<Condition> observed = previous == null ? null : previous.conditions();
    Long generation = job.getMetadata().getGeneration();
    Instant now = clock.instant();
    FailureReason reason = failure.reason();
    String message = failure.getMessage();

    Condition synced =
        Conditions.transition(
            before,
            ConditionTypes.SYNCED,
            Condition.FALSE,
            reason.conditionReason(),
            message,
            generation,
            now);
    Condition drifted = driftedAsLastObserved(observed, before, generation, now);
    Condition ready =
        Conditions.transition(
            before,
            ConditionTypes.READY,
            Condition.FALSE,
            reason.conditionReason(),
            message,
            generation,
            now);
    Condition stalled =
        reason.stalls()
            ? Conditions.transition(
                before,
                ConditionTypes.STALLED,
                Condition.TRUE,
                reason.conditionReason(),
                message,
                generation,
                now)
            : Conditions.transition(
                before,
                ConditionTypes.STALLED,
                Condition.FALSE,
                Reasons.RECOVERABLE,
                "The operator keeps retrying",
                generation,
                now);

    // a failed sync read no runs (or its runs are in the observation): the last run stays
    LastRunStatus.Outcome lastRun =
        LastRunStatus.of(previous, observed(job, new RunObservation.Skipped()), generation, now);
    List<Condition> conditions = withLastRun(List.of(ready, synced, drifted, stalled), lastRun);
    if (previous == null) {
      return new NorthflankJobStatus(
          generation, null, null, null, null, null, null, null, null, null, null, conditions);
    }
    NorthflankJobStatus result =
        previous.withConditions(generation, conditions).withLastRun(lastRun.lastRun());
    // a write that keeps failing after good reads must not rewrite the status for lastSyncTime
    return failure.observation().isPresent() ? withHeartbeat(job.getStatus(), result, now) : result;
  }

  /**
   * The resource is paused ({@link Pause#ANNOTATION}): no API call is made, what was last observed
   * stays, and nothing is stalled: removing the annotation resumes at once.
   */
  public NorthflankJobStatus paused(NorthflankJob job) {
    NorthflankJobStatus previous = ofThisJob(job);
    List<Condition> before = job.getStatus() == null ? null : job.getStatus().conditions();
    List<Condition> observed = previous == null ? null : previous.conditions();
    Long generation = job.getMetadata().getGeneration();
    Instant now = clock.instant();
    String message =
        "Paused by the annotation "
            + Pause.ANNOTATION
            + ": \"true\"; no Northflank API call until it is removed";
    Condition synced =
        Conditions.transition(
            before,
            ConditionTypes.SYNCED,
            Condition.FALSE,
            Reasons.PAUSED,
            message,
            generation,
            now);
    Condition ready =
        Conditions.transition(
            before,
            ConditionTypes.READY,
            Condition.FALSE,
            Reasons.PAUSED,
            message,
            generation,
            now);
    Condition drifted = driftedAsLastObserved(observed, before, generation, now);
    Condition stalled =
        Conditions.transition(
            before,
            ConditionTypes.STALLED,
            Condition.FALSE,
            Reasons.PAUSED,
            "Paused on purpose, not stalled: removing the annotation resumes",
            generation,
            now);
    LastRunStatus.Outcome lastRun =
        LastRunStatus.of(previous, observed(job, new RunObservation.Skipped()), generation, now);
    List<Condition> conditions = withLastRun(List.of(ready, synced, drifted, stalled), lastRun);
    if (previous == null) {
      return new NorthflankJobStatus(
          generation, null, null, null, null, null, null, null, null, null, null, conditions);
    }
    return previous.withConditions(generation, conditions).withLastRun(lastRun.lastRun());
  }

  /**
   * The status on record when it was observed for the job the spec names; when the spec names
   * another job now (its projectId, jobId or teamId changed), the status without the previous job's
   * observation, which is not this job's and must not stand beside this job's failure.
   */
  private static NorthflankJobStatus ofThisJob(NorthflankJob job) {
    NorthflankJobStatus status = job.getStatus();
    return ObservedJob.isAnotherJob(status, job.getSpec()) ? ObservedJob.forgotten(status) : status;
  }

  /**
   * lastSyncTime alone does not justify a write on every poll: it is carried over until the
   * heartbeat is due, so an unchanged job costs no Kubernetes write.
   */
  private NorthflankJobStatus withHeartbeat(
      NorthflankJobStatus previous, NorthflankJobStatus candidate, Instant now) {
    if (previous == null || previous.lastSyncTime() == null) {
      return candidate;
    }
    NorthflankJobStatus carriedOver = candidate.withLastSyncTime(previous.lastSyncTime());
    boolean heartbeatDue =
        Timestamps.parse(previous.lastSyncTime())
            .map(last -> !now.isBefore(last.plus(heartbeat)))
            .orElse(true);
    return carriedOver.equals(previous) && !heartbeatDue ? carriedOver : candidate;
  }

  /**
   * Drifted as the last read left it: a failed or skipped read says nothing new about drift.
   * Unknown (awaiting the first sync) when nothing was read yet.
   */
  private static Condition driftedAsLastObserved(
      List<Condition> observed, List<Condition> before, Long generation, Instant now) {
    return Conditions.find(observed, ConditionTypes.DRIFTED)
        .filter(c -> !Condition.UNKNOWN.equals(c.status()))
        .orElseGet(
            () ->
                Conditions.transition(
                    before,
                    ConditionTypes.DRIFTED,
                    Condition.UNKNOWN,
                    Reasons.AWAITING_FIRST_SYNC,
                    "The live job has not been read yet",
                    generation,
                    now));
  }
}
