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

/**
 * List Jobs: routes, cursor pagination, strict reading of pages and failures naming the project.
 */
class HttpNorthflankClientListTest {

  private static final ApiToken TOKEN = ApiToken.of(CANARY);
  private static final ProjectRef PROJECT = new ProjectRef(null, "default-project");

  /** The documentation page's example, with a second page announced. */
  private static final String FIRST_PAGE =
      """
      {"data": {"jobs": [
        {"id": "example-job", "projectId": "default-project",
         "appId": "/example-user/default-project/example-job", "name": "Example Job",
         "description": "This is the job description", "jobType": "cron",
         "disabledCI": false, "disabledCD": false, "suspended": false,
         "aFieldFromTheFuture": {"x": 1}},
        {"id": "manual-job", "projectId": "default-project", "name": "Manual Job",
         "tags": ["migrations"], "jobType": "manual", "disabledCI": false, "disabledCD": false}
       ]},
       "pagination": {"hasNextPage": true, "cursor": "am9iczptYW51YWwtam9i", "count": 2}}
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
  void firstPageAsksForPerPageWithoutCursor() {
    api.replyJson(200, FIRST_PAGE);

    client.listJobs(PROJECT, null, 100, TOKEN);

    NorthflankStandIn.Received request = api.onlyRequest();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.rawPath()).isEqualTo("/v1/projects/default-project/jobs");
    assertThat(request.rawQuery()).isEqualTo("per_page=100");
    assertThat(request.header("Authorization")).contains("Bearer " + CANARY);
  }

  @Test
  void cursorIsSentEncodedAsAQueryValue() {
    api.replyJson(200, FIRST_PAGE);

    client.listJobs(PROJECT, "a+b/c=&d", 50, TOKEN);

    assertThat(api.onlyRequest().rawQuery()).isEqualTo("per_page=50&cursor=a%2Bb%2Fc%3D%26d");
  }

  @Test
  void teamIdSelectsTheTeamScopedRoute() {
    api.replyJson(200, FIRST_PAGE);

    client.listJobs(new ProjectRef("my-team", "p/.."), null, 100, TOKEN);

    assertThat(api.onlyRequest().rawPath()).isEqualTo("/v1/teams/my-team/projects/p%2F%2E%2E/jobs");
  }

  @Test
  void pageBindsSummariesAndTheNextCursor() {
    api.replyJson(200, FIRST_PAGE);

    JobPage page = client.listJobs(PROJECT, null, 100, TOKEN);

    assertThat(page.hasNextPage()).isTrue();
    assertThat(page.nextCursor()).contains("am9iczptYW51YWwtam9i");
    assertThat(page.jobs())
        .containsExactly(
            new JobSummary(
                "example-job",
                "default-project",
                "/example-user/default-project/example-job",
                "Example Job",
                null,
                "This is the job description",
                "cron",
                false,
                false,
                false),
            new JobSummary(
                "manual-job",
                "default-project",
                null,
                "Manual Job",
                List.of("migrations"),
                null,
                "manual",
                false,
                false,
                null));
  }

  @Test
  void lastPageHasNoCursor() {
    api.replyJson(
        200, "{\"data\": {\"jobs\": []}, \"pagination\": {\"hasNextPage\": false, \"count\": 0}}");

    JobPage page = client.listJobs(PROJECT, "x", 100, TOKEN);

    assertThat(page.jobs()).isEmpty();
    assertThat(page.hasNextPage()).isFalse();
    assertThat(page.nextCursor()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"data\": {}, \"pagination\": {\"hasNextPage\": false}}",
        "{\"data\": {\"jobs\": {}}, \"pagination\": {\"hasNextPage\": false}}",
        "{\"data\": {\"jobs\": []}}",
        "{\"data\": {\"jobs\": []}, \"pagination\": {\"hasNextPage\": \"no\"}}",
        "{\"data\": {\"jobs\": []}, \"pagination\": {\"hasNextPage\": true}}",
        "{\"data\": {\"jobs\": []}, \"pagination\": {\"hasNextPage\": true, \"cursor\": \"\"}}",
        "{\"data\": {\"jobs\": [{\"name\": \"no id\"}]}, \"pagination\": {\"hasNextPage\": false}}",
        "{\"data\": {\"jobs\": [42]}, \"pagination\": {\"hasNextPage\": false}}",
        "{\"data\": {\"jobs\": [{\"id\": 7}]}, \"pagination\": {\"hasNextPage\": false}}"
      })
  void unusablePageIsAnInvalidResponse(String body) {
    api.replyJson(200, body);

    NorthflankApiException e =
        catchThrowableOfType(
            NorthflankApiException.class, () -> client.listJobs(PROJECT, null, 100, TOKEN));

    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(e.getMessage())
        .startsWith("GET /v1/projects/{projectId}/jobs (project default-project) returned");
  }

  @Test
  void summaryWithoutIdIsNamedByItsIndex() {
    api.replyJson(
        200,
        "{\"data\": {\"jobs\": [{\"id\": \"a\"}, {\"name\": \"b\"}]},"
            + " \"pagination\": {\"hasNextPage\": false}}");

    NorthflankApiException e =
        catchThrowableOfType(
            NorthflankApiException.class, () -> client.listJobs(PROJECT, null, 100, TOKEN));

    assertThat(e.getMessage()).contains("data.jobs[1].id");
  }

  @Test
  void failureNamesRouteAndProject() {
    api.replyJson(404, "{\"error\": {\"status\": 404, \"message\": \"Project not found\"}}");

    NorthflankApiException e =
        catchThrowableOfType(
            NorthflankApiException.class,
            () -> client.listJobs(new ProjectRef("my-team", "nope"), null, 100, TOKEN));

    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(e.getMessage())
        .isEqualTo(
            "GET /v1/teams/{teamId}/projects/{projectId}/jobs (team my-team, project nope)"
                + " failed: HTTP 404: Project not found");
    assertThat(e.getMessage()).doesNotContain(CANARY);
  }

  @Test
  void listenerSeesTheRouteTemplateWithoutIds() {
    api.replyJson(200, FIRST_PAGE, "x-ratelimit-remaining", "41");

    client.listJobs(PROJECT, "c", 100, TOKEN);

    assertThat(calls)
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.route()).isEqualTo("GET /v1/projects/{projectId}/jobs");
              assertThat(call.status()).isEqualTo(200);
              assertThat(call.token()).isEqualTo(TOKEN.fingerprint());
              assertThat(call.rateLimit().orElseThrow().remaining()).hasValue(41);
            });
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 101})
  void perPageOutsideTheApisRangeIsRefusedBeforeAnyRequest(int perPage) {
    assertThatThrownBy(() -> client.listJobs(PROJECT, null, perPage, TOKEN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(api.received()).isEmpty();
  }
}
