package com.northflank.operator.playground.simulator;

import static com.northflank.operator.playground.simulator.ApiAssertions.assertError;
import static com.northflank.operator.playground.simulator.ApiAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthTest {

  private static final String EXAMPLE = "/v1/projects/default-project/jobs/example-job";
  private static final String TEAM_JOB =
      "/v1/teams/example-team/projects/team-project/jobs/team-job";

  private final SimulatorFixture fixture =
      new SimulatorFixture(
          SimulatorOptions.builder()
              .seedJobs(true)
              .token(SimulatorFixture.TOKEN)
              .token("team-only", "team-project")
              .build());

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aMissingOrUnknownTokenIsUnauthorised() {
    HttpResponse<String> missing = fixture.get(EXAMPLE, null);
    assertError(missing, 401);
    assertThat(missing.headers().firstValue("x-ratelimit-limit")).isEmpty();

    assertError(fixture.get(EXAMPLE, "nobody-knows-me"), 401);
    assertError(
        fixture.send(
            fixture
                .request(EXAMPLE, null)
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .GET()
                .build()),
        401);
    // Before the job is looked up: an unknown job answers 401 too.
    assertError(fixture.get("/v1/projects/default-project/jobs/no-such-job", null), 401);
  }

  @Test
  void aTokenLimitedToProjectsIsForbiddenElsewhere() {
    assertOk(fixture.get(TEAM_JOB, "team-only"));
    assertOk(fixture.get("/v1/projects/team-project/jobs", "team-only"));

    HttpResponse<String> forbidden = fixture.get(EXAMPLE, "team-only");
    assertError(forbidden, 403);
    assertThat(forbidden.headers().firstValue("x-ratelimit-remaining")).isPresent();
    assertError(fixture.get("/v1/projects/default-project/jobs", "team-only"), 403);
    assertError(fixture.get("/v1/projects/default-project/jobs/no-such-job", "team-only"), 403);
  }

  @Test
  void anUnknownJobIsNotFoundOnlyAfterAuthentication() {
    assertError(fixture.get("/v1/projects/default-project/jobs/no-such-job"), 404);
  }

  @Test
  void tokensCanBeAddedAndRevokedAtRunTime() {
    assertError(fixture.get(EXAMPLE, "late-token"), 401);

    fixture.simulator.addToken("late-token", Set.of());
    assertOk(fixture.get(EXAMPLE, "late-token"));

    fixture.simulator.addToken("late-token", Set.of("team-project"));
    assertError(fixture.get(EXAMPLE, "late-token"), 403);

    fixture.simulator.revokeToken("late-token");
    assertError(fixture.get(TEAM_JOB, "late-token"), 401);
  }

  @Test
  void tokenValuesNeverAppearInOptionsText() {
    SimulatorOptions options = SimulatorOptions.builder().token("s3cr3t-value").build();

    assertThat(options.toString()).doesNotContain("s3cr3t-value").contains("tokens=1");
  }
}
