package com.northflank.operator.events;

import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.runs.LastRunStatus;
import com.northflank.operator.runs.RunObservation;
import com.northflank.operator.runs.RunSelection;
import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.model.Condition;
import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.LastRun;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.events.TransitionEvents.JobEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransitionEventsTest {

  private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

  private static NorthflankJobStatus status(String synced, String syncReason, String drifted) {
    List<Condition> conditions =
        List.of(
            Conditions.transition(null, "Synced", synced, syncReason, "detail", 1L, T),
            Conditions.transition(
                null, "Drifted", drifted, "r", "2 declared fields differ", 1L, T));
    return new NorthflankJobStatus(
        1L, null, null, null, null, null, null, null, null, null, null, conditions);
  }

  @Test
  void firstSuccessfulReadWithoutDriftIsQuiet() {
    assertThat(TransitionEvents.between(null, status("True", "Fetched", "False"))).isEmpty();
  }

  @Test
  void anUnchangedPollIsQuiet() {
    assertThat(
            TransitionEvents.between(
                status("True", "Fetched", "True"), status("True", "Fetched", "True")))
        .isEmpty();
    assertThat(
            TransitionEvents.between(
                status("False", "ApiUnavailable", "True"),
                status("False", "ApiUnavailable", "True")))
        .isEmpty();
  }

  @Test
  void driftFoundAndResolved() {
    assertThat(
            TransitionEvents.between(
                status("True", "Fetched", "False"), status("True", "Fetched", "True")))
        .containsExactly(new JobEvent("Warning", "DriftDetected", "2 declared fields differ"));
    assertThat(
            TransitionEvents.between(
                status("True", "Fetched", "True"), status("True", "Fetched", "False")))
        .extracting(JobEvent::type, JobEvent::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Normal", "DriftResolved"));
  }

  @Test
  void syncFailedOnFlipOrNewReasonAndRecovered() {
    assertThat(
            TransitionEvents.between(
                status("True", "Fetched", "False"), status("False", "JobNotFound", "False")))
        .containsExactly(new JobEvent("Warning", "SyncFailed", "JobNotFound: detail"));
    assertThat(
            TransitionEvents.between(
                status("False", "ApiUnavailable", "False"),
                status("False", "JobNotFound", "False")))
        .extracting(JobEvent::reason)
        .containsExactly("SyncFailed");
    assertThat(
            TransitionEvents.between(
                status("False", "JobNotFound", "False"), status("True", "Fetched", "False")))
        .extracting(JobEvent::reason)
        .containsExactly("SyncRecovered");
  }

  @Test
  void aFirstReadThatFailsIsAnnounced() {
    assertThat(TransitionEvents.between(null, status("False", "Unauthorized", "Unknown")))
        .extracting(JobEvent::reason)
        .containsExactly("SyncFailed");
  }

  @Test
  void aCorrectionIsAnnouncedOnceWithItsFields() {
    LastCorrection applied =
        new LastCorrection(
            "2026-11-28T10:00:00Z",
            List.of("settings.cron.schedule", "tags"),
            LastCorrection.APPLIED,
            1L,
            null);
    NorthflankJobStatus before = status("True", "Fetched", "False");
    NorthflankJobStatus corrected = before.withLastCorrection(applied);

    assertThat(TransitionEvents.between(before, corrected))
        .containsExactly(
            new JobEvent(
                "Normal",
                "DriftCorrected",
                "Corrected settings.cron.schedule, tags in Northflank with one PATCH"
                    + " (driftPolicy: Correct)"));
    assertThat(TransitionEvents.between(corrected, corrected)).isEmpty();
    assertThat(
            TransitionEvents.between(
                before,
                before.withLastCorrection(
                    new LastCorrection(
                        "2026-11-28T10:00:00Z",
                        List.of("tags"),
                        LastCorrection.REJECTED,
                        1L,
                        "no"))))
        .as("a rejection is told by SyncFailed, not as a correction")
        .isEmpty();
  }

  @Test
  void pausingAndResumingAreNormalEventsNotFailures() {
    NorthflankJobStatus synced = status("True", "Fetched", "False");
    NorthflankJobStatus paused = status("False", "Paused", "False");

    assertThat(TransitionEvents.between(synced, paused))
        .extracting(JobEvent::type, JobEvent::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Normal", "Paused"));
    assertThat(TransitionEvents.between(paused, paused)).isEmpty();
    assertThat(TransitionEvents.between(paused, synced))
        .extracting(JobEvent::type, JobEvent::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Normal", "Resumed"));
    assertThat(TransitionEvents.between(paused, status("False", "JobNotFound", "False")))
        .extracting(JobEvent::reason)
        .containsExactly("Resumed", "SyncFailed");
  }

  // --- runs ---

  private static final LastRun A_OK =
      new LastRun("job-a", LastRun.SUCCEEDED, "2026-12-01T08:30:00Z", "2026-12-01T08:32:00Z");
  private static final LastRun B_FAILED =
      new LastRun("job-b", LastRun.FAILED, "2026-12-01T09:30:00Z", "2026-12-01T09:31:00Z");
  private static final LastRun C_RUNNING =
      new LastRun("job-c", LastRun.RUNNING, "2026-12-01T10:30:00Z", null);
  private static final LastRun C_FAILED =
      new LastRun("job-c", LastRun.FAILED, "2026-12-01T10:30:00Z", "2026-12-01T10:33:00Z");
  private static final LastRun D_OK =
      new LastRun("job-d", LastRun.SUCCEEDED, "2026-12-01T11:30:00Z", "2026-12-01T11:32:00Z");

  /** The status the runs step makes of a page, after the status before it. */
  private static NorthflankJobStatus runs(
      NorthflankJobStatus before, LastRun latest, LastRun concluded) {
    return runs(
        before,
        new RunObservation.Read(new RunSelection.Found(latest, Optional.ofNullable(concluded))));
  }

  private static NorthflankJobStatus runs(NorthflankJobStatus before, RunObservation observed) {
    NorthflankJobStatus base = before != null ? before : status("True", "Fetched", "False");
    LastRunStatus.Outcome outcome = LastRunStatus.of(before, observed, 1L, T);
    List<Condition> conditions =
        new ArrayList<>(
            base.conditions().stream()
                .filter(c -> !c.type().equals(ConditionTypes.LAST_RUN_SUCCEEDED))
                .toList());
    if (outcome.condition() != null) {
      conditions.add(outcome.condition());
    }
    return base.withConditions(1L, conditions).withLastRun(outcome.lastRun());
  }

  private static List<String> reasons(NorthflankJobStatus before, NorthflankJobStatus after) {
    return TransitionEvents.between(before, after).stream().map(JobEvent::reason).toList();
  }

  @Test
  void successThenFailureThenRecoveryAnnounceOneEventEach() {
    NorthflankJobStatus ok = runs(null, A_OK, A_OK);
    NorthflankJobStatus failed = runs(ok, B_FAILED, B_FAILED);
    NorthflankJobStatus stillFailed = runs(failed, B_FAILED, B_FAILED);
    NorthflankJobStatus recovered = runs(stillFailed, D_OK, D_OK);

    assertThat(reasons(null, ok)).isEmpty();
    assertThat(TransitionEvents.between(ok, failed))
        .containsExactly(
            new JobEvent(
                "Warning",
                "RunFailed",
                "Run job-b failed (started 2026-12-01T09:30:00Z, concluded 2026-12-01T09:31:00Z)"));
    assertThat(reasons(failed, stillFailed)).as("not once per poll").isEmpty();
    assertThat(TransitionEvents.between(stillFailed, recovered))
        .containsExactly(
            new JobEvent(
                "Normal",
                "RunSucceeded",
                "Run job-d succeeded (started 2026-12-01T11:30:00Z, concluded"
                    + " 2026-12-01T11:32:00Z), after a failed run"));
    assertThat(reasons(recovered, runs(recovered, D_OK, D_OK))).isEmpty();
  }

  @Test
  void eachFailedRunIsAnnouncedOnceEvenWhileTheVerdictStaysFalse() {
    NorthflankJobStatus failed = runs(null, B_FAILED, B_FAILED);
    NorthflankJobStatus running = runs(failed, C_RUNNING, B_FAILED);
    NorthflankJobStatus failedAgain = runs(running, C_FAILED, C_FAILED);

    assertThat(reasons(null, failed)).containsExactly("RunFailed");
    assertThat(reasons(failed, running)).isEmpty();
    assertThat(reasons(running, failedAgain)).containsExactly("RunFailed");
  }

  @Test
  void aFailedRunSeenBehindANewerRunInProgressIsAnnounced() {
    NorthflankJobStatus ok = runs(null, A_OK, A_OK);

    NorthflankJobStatus hidden = runs(ok, C_RUNNING, B_FAILED);

    assertThat(TransitionEvents.between(ok, hidden))
        .containsExactly(
            new JobEvent(
                "Warning",
                "RunFailed",
                "Run job-b failed (started 2026-12-01T09:30:00Z, concluded 2026-12-01T09:31:00Z)"));
    assertThat(reasons(hidden, runs(hidden, C_FAILED, C_FAILED)))
        .as("the run in progress failing is a run of its own")
        .containsExactly("RunFailed");
  }

  @Test
  void theSameStatusAfterARestartAnnouncesNothingAgain() {
    NorthflankJobStatus failed = runs(runs(null, A_OK, A_OK), B_FAILED, B_FAILED);

    // a new operator process reads the same page: the decision rests on the status on record
    assertThat(reasons(failed, runs(failed, B_FAILED, B_FAILED))).isEmpty();
  }

  @Test
  void aFailedOrSkippedRunsReadIsQuiet() {
    NorthflankJobStatus failed = runs(null, B_FAILED, B_FAILED);

    NorthflankJobStatus unreadable = runs(failed, new RunObservation.Failed("HTTP 500"));
    NorthflankJobStatus skipped = runs(unreadable, new RunObservation.Skipped());

    assertThat(unreadable.lastRun()).isEqualTo(B_FAILED);
    assertThat(reasons(failed, unreadable)).isEmpty();
    assertThat(reasons(unreadable, skipped)).isEmpty();
    assertThat(reasons(skipped, runs(skipped, B_FAILED, B_FAILED))).isEmpty();
  }
}
