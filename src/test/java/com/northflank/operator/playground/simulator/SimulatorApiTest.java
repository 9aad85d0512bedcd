package com.northflank.operator.playground.simulator;

import static com.northflank.operator.playground.simulator.ApiAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatorApiTest {

  private final SimulatorFixture fixture = SimulatorFixture.seeded();
  private final NorthflankSimulator simulator = fixture.simulator;

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void startsOnAnEphemeralLoopbackPort() {
    assertThat(simulator.port()).isPositive();
    assertThat(simulator.baseUrl().toString()).isEqualTo("http://127.0.0.1:" + simulator.port());
  }

  @Test
  void seedJobsCoverTheVariantsTestsNeed() {
    assertThat(simulator.job("default-project", "example-job")).isPresent();
    assertThat(simulator.job("default-project", "manual-job").orElseThrow().get("jobType").asText())
        .isEqualTo("manual");
    assertThat(
            simulator
                .job("default-project", "nightly-report")
                .orElseThrow()
                .get("suspended")
                .asBoolean())
        .isTrue();
    assertThat(
            simulator
                .job("default-project", "docker-build-job")
                .orElseThrow()
                .at("/buildEngineConfiguration/buildEngine")
                .asText())
        .isEqualTo("buildkit");
    assertThat(
            simulator
                .job("default-project", "kaniko-build-job")
                .orElseThrow()
                .at("/buildEngineConfiguration/buildEngine")
                .asText())
        .isEqualTo("kaniko");
    assertThat(simulator.job("team-project", "team-job").orElseThrow().get("appId").asText())
        .isEqualTo("/example-team/team-project/team-job");
  }

  @Test
  void jobReturnsACopy() {
    ObjectNode copy = simulator.job("default-project", "example-job").orElseThrow();
    copy.put("name", "changed locally");

    assertThat(simulator.job("default-project", "example-job").orElseThrow().get("name").asText())
        .isEqualTo("Example Job");
  }

  @Test
  void putUpdateAndDeleteShowThroughTheApi() {
    ObjectNode job = SeedJobs.example();
    job.put("id", "put-job");
    job.remove("appId");
    job.remove("projectId");
    simulator.putJob("example-team", "team-project", job);
    job.put("name", "mutated after put");

    ObjectNode stored = simulator.job("team-project", "put-job").orElseThrow();
    assertThat(stored.get("appId").asText()).isEqualTo("/example-team/team-project/put-job");
    assertThat(stored.get("name").asText()).isEqualTo("Example Job");

    assertThat(
            simulator.updateJob(
                "team-project",
                "put-job",
                doc -> doc.with("settings").with("cron").put("schedule", "0 0 * * 0")))
        .isTrue();
    assertThat(
            assertOk(fixture.get("/v1/teams/example-team/projects/team-project/jobs/put-job"))
                .at("/data/settings/cron/schedule")
                .asText())
        .isEqualTo("0 0 * * 0");

    assertThat(simulator.deleteJob("team-project", "put-job")).isTrue();
    assertThat(simulator.deleteJob("team-project", "put-job")).isFalse();
    assertThat(
            fixture.get("/v1/teams/example-team/projects/team-project/jobs/put-job").statusCode())
        .isEqualTo(404);
    assertThat(simulator.updateJob("team-project", "put-job", doc -> {})).isFalse();
  }

  @Test
  void aProjectKeepsItsTeam() {
    ObjectNode job = SeedJobs.example();
    job.put("id", "elsewhere");
    job.remove("projectId");

    assertThatThrownBy(() -> simulator.putJob("other-team", "team-project", job))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> simulator.putJob(null, "team-project", SeedJobs.example()))
        .as("declares default-project")
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closeIsIdempotent() {
    simulator.close();
    simulator.close();
  }
}
