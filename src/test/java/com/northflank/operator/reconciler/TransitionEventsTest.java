package com.northflank.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.model.Condition;
import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.reconciler.TransitionEvents.JobEvent;
import java.time.Instant;
import java.util.List;
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
}
