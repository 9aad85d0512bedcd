package com.northflank.operator.playground.simulator;

import static com.northflank.operator.playground.simulator.ApiAssertions.assertError;
import static com.northflank.operator.playground.simulator.ApiAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runs route as tests, the demo and the clock make runs: stored, concluded, scheduled. */
class JobRunsTest {

  private static final String PROJECT = "default-project";
  private static final String RUNS = "/v1/projects/default-project/jobs/%s/runs";
  private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private SimulatorFixture fixture =
      new SimulatorFixture(
          SimulatorOptions.builder()
              .seedJobs(true)
              .token(SimulatorFixture.TOKEN)
              .clock(clock)
              .build());

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aJobPutByATestHasNoRunsUntilOneIsAdded() {
    putJob("fresh-job");

    JsonNode empty = runs("fresh-job", "");
    assertThat(empty.at("/data/runs").size()).isZero();
    assertThat(empty.at("/pagination/hasNextPage").asBoolean()).isFalse();
    assertThat(empty.at("/pagination/count").asInt()).isZero();

    clock.advance(Duration.ofMinutes(5));
    String name =
        fixture.simulator.addRun(PROJECT, "fresh-job", RunStatus.FAILED, Duration.ofSeconds(90));

    JsonNode run = runs("fresh-job", "").at("/data/runs/0");
    assertThat(run.get("runName").asText()).isEqualTo(name).startsWith("fresh-job-");
    assertThat(run.get("status").asText()).isEqualTo("FAILED");
    assertThat(run.get("concluded").asBoolean()).isTrue();
    assertThat(run.get("failed").asInt()).isOne();
    assertThat(run.get("succeeded").asInt()).isZero();
    assertThat(run.get("active").asInt()).isZero();
    assertThat(run.get("startedAt").asText()).isEqualTo("2026-12-01T10:03:30Z");
    assertThat(run.get("concludedAt").asText()).isEqualTo("2026-12-01T10:05:00Z");
  }

