package com.northflank.operator.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.model.LastRun;
import com.northflank.operator.client.JobRun;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunSelectionTest {

  private static JobRun run(String name, String status, String startedAt, String concludedAt) {
    boolean running = "RUNNING".equals(status);
    return new JobRun(
        "id-" + name,
        name,
        status,
        running ? 1 : 0,
        !running,
        "FAILED".equals(status) ? 1 : 0,
        "SUCCESS".equals(status) ? 1 : 0,
        0,
        running ? 0 : 1,
        startedAt,
        concludedAt);
  }

  private static final JobRun OLD_SUCCESS =
      run("job-a", "SUCCESS", "2026-12-01T08:30:00Z", "2026-12-01T08:32:10Z");
  private static final JobRun MIDDLE_FAILED =
      run("job-b", "FAILED", "2026-12-01T09:30:00Z", "2026-12-01T09:31:00.900Z");
  private static final JobRun NEW_RUNNING = run("job-c", "RUNNING", "2026-12-01T10:30:00Z", null);

  @Test
  void anEmptyPageIsNoRuns() {
    assertThat(RunSelection.of(List.of())).isEqualTo(new RunSelection.NoRuns());
  }

  @Test
  void aRunNameIsCutShouldNorthflankAnswerAnAbsurdOne() {
    String huge = "r".repeat(100_000);

    RunSelection.Result result =
        RunSelection.of(List.of(run(huge, "SUCCESS", "2026-12-01T08:30:00Z", null)));

    assertThat(((RunSelection.Found) result).latest().name())
        .hasSizeLessThanOrEqualTo(253)
        .startsWith("rrrr")
        .contains("truncated");
  }

  @Test
  void theLatestStartWinsWhateverTheOrderOfThePage() {
    List<JobRun> runs = new ArrayList<>(List.of(OLD_SUCCESS, MIDDLE_FAILED, NEW_RUNNING));
    RunSelection.Result expected =
        new RunSelection.Found(
            new LastRun("job-c", LastRun.RUNNING, "2026-12-01T10:30:00Z", null),
            Optional.of(
                new LastRun(
                    "job-b", LastRun.FAILED, "2026-12-01T09:30:00Z", "2026-12-01T09:31:00Z")));

    for (int i = 0; i < 6; i++) {
      assertThat(RunSelection.of(runs)).as("order %s", runs).isEqualTo(expected);
      Collections.rotate(runs, 1);
      if (i == 2) {
        Collections.reverse(runs);
      }
    }
  }

  @Test
  void aConcludedLatestRunIsBothTheLastRunAndTheVerdict() {
    RunSelection.Found found =
        (RunSelection.Found) RunSelection.of(List.of(OLD_SUCCESS, MIDDLE_FAILED));

    assertThat(found.latest())
        .isEqualTo(
            new LastRun("job-b", LastRun.FAILED, "2026-12-01T09:30:00Z", "2026-12-01T09:31:00Z"));
    assertThat(found.latestConcluded()).contains(found.latest());
  }

  @Test
  void aRunningRunWithoutConcludedAtIsTheLastRunAndLeavesNoVerdictAlone() {
    RunSelection.Found found = (RunSelection.Found) RunSelection.of(List.of(NEW_RUNNING));

    assertThat(found.latest().status()).isEqualTo(LastRun.RUNNING);
    assertThat(found.latest().concludedAt()).isNull();
    assertThat(found.latestConcluded()).isEmpty();
  }

  @Test
  void aConcludedAtOnARunningRunIsNotShown() {
    RunSelection.Found found =
        (RunSelection.Found)
            RunSelection.of(
                List.of(run("job-d", "RUNNING", "2026-12-01T10:30:00Z", "1970-01-01T00:00:00Z")));

    assertThat(found.latest().concludedAt()).isNull();
  }

  @Test
  void runsWithoutAReadableStartAreLeftOut() {
    RunSelection.Found found =
        (RunSelection.Found)
            RunSelection.of(
                List.of(
                    run("job-x", "SUCCESS", "yesterday", "2026-12-01T11:00:00Z"),
                    run("job-y", "FAILED", null, null),
                    OLD_SUCCESS));

    assertThat(found.latest().name()).isEqualTo("job-a");
  }

  @Test
  void aPageOfRunsNoneOfWhichCanBePlacedIsUnusable() {
    RunSelection.Result result =
        RunSelection.of(
            List.of(
                run("job-x", "SUCCESS", "not a time", null),
                run(null, "SUCCESS", "2026-12-01T11:00:00Z", null)));

    assertThat(result).isInstanceOf(RunSelection.Unusable.class);
    assertThat(((RunSelection.Unusable) result).reason()).contains("none of the 2 runs");
  }

  @Test
  void anUnreadableConcludedAtOnAConcludedRunIsLeftEmpty() {
    RunSelection.Found found =
        (RunSelection.Found)
            RunSelection.of(List.of(run("job-e", "SUCCESS", "2026-12-01T10:30:00Z", "soon")));

    assertThat(found.latest())
        .isEqualTo(new LastRun("job-e", LastRun.SUCCEEDED, "2026-12-01T10:30:00Z", null));
  }

  @Test
  void equalStartsPreferTheRunInProgressThenTheName() {
    JobRun done = run("job-b", "SUCCESS", "2026-12-01T10:30:00Z", "2026-12-01T10:31:00Z");
    JobRun running = run("job-z", "RUNNING", "2026-12-01T10:30:00Z", null);

    assertThat(((RunSelection.Found) RunSelection.of(List.of(done, running))).latest().name())
        .isEqualTo("job-z");
    assertThat(((RunSelection.Found) RunSelection.of(List.of(running, done))).latest().name())
        .isEqualTo("job-z");
  }

  @Test
  void timestampsWithAnOffsetOrFractionsAreReadAndWrittenAsUtcSeconds() {
    RunSelection.Found found =
        (RunSelection.Found)
            RunSelection.of(
                List.of(
                    run("job-f", "FAILED", "2026-12-01T11:30:00.250+01:00", "2026-12-01T10:40Z")));

    assertThat(found.latest().startedAt()).isEqualTo("2026-12-01T10:30:00Z");
  }

  @Test
  void theStatusDecidesAndAnUnknownOneFallsBackOnTheFlags() {
    assertThat(RunSelection.status(run("a", "SUCCESS", null, null))).contains(LastRun.SUCCEEDED);
    // the documentation's own example: SUCCESS with succeeded 0
    assertThat(
            RunSelection.status(new JobRun(null, "a", "SUCCESS", 0, true, 0, 0, 0, 1, null, null)))
        .contains(LastRun.SUCCEEDED);
    assertThat(
            RunSelection.status(
                new JobRun(null, "a", "CANCELLED", 0, true, 1, 0, 0, 1, null, null)))
        .contains(LastRun.FAILED);
    assertThat(
            RunSelection.status(new JobRun(null, "a", "QUEUED", 1, false, 0, 0, 0, 0, null, null)))
        .contains(LastRun.RUNNING);
    assertThat(RunSelection.status(new JobRun(null, "a", null, 0, true, 0, 1, 0, 1, null, null)))
        .contains(LastRun.SUCCEEDED);
    assertThat(
            RunSelection.status(new JobRun(null, "a", "SKIPPED", 0, true, 0, 0, 0, 0, null, null)))
        .isEmpty();
  }
}
