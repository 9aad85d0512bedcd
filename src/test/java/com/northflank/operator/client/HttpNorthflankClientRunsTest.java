package com.northflank.operator.client;

import static com.northflank.operator.client.Fixtures.CANARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.northflank.operator.client.NorthflankApiException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Get Job Runs: the route, strict reading of a page, failures naming the runs route and job. */
class HttpNorthflankClientRunsTest {

  private static final ApiToken TOKEN = ApiToken.of(CANARY);
  private static final JobRef JOB = new JobRef(null, "default-project", "example-job");

  /** The documentation page's example, plus a run in progress without concludedAt. */
  private static final String PAGE =
      """
      {"data": {"runs": [
        {"id": "d34582a4-35bd-4c71-8e7c-e36999b88723", "active": 0, "backoffLimit": 0,
         "completions": 1, "concluded": true, "failed": 0,
         "runName": "example-job-5fcf67bc56e1913e21d49504", "status": "SUCCESS",
         "succeeded": 0, "startedAt": "2020-12-08T11:47:08Z",
         "concludedAt": "2020-12-08T11:52:08Z", "aFieldFromTheFuture": {"x": 1}},
        {"id": "e1", "active": 1, "backoffLimit": 2, "completions": 0, "concluded": false,
         "failed": 0, "runName": "example-job-running", "status": "RUNNING", "succeeded": 0,
         "startedAt": "2020-12-09T11:47:08Z"}
       ]},
       "pagination": {"hasNextPage": true, "cursor": "abc", "count": 2}}
      """;

  private final NorthflankStandIn api = NorthflankStandIn.start();
  private final List<ApiCall> calls = new CopyOnWriteArrayList<>();
  private final HttpNorthflankClient client =
      new HttpNorthflankClient(
          api.baseUri(), Duration.ofSeconds(2), Duration.ofSeconds(5), calls::add);

  @AfterEach
  void stopStandIn() {
    api.close();
  }

  @Test
  void asksForOneSmallPageOfTheJobsRuns() {
    api.replyJson(200, PAGE);

    client.listRuns(JOB, 10, TOKEN);

    NorthflankStandIn.Received request = api.onlyRequest();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.rawPath()).isEqualTo("/v1/projects/default-project/jobs/example-job/runs");
    assertThat(request.rawQuery()).isEqualTo("per_page=10");
    assertThat(request.header("Authorization")).contains("Bearer " + CANARY);
  }

  @Test
  void teamIdSelectsTheTeamScopedRouteAndIdsStayOneSegment() {
    api.replyJson(200, PAGE);

    client.listRuns(new JobRef("my-team", "p", "j/../x"), 1, TOKEN);

    assertThat(api.onlyRequest().rawPath())
        .isEqualTo("/v1/teams/my-team/projects/p/jobs/j%2F%2E%2E%2Fx/runs");
  }

  @Test
  void pageBindsRunsInTheApisOrderAndIgnoresUnknownFields() {
    api.replyJson(200, PAGE);

    RunPage page = client.listRuns(JOB, 10, TOKEN);

    assertThat(page.hasNextPage()).isTrue();
    assertThat(page.runs())
        .containsExactly(
            new JobRun(
                "d34582a4-35bd-4c71-8e7c-e36999b88723",
                "example-job-5fcf67bc56e1913e21d49504",
                "SUCCESS",
                0,
                true,
                0,
                0,
                0,
                1,
                "2020-12-08T11:47:08Z",
                "2020-12-08T11:52:08Z"),
            new JobRun(
                "e1",
                "example-job-running",
                "RUNNING",
                1,
                false,
                0,
                0,
                2,
                0,
                "2020-12-09T11:47:08Z",
                null));
  }

  @Test
  void anEmptyPageWithoutPaginationIsNoRuns() {
    api.replyJson(200, "{\"data\": {\"runs\": []}}");

    RunPage page = client.listRuns(JOB, 10, TOKEN);

    assertThat(page.runs()).isEmpty();
    assertThat(page.hasNextPage()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"data\": {}}",
        "{\"data\": {\"runs\": {}}}",
        "{\"data\": {\"runs\": [42]}}",
        "{\"data\": {\"runs\": [{\"concluded\": \"yes\"}]}}",
        "{\"data\": {\"runs\": [{\"completions\": \"one\"}]}}",
        "{\"data\": {\"runs\": [{\"startedAt\": 1607428028}]}}",
        "{\"data\": {\"runs\": [",
        "<html>Bad Gateway</html>"
      })
  void garbageIsAnInvalidResponseNamingTheRunsRouteAndJob(String body) {
    api.replyJson(200, body);

    NorthflankApiException e =
        catchThrowableOfType(NorthflankApiException.class, () -> client.listRuns(JOB, 10, TOKEN));

    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(e.getMessage())
        .startsWith(
            "GET /v1/projects/{projectId}/jobs/{jobId}/runs (project default-project, job"
                + " example-job) returned an invalid response (HTTP 200)");
  }

  @Test
  void failureNamesTheRunsRouteAndNeverTheToken() {
    api.replyJson(500, "{\"error\": {\"status\": 500, \"message\": \"boom " + CANARY + "\"}}");

    NorthflankApiException e =
        catchThrowableOfType(NorthflankApiException.class, () -> client.listRuns(JOB, 10, TOKEN));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage())
        .startsWith(
            "GET /v1/projects/{projectId}/jobs/{jobId}/runs (project default-project, job"
                + " example-job) failed: HTTP 500: boom")
        .doesNotContain(CANARY);
  }

  @Test
  void listenerSeesTheRunsRouteTemplate() {
    api.replyJson(200, PAGE);

    client.listRuns(JOB, 10, TOKEN);

    assertThat(calls)
        .singleElement()
        .satisfies(
            call ->
                assertThat(call.route())
                    .isEqualTo("GET /v1/projects/{projectId}/jobs/{jobId}/runs"));
  }

  @Test
  void perPageIsBoundedLikeTheApi() {
    assertThatThrownBy(() -> client.listRuns(JOB, 0, TOKEN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.listRuns(JOB, 101, TOKEN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(api.received()).isEmpty();
  }
}