  @Test
  void aRunningRunHasNoConclusionUntilItIsConcluded() {
    putJob("long-job");
    String name = fixture.simulator.addRun(PROJECT, "long-job", RunStatus.RUNNING);

    JsonNode running = runs("long-job", "").at("/data/runs/0");
    assertThat(running.get("status").asText()).isEqualTo("RUNNING");
    assertThat(running.get("concluded").asBoolean()).isFalse();
    assertThat(running.get("active").asInt()).isOne();
    assertThat(running.has("concludedAt")).isFalse();

    clock.advance(Duration.ofMinutes(2));
    assertThat(fixture.simulator.concludeRun(PROJECT, "long-job", name, RunStatus.SUCCESS))
        .isTrue();
    assertThat(fixture.simulator.concludeRun(PROJECT, "long-job", name, RunStatus.FAILED))
        .as("only a run in progress concludes")
        .isFalse();

    JsonNode done = runs("long-job", "").at("/data/runs/0");
    assertThat(done.get("runName").asText()).isEqualTo(name);
    assertThat(done.get("status").asText()).isEqualTo("SUCCESS");
    assertThat(done.get("succeeded").asInt()).isOne();
    assertThat(done.get("concludedAt").asText()).isEqualTo("2026-12-01T10:02:00Z");
    assertThatThrownBy(
            () -> fixture.simulator.concludeRun(PROJECT, "long-job", name, RunStatus.RUNNING))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addedRunsComeNewestFirstBeforeTheSeededPastAndPaginate() {
    List<String> added = new ArrayList<>();
    for (RunStatus status : List.of(RunStatus.SUCCESS, RunStatus.FAILED, RunStatus.RUNNING)) {
      // the same instant each time: the newest is still the one added last
      added.add(fixture.simulator.addRun(PROJECT, "example-job", status));
    }

    List<String> names = new ArrayList<>();
    JsonNode page = runs("example-job", "?per_page=2");
    while (true) {
      page.at("/data/runs").forEach(r -> names.add(r.get("runName").asText()));
      if (!page.at("/pagination/hasNextPage").asBoolean()) {
        break;
      }
      assertThat(page.at("/pagination/count").asInt()).isEqualTo(2);
      page = runs("example-job", "?per_page=2&cursor=" + page.at("/pagination/cursor").asText());
    }

    assertThat(names).hasSize(3 + JobRuns.RUNS_PER_JOB).doesNotHaveDuplicates();
    assertThat(names.subList(0, 3)).containsExactly(added.get(2), added.get(1), added.get(0));
    JsonNode all = runs("example-job", "?per_page=100").at("/data/runs");
    for (int i = 1; i < all.size(); i++) {
      assertThat(Instant.parse(all.get(i).get("startedAt").asText()))
          .as("newest first")
          .isBefore(Instant.parse(all.get(i - 1).get("startedAt").asText()));
    }
  }

  @Test
  void clearedRunsAreGoneSeededPastIncluded() {
    fixture.simulator.addRun(PROJECT, "example-job", RunStatus.SUCCESS);

    fixture.simulator.clearRuns(PROJECT, "example-job");

    assertThat(runs("example-job", "").at("/data/runs").size()).isZero();
    assertThatThrownBy(() -> fixture.simulator.addRun(PROJECT, "no-such-job", RunStatus.SUCCESS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-job");
  }

  @Test
  void withRunEveryCronJobsStartRunsAsTheClockMovesAndSuspendedOnesDoNot() {
    fixture.close();
    fixture =
        new SimulatorFixture(
            SimulatorOptions.builder()
                .seedJobs(true)
                .token(SimulatorFixture.TOKEN)
                .clock(clock)
                .runEvery(Duration.ofMinutes(1))
                .build());
    int seeded = JobRuns.RUNS_PER_JOB;
    assertThat(runs("example-job", "?per_page=100").at("/data/runs").size()).isEqualTo(seeded);

    clock.advance(Duration.ofSeconds(80));
    JsonNode first = runs("example-job", "?per_page=100").at("/data/runs");
    assertThat(first.size()).isEqualTo(seeded + 1);
    assertThat(first.at("/0/startedAt").asText()).isEqualTo("2026-12-01T10:01:00Z");
    // a quarter of the period: 15 s, over at 10:01:20
    assertThat(first.at("/0/concludedAt").asText()).isEqualTo("2026-12-01T10:01:15Z");
    assertThat(first.at("/0/status").asText()).isIn("SUCCESS", "FAILED");

    clock.advance(Duration.ofSeconds(45));
    JsonNode second = runs("example-job", "?per_page=100").at("/data/runs");
    assertThat(second.size()).isEqualTo(seeded + 2);
    assertThat(second.at("/0/startedAt").asText()).isEqualTo("2026-12-01T10:02:00Z");
    assertThat(second.at("/0/status").asText()).as("5 s into its 15 s").isEqualTo("RUNNING");

    clock.advance(Duration.ofSeconds(620));
    JsonNode many = runs("example-job", "?per_page=100").at("/data/runs");
    long failed =
        java.util.stream.StreamSupport.stream(many.spliterator(), false)
            .limit(12)
            .filter(r -> r.get("status").asText().equals("FAILED"))
            .count();
    assertThat(failed).as("one scheduled run in four fails").isEqualTo(3);
    // nightly-report is suspended, manual-job is not a cron job
    assertThat(runs("nightly-report", "?per_page=100").at("/data/runs").size()).isEqualTo(seeded);
    assertThat(runs("manual-job", "?per_page=100").at("/data/runs").size()).isEqualTo(seeded);
  }

  @Test
  void faultsCanHitTheRunsRouteAloneWhileGetJobWorks() {
    fixture.simulator.faults().jobRuns(PROJECT, "example-job").forceStatus(500, 2);

    assertError(fixture.get(String.format(RUNS, "example-job")), 500);
    assertOk(fixture.get("/v1/projects/default-project/jobs/example-job"));
    assertOk(fixture.get(String.format(RUNS, "manual-job")));
    assertError(fixture.get(String.format(RUNS, "example-job")), 500);
    assertOk(fixture.get(String.format(RUNS, "example-job")));

    fixture.simulator.faults().runs().malformedJson(1.0);
    assertThat(fixture.get(String.format(RUNS, "manual-job")).body()).doesNotEndWith("}");
    assertOk(fixture.get("/v1/projects/default-project/jobs/manual-job"));
    fixture.simulator.faults().clear();
    assertOk(fixture.get(String.format(RUNS, "manual-job")));
  }

  private void putJob(String jobId) {
    ObjectNode job = SeedJobs.example();
    job.put("id", jobId);
    fixture.simulator.putJob(null, PROJECT, job);
  }

  private JsonNode runs(String jobId, String query) {
    return assertOk(fixture.get(String.format(RUNS, jobId) + query));
  }
}
