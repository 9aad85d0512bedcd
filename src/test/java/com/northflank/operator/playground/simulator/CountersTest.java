package com.northflank.operator.playground.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CountersTest {

  private static final String GET_JOB = "GET /v1/projects/{projectId}/jobs/{jobId}";
  private static final String TEAM_GET_JOB =
      "GET /v1/teams/{teamId}/projects/{projectId}/jobs/{jobId}";
  private static final String LIST = "GET /v1/projects/{projectId}/jobs";
  private static final String PATCH = "PATCH /v1/projects/{projectId}/jobs/{jobId}";
  private static final String SUSPEND = "POST /v1/projects/{projectId}/jobs/{jobId}/suspend";
  private static final String RUNS =
      "GET /v1/teams/{teamId}/projects/{projectId}/jobs/{jobId}/runs";

  private final SimulatorFixture fixture = SimulatorFixture.seeded();
  private final RequestCounters counters = fixture.simulator.counters();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void requestsAreCountedByRouteTemplateAndStatus() {
    fixture.get("/v1/projects/default-project/jobs/example-job");
    fixture.get("/v1/projects/default-project/jobs/example-job");
    fixture.get("/v1/projects/default-project/jobs/no-such-job");
    fixture.get("/v1/teams/example-team/projects/team-project/jobs/team-job");
    fixture.get("/v1/projects/default-project/jobs");
    fixture.patch("/v1/projects/default-project/jobs/example-job", "{\"description\":\"x\"}");
    fixture.post("/v1/projects/default-project/jobs/manual-job/suspend", "{\"suspended\":true}");
    fixture.get("/v1/teams/example-team/projects/team-project/jobs/team-job/runs");
    fixture.get("/v1/projects/default-project/jobs/example-job", null);
    fixture.get("/v1/nothing-here");

    assertThat(counters.total()).isEqualTo(10);
    assertThat(counters.route(GET_JOB)).isEqualTo(4);
    assertThat(counters.routeAndStatus(GET_JOB, 200)).isEqualTo(2);
    assertThat(counters.routeAndStatus(GET_JOB, 404)).isEqualTo(1);
    assertThat(counters.routeAndStatus(GET_JOB, 401)).isEqualTo(1);
    assertThat(counters.route(TEAM_GET_JOB)).isEqualTo(1);
    assertThat(counters.route(LIST)).isEqualTo(1);
    assertThat(counters.route(PATCH)).isEqualTo(1);
    assertThat(counters.routeAndStatus(SUSPEND, 409)).isEqualTo(1);
    assertThat(counters.route(RUNS)).isEqualTo(1);
    assertThat(counters.route(RequestCounters.UNMATCHED)).isEqualTo(1);
    assertThat(counters.status(200)).isEqualTo(6);
    assertThat(counters.status(404)).isEqualTo(2);
    assertThat(counters.byRoute()).containsEntry(GET_JOB, 4L);
    assertThat(counters.byStatus()).containsEntry(200, 6L).containsEntry(409, 1L);
    assertThat(counters.method("GET")).isEqualTo(8);
    assertThat(counters.method("PATCH")).isEqualTo(1);
    assertThat(counters.nonGet()).isEqualTo(2);
    assertThat(counters.path("GET /v1/projects/default-project/jobs/example-job")).isEqualTo(3);
    assertThat(counters.path("PATCH /v1/projects/default-project/jobs/example-job")).isEqualTo(1);
    assertThat(counters.path("GET /v1/projects/default-project/jobs/no-such-job")).isEqualTo(1);
    assertThat(counters.path("GET /v1/nothing-here")).isEqualTo(1);
    assertThat(fixture.simulator.writes().all())
        .extracting(WriteLog.Write::method, WriteLog.Write::path, WriteLog.Write::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "PATCH", "/v1/projects/default-project/jobs/example-job", 200),
            org.assertj.core.groups.Tuple.tuple(
                "POST", "/v1/projects/default-project/jobs/manual-job/suspend", 409));
    assertThat(fixture.simulator.writes().all().get(0).body()).isEqualTo("{\"description\":\"x\"}");

    counters.reset();
    assertThat(counters.total()).isZero();
    assertThat(counters.route(GET_JOB)).isZero();
    assertThat(counters.byStatus()).isEmpty();
    assertThat(counters.nonGet()).isZero();
  }
}
