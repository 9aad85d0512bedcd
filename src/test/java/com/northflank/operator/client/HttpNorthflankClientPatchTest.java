package com.northflank.operator.client;

import static com.northflank.operator.client.Fixtures.CANARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.client.NorthflankApiException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PATCH jobs/{jobId}: what is sent, what comes back, how it fails, and the read-only guard. */
class HttpNorthflankClientPatchTest {

  private static final ApiToken TOKEN = ApiToken.of(CANARY);
  private static final JobRef JOB = new JobRef(null, "default-project", "example-job");
  private static final String ROUTE = "PATCH /v1/projects/{projectId}/jobs/{jobId}";

  private final NorthflankStandIn api = NorthflankStandIn.start();
  private final List<ApiCall> calls = new CopyOnWriteArrayList<>();
  private final HttpNorthflankClient writer = client(api.baseUri(), true);
  private final JobSnapshot before = read();

  @AfterEach
  void stopStandIn() {
    api.close();
  }

  @Test
  void sendsTheBodyAsJsonToTheJobsRoute() {
    api.replyJson(200, Fixtures.text("patch-job-response-example.json"));
    ObjectNode body =
        (ObjectNode) Fixtures.parse("{\"settings\":{\"cron\":{\"concurrencyPolicy\":\"allow\"}}}");

    writer.patchJob(JOB, body, before, TOKEN);

    NorthflankStandIn.Received request = api.received().get(1);
    assertThat(request.method()).isEqualTo("PATCH");
    assertThat(request.rawPath()).isEqualTo("/v1/projects/default-project/jobs/example-job");
    assertThat(request.header("Content-Type")).contains("application/json");
    assertThat(request.header("Authorization")).contains("Bearer " + CANARY);
    assertThat(Fixtures.parse(request.body())).isEqualTo(body);
    assertThat(calls.get(1).route()).isEqualTo(ROUTE);
    assertThat(calls.get(1).status()).isEqualTo(200);
  }

  @Test
  void aTeamJobIsPatchedThroughTheTeamRoute() {
    api.replyJson(200, Fixtures.text("patch-job-response-example.json"));

    writer.patchJob(
        new JobRef("my-team", "p", "j"),
        (ObjectNode) Fixtures.parse("{\"description\":\"x\"}"),
        before,
        TOKEN);

    assertThat(api.received().get(1).rawPath()).isEqualTo("/v1/teams/my-team/projects/p/jobs/j");
    assertThat(calls.get(1).route())
        .isEqualTo("PATCH /v1/teams/{teamId}/projects/{projectId}/jobs/{jobId}");
  }

  @Test
  void theAnswerIsTheNewObservationInTheGetJobShape() {
    api.replyJson(200, Fixtures.text("patch-job-response-example.json"));

    JobSnapshot after =
        writer.patchJob(JOB, (ObjectNode) Fixtures.parse("{\"description\":\"x\"}"), before, TOKEN);

    assertThat(after.job().description()).isEqualTo("A job description");
    assertThat(after.job().settings().cron().concurrencyPolicy()).isEqualTo("Forbid");
    assertThat(after.job().suspended()).isFalse();
    assertThat(after.job().vcsData()).isEqualTo(before.job().vcsData());
    assertThat(after.job().tags()).isEqualTo(before.job().tags());
    assertThat(after.document().has("buildSettings")).isFalse();
    assertThat(api.received()).as("no extra read").hasSize(2);
  }

  @Test
  void aRefusalNamesTheRouteAndTheJobAndKeepsTheApiMessage() {
    api.replyJson(
        400,
        "{\"error\": {\"status\": 400, \"message\": \"\\\"disabledCD\\\" is not allowed ("
            + CANARY
            + ")\"}}");

    NorthflankApiException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
    assertThat(e.getMessage())
        .isEqualTo(
            ROUTE
                + " (project default-project, job example-job) failed: HTTP 400:"
                + " \"disabledCD\" is not allowed ([REDACTED])");
  }

  @Test
  void aConflictIsItsOwnKind() {
    api.replyJson(409, "{\"error\": {\"status\": 409, \"message\": \"build in progress\"}}");

    assertThat(failure().kind()).isEqualTo(Kind.CONFLICT);
  }

  @Test
  void anUnusableAnswerIsAnInvalidResponse() {
    api.replyJson(200, "{\"data\": {\"settings\": {\"backoffLimit\": \"zero\"}}}");

    NorthflankApiException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(e.getMessage()).contains(ROUTE, "settings.backoffLimit");
  }

  @Test
  void aReadOnlyClientSendsNoWrite() {
    HttpNorthflankClient reader = client(api.baseUri(), false);
    int before = api.received().size();

    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                reader.patchJob(
                    JOB,
                    (ObjectNode) Fixtures.parse("{\"description\":\"x\"}"),
                    this.before,
                    TOKEN))
        .withMessageContaining("read-only");
    assertThat(api.received()).hasSize(before);
    assertThat(reader.writesAllowed()).isFalse();
    assertThat(
            new HttpNorthflankClient(
                    api.baseUri(), Duration.ofSeconds(2), Duration.ofSeconds(5), calls::add)
                .writesAllowed())
        .as("read-only unless writes are asked for")
        .isFalse();
  }

  private NorthflankApiException failure() {
    NorthflankApiException e =
        catchThrowableOfType(
            NorthflankApiException.class,
            () ->
                writer.patchJob(
                    JOB, (ObjectNode) Fixtures.parse("{\"description\":\"x\"}"), before, TOKEN));
    assertThat(e).as("patchJob should have failed").isNotNull();
    assertThat(e.getMessage()).doesNotContain(CANARY);
    return e;
  }

  private JobSnapshot read() {
    api.replyJson(200, Fixtures.text(Fixtures.SEED));
    return writer.getJob(JOB, TOKEN);
  }

  private HttpNorthflankClient client(URI base, boolean writes) {
    return new HttpNorthflankClient(
        base, Duration.ofSeconds(2), Duration.ofSeconds(5), calls::add, writes);
  }
}
