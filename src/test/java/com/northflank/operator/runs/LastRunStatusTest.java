package com.northflank.operator.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.model.Condition;
import com.northflank.operator.model.LastRun;
import com.northflank.operator.model.NorthflankJobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The LastRunSucceeded condition and status.lastRun, from one reconcile to the next. */
class LastRunStatusTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-12-01T11:00:00Z");

  private static final LastRun SUCCEEDED =
      new LastRun("job-a", LastRun.SUCCEEDED, "2026-12-01T08:30:00Z", "2026-12-01T08:32:00Z");
  private static final LastRun FAILED =
      new LastRun("job-b", LastRun.FAILED, "2026-12-01T09:30:00Z", "2026-12-01T09:31:00Z");
  private static final LastRun RUNNING =
      new LastRun("job-c", LastRun.RUNNING, "2026-12-01T10:30:00Z", null);

  private static RunObservation found(LastRun latest, LastRun concluded) {
    return new RunObservation.Read(new RunSelection.Found(latest, Optional.ofNullable(concluded)));
  }

  /** A status that holds only what the runs step wrote, as the next reconcile sees it. */
  private static NorthflankJobStatus recorded(LastRunStatus.Outcome outcome) {
    List<Condition> conditions = new ArrayList<>();
    if (outcome.condition() != null) {
      conditions.add(outcome.condition());
    }
    return new NorthflankJobStatus(
            1L, null, null, null, null, null, null, null, null, null, null, conditions)
        .withLastRun(outcome.lastRun());
  }

  @Test
  void noRunsIsUnknownWithReasonNoRuns() {
    LastRunStatus.Outcome outcome =
        LastRunStatus.of(null, new RunObservation.Read(new RunSelection.NoRuns()), 1L, T0);

    assertThat(outcome.lastRun()).isNull();
    assertThat(outcome.condition())
        .isEqualTo(
            new Condition(
                "LastRunSucceeded",
                "Unknown",
                "NoRuns",
                "Northflank lists no run of this job yet",
                "2026-12-01T10:00:00Z",
                1L));
  }

  @Test
  void aSucceededRunIsTrueAndAFailedOneFalseTheTransitionTimeMovingWithTheStatus() {
    LastRunStatus.Outcome ok = LastRunStatus.of(null, found(SUCCEEDED, SUCCEEDED), 1L, T0);
    LastRunStatus.Outcome failed = LastRunStatus.of(recorded(ok), found(FAILED, FAILED), 1L, T1);
    LastRunStatus.Outcome failedAgain =
        LastRunStatus.of(recorded(failed), found(FAILED, FAILED), 2L, T1.plusSeconds(60));

    assertThat(ok.lastRun()).isEqualTo(SUCCEEDED);
    assertThat(ok.condition().status()).isEqualTo("True");
    assertThat(ok.condition().reason()).isEqualTo("RunSucceeded");
    assertThat(ok.condition().message())
        .isEqualTo(
            "Run job-a succeeded (started 2026-12-01T08:30:00Z, concluded 2026-12-01T08:32:00Z)");
    assertThat(failed.lastRun()).isEqualTo(FAILED);
    assertThat(failed.condition().status()).isEqualTo("False");
    assertThat(failed.condition().reason()).isEqualTo("RunFailed");
    assertThat(failed.condition().lastTransitionTime()).isEqualTo("2026-12-01T11:00:00Z");
    assertThat(failedAgain.condition().lastTransitionTime())
        .as("moves only when the status does")
        .isEqualTo("2026-12-01T11:00:00Z");
    assertThat(failedAgain.condition().observedGeneration()).isEqualTo(2L);
  }

  @Test
  void whileTheLatestRunIsRunningTheLatestConcludedOneOnThePageDecides() {
    LastRunStatus.Outcome outcome = LastRunStatus.of(null, found(RUNNING, FAILED), 1L, T0);

    assertThat(outcome.lastRun()).isEqualTo(RUNNING);
    assertThat(outcome.condition().status()).isEqualTo("False");
    assertThat(outcome.condition().message()).startsWith("Run job-b failed");
  }

  @Test
  void whileOnlyRunsInProgressAreOnThePageThePreviousVerdictStands() {
    LastRunStatus.Outcome failed = LastRunStatus.of(null, found(FAILED, FAILED), 1L, T0);

    LastRunStatus.Outcome running =
        LastRunStatus.of(recorded(failed), found(RUNNING, null), 1L, T1);

    assertThat(running.lastRun()).isEqualTo(RUNNING);
    assertThat(running.condition()).isEqualTo(failed.condition());
  }

  @Test
  void aFirstRunStillInProgressIsUnknown() {
    LastRunStatus.Outcome outcome = LastRunStatus.of(null, found(RUNNING, null), 1L, T0);

    assertThat(outcome.lastRun()).isEqualTo(RUNNING);
    assertThat(outcome.condition().status()).isEqualTo("Unknown");
    assertThat(outcome.condition().reason()).isEqualTo("RunInProgress");
  }

  @Test
  void aFailedReadKeepsTheRunAndTheVerdictAndSaysSoOnceUntilAReadWorksAgain() {
    LastRunStatus.Outcome ok = LastRunStatus.of(null, found(SUCCEEDED, SUCCEEDED), 1L, T0);
    String error = "GET /v1/projects/{projectId}/jobs/{jobId}/runs (...) failed: HTTP 500";

    LastRunStatus.Outcome failedRead =
        LastRunStatus.of(recorded(ok), new RunObservation.Failed(error), 1L, T1);
    LastRunStatus.Outcome failedAgain =
        LastRunStatus.of(recorded(failedRead), new RunObservation.Failed(error), 1L, T1);
    LastRunStatus.Outcome recovered =
        LastRunStatus.of(recorded(failedAgain), found(SUCCEEDED, SUCCEEDED), 1L, T1);

    assertThat(failedRead.lastRun()).isEqualTo(SUCCEEDED);
    assertThat(failedRead.condition().status()).isEqualTo("True");
    assertThat(failedRead.condition().reason()).isEqualTo("RunSucceeded");
    assertThat(failedRead.condition().lastTransitionTime()).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(failedRead.condition().message())
        .isEqualTo(ok.condition().message() + LastRunStatus.READ_FAILED + error);
    assertThat(failedAgain).as("an unchanged failure writes nothing").isEqualTo(failedRead);
    assertThat(recovered).isEqualTo(ok);
  }

  @Test
  void aFailedReadBeforeAnyGoodOneIsUnknownRunsUnreadable() {
    LastRunStatus.Outcome outcome =
        LastRunStatus.of(null, new RunObservation.Failed("HTTP 500"), 1L, T0);

    assertThat(outcome.lastRun()).isNull();
    assertThat(outcome.condition().status()).isEqualTo("Unknown");
    assertThat(outcome.condition().reason()).isEqualTo("RunsUnreadable");
    assertThat(outcome.condition().message()).isEqualTo("Reading the runs failed: HTTP 500");
  }

  @Test
  void anUnusablePageIsAFailedRead() {
    LastRunStatus.Outcome ok = LastRunStatus.of(null, found(FAILED, FAILED), 1L, T0);

    LastRunStatus.Outcome outcome =
        LastRunStatus.of(
            recorded(ok),
            new RunObservation.Read(new RunSelection.Unusable("none of the 3 runs ...")),
            1L,
            T1);

    assertThat(outcome.lastRun()).isEqualTo(FAILED);
    assertThat(outcome.condition().status()).isEqualTo("False");
    assertThat(outcome.condition().message())
        .endsWith(
            LastRunStatus.READ_FAILED + "the runs read cannot be used: none of the 3 runs ...");
  }

  @Test
  void skippedKeepsWhatIsOnRecordAndOffRemovesIt() {
    LastRunStatus.Outcome ok = LastRunStatus.of(null, found(SUCCEEDED, SUCCEEDED), 1L, T0);

    LastRunStatus.Outcome skipped =
        LastRunStatus.of(recorded(ok), new RunObservation.Skipped(), 2L, T1);
    LastRunStatus.Outcome off = LastRunStatus.of(recorded(ok), new RunObservation.Off(), 2L, T1);

    assertThat(skipped.lastRun()).isEqualTo(SUCCEEDED);
    assertThat(skipped.condition().status()).isEqualTo("True");
    assertThat(skipped.condition().observedGeneration()).isEqualTo(2L);
    assertThat(off).isEqualTo(new LastRunStatus.Outcome(null, null));
    assertThat(LastRunStatus.of(null, new RunObservation.Skipped(), 1L, T0))
        .isEqualTo(new LastRunStatus.Outcome(null, null));
  }
}
