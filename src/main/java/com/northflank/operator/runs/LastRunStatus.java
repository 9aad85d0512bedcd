package com.northflank.operator.runs;

import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.model.Reasons;
import com.northflank.operator.model.Condition;
import com.northflank.operator.model.LastRun;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * status.lastRun and the LastRunSucceeded condition a reconcile arrives at. The condition judges
 * the latest concluded run: True when it succeeded, False when it failed; while the latest run is
 * still in progress the previous verdict stands. A runs read that fails changes neither the run on
 * record nor the verdict, only the condition's message says so. Pure.
 */
public final class LastRunStatus {

  /** Joins the verdict and a failed read in the message, so the verdict can be told apart again. */
  static final String READ_FAILED = "; the last read of the runs failed, so this may be stale: ";

  /**
   * @param lastRun null when there is none on record
   * @param condition null when runs are not observed or nothing is known yet
   */
  public record Outcome(LastRun lastRun, Condition condition) {}

  private LastRunStatus() {}

  /** Whether the resource's runs are read: unless it or the operator says otherwise. */
  public static boolean observes(NorthflankJob job, boolean operatorObservesRuns) {
    return operatorObservesRuns && job.getSpec() != null && job.getSpec().observesRuns();
  }

  /**
   * @param previous the status on record, null before the first
   */
  public static Outcome of(
      NorthflankJobStatus previous, RunObservation runs, Long generation, Instant now) {
    List<Condition> before = previous == null ? null : previous.conditions();
    LastRun recorded = previous == null ? null : previous.lastRun();
    Optional<Condition> verdict = Conditions.find(before, ConditionTypes.LAST_RUN_SUCCEEDED);
    if (runs instanceof RunObservation.Off) {
      return new Outcome(null, null);
    }
    if (runs instanceof RunObservation.Skipped) {
      return new Outcome(recorded, verdict.map(c -> regenerated(c, generation)).orElse(null));
    }
    if (runs instanceof RunObservation.Failed failed) {
      return readFailed(before, recorded, verdict, failed.message(), generation, now);
    }
    RunSelection.Result selection = ((RunObservation.Read) runs).selection();
    if (selection instanceof RunSelection.Found found) {
      return found(before, verdict, found, generation, now);
    }
    if (selection instanceof RunSelection.Unusable unusable) {
      return readFailed(
          before,
          recorded,
          verdict,
          "the runs read cannot be used: " + unusable.reason(),
          generation,
          now);
    }
    return new Outcome(
        null,
        Conditions.transition(
            before,
            ConditionTypes.LAST_RUN_SUCCEEDED,
            Condition.UNKNOWN,
            Reasons.NO_RUNS,
            "Northflank lists no run of this job yet",
            generation,
            now));
  }

  private static Outcome found(
      List<Condition> before,
      Optional<Condition> verdict,
      RunSelection.Found found,
      Long generation,
      Instant now) {
    if (found.latestConcluded().isPresent()) {
      LastRun judged = found.latestConcluded().get();
      boolean succeeded = !judged.failed();
      return new Outcome(
          found.latest(),
          Conditions.transition(
              before,
              ConditionTypes.LAST_RUN_SUCCEEDED,
              succeeded ? Condition.TRUE : Condition.FALSE,
              succeeded ? Reasons.RUN_SUCCEEDED : Reasons.RUN_FAILED,
              describe(judged),
              generation,
              now));
    }
    Optional<Condition> standing = verdict.filter(c -> !Condition.UNKNOWN.equals(c.status()));
    if (standing.isPresent()) {
      Condition c = standing.get();
      return new Outcome(
          found.latest(),
          new Condition(
              c.type(),
              c.status(),
              c.reason(),
              verdictOf(c.message()),
              c.lastTransitionTime(),
              generation));
    }
    return new Outcome(
        found.latest(),
        Conditions.transition(
            before,
            ConditionTypes.LAST_RUN_SUCCEEDED,
            Condition.UNKNOWN,
            Reasons.RUN_IN_PROGRESS,
            "Run " + found.latest().name() + " is running; no run has concluded yet",
            generation,
            now));
  }

  private static Outcome readFailed(
      List<Condition> before,
      LastRun recorded,
      Optional<Condition> verdict,
      String failure,
      Long generation,
      Instant now) {
    if (verdict.isPresent()) {
      Condition c = verdict.get();
      return new Outcome(
          recorded,
          new Condition(
              c.type(),
              c.status(),
              c.reason(),
              verdictOf(c.message()) + READ_FAILED + failure,
              c.lastTransitionTime(),
              generation));
    }
    return new Outcome(
        recorded,
        Conditions.transition(
            before,
            ConditionTypes.LAST_RUN_SUCCEEDED,
            Condition.UNKNOWN,
            Reasons.RUNS_UNREADABLE,
            "Reading the runs failed: " + failure,
            generation,
            now));
  }

  /** E.g. {@code Run example-job-5fcf failed (started ..., concluded ...)}. */
  public static String describe(LastRun run) {
    String outcome =
        switch (run.status()) {
          case LastRun.SUCCEEDED -> "succeeded";
          case LastRun.FAILED -> "failed";
          default -> "is running";
        };
    return "Run "
        + run.name()
        + " "
        + outcome
        + " (started "
        + run.startedAt()
        + (run.concludedAt() == null ? "" : ", concluded " + run.concludedAt())
        + ")";
  }

  /** The message without the note of a failed read. */
  public static String verdictOf(String message) {
    if (message == null) {
      return "";
    }
    int note = message.indexOf(READ_FAILED);
    return note < 0 ? message : message.substring(0, note);
  }

  private static Condition regenerated(Condition c, Long generation) {
    return new Condition(
        c.type(), c.status(), c.reason(), c.message(), c.lastTransitionTime(), generation);
  }
}
