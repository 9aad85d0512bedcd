package com.northflank.operator.client;

import static com.northflank.operator.client.Fixtures.CANARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.client.NorthflankApiException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Create Job and Delete Job: what is sent, what comes back, how they fail, the read-only guard. */
class HttpNorthflankClientLifecycleTest {

  private static final ApiToken TOKEN = ApiToken.of(CANARY);
  private static final ProjectRef PROJECT = new ProjectRef(null, "default-project");
  private static final JobRef JOB = PROJECT.job("example-job");
  private static final String CREATE_ROUTE = "POST /v1/projects/{projectId}/jobs";
  private static final String DELETE_ROUTE = "DELETE /v1/projects/{projectId}/jobs/{jobId}";

  /** A runtime variable's value in the create request and in the fixture's echo of it. */
  private static final String RUNTIME_SECRET = "rt-secret-7d41a0";

  private final NorthflankStandIn api = NorthflankStandIn.start();
  private final List<ApiCall> calls = new CopyOnWriteArrayList<>();
  private final HttpNorthflankClient writer = client(api.baseUri(), true);

  @AfterEach
  void stopStandIn() {
    api.close();
  }

  @Test
  void createSendsTheRequestAsJsonToTheProjectsJobsRoute() {
    api.replyJson(200, Fixtures.text("create-job-response-example.json"));
    ObjectNode request = createRequest();

    writer.createJob(PROJECT, request, TOKEN);

    NorthflankStandIn.Received sent = api.onlyRequest();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.rawPath()).isEqualTo("/v1/projects/default-project/jobs");
    assertThat(sent.rawQuery()).isNull();
    assertThat(sent.header("Content-Type")).contains("application/json");
    assertThat(sent.header("Authorization")).contains("Bearer " + CANARY);
    assertThat(Fixtures.parse(sent.body())).isEqualTo(request);
    assertThat(calls).singleElement().satisfies(call -> {
      assertThat(call.route()).isEqualTo(CREATE_ROUTE);
      assertThat(call.status()).isEqualTo(200);
    });
  }

  @Test
  void aTeamProjectCreatesThroughTheTeamRoute() {
    api.replyJson(200, Fixtures.text("create-job-response-example.json"));

    writer.createJob(new ProjectRef("my-team", "p"), createRequest(), TOKEN);

    assertThat(api.onlyRequest().rawPath()).isEqualTo("/v1/teams/my-team/projects/p/jobs");
    assertThat(calls.get(0).route()).isEqualTo("POST /v1/teams/{teamId}/projects/{projectId}/jobs");
  }

  @Test
  void theCreateAnswerIsTheJobInTheGetJobShapeWithoutItsRuntimeVariables() {
    api.replyJson(200, Fixtures.text("create-job-response-example.json"));

    JobSnapshot created = writer.createJob(PROJECT, createRequest(), TOKEN);

    assertThat(created.job().id()).isEqualTo("example-job");
    assertThat(created.job().name()).isEqualTo("Example Job");
    assertThat(created.job().projectId()).isEqualTo("default-project");
    assertThat(created.job().billing().deploymentPlan()).isEqualTo("nf-compute-20");
    assertThat(created.job().settings().cron().concurrencyPolicy()).isEqualTo("Forbid");
    assertThat(created.job().settings().backoffLimit()).isZero();
    assertThat(created.job().suspended()).isFalse();
    assertThat(created.job().deployment().docker().configType()).isEqualTo("default");
    assertThat(created.job().vcsData().projectUrl())
        .isEqualTo("https://github.com/northflank/gatsby-with-northflank");
    assertThat(created.document().path("settings").path("cron").has("suspended")).isFalse();
    assertThat(created.document().has("runtimeEnvironment")).isFalse();
    assertThat(created.document().has("buildArguments")).isFalse();
    assertThat(created.document().has("dockerSecretMounts")).isFalse();
    assertThat(created.document().path("deployment").has("external")).isFalse();
    assertThat(created.document().toString()).doesNotContain(RUNTIME_SECRET);
  }

  @Test
  void anAnswerWithoutAnIdIsInvalid() {
    api.replyJson(200, "{\"data\": {\"name\": \"Example Job\"}}");

    NorthflankApiException e = createFailure();

    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(e.getMessage()).contains(CREATE_ROUTE, "data.id");
  }

  @Test
  void aJobThatExistsIsAConflictNamingTheProject() {
    api.replyJson(
        409, "{\"error\": {\"status\": 409, \"message\": \"A job with that name already exists\"}}");

    NorthflankApiException e = createFailure();

    assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
    assertThat(e.httpStatus()).hasValue(409);
    assertThat(e.getMessage())
        .isEqualTo(
            CREATE_ROUTE
                + " (project default-project) failed: HTTP 409: A job with that name already"
                + " exists");
  }

  @Test
  void createFailuresKeepTheirKinds() {
    api.replyJson(403, "{\"error\": {\"status\": 403, \"message\": \"missing permission\"}}");
    assertThat(createFailure().kind()).isEqualTo(Kind.FORBIDDEN);
    api.replyJson(400, "{\"error\": {\"status\": 400, \"message\": \"\\\"name\\\" is required\"}}");
    assertThat(createFailure().kind()).isEqualTo(Kind.BAD_REQUEST);
    api.replyJson(500, "{}");
    assertThat(createFailure().kind()).isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void theCreateBodyIsNeverLogged() {
    api.replyJson(200, Fixtures.text("create-job-response-example.json"));
    try (CapturedLogs logs = new CapturedLogs()) {
      writer.createJob(PROJECT, createRequest(), TOKEN);
      api.replyJson(400, "{\"error\": {\"status\": 400, \"message\": \"bad\"}}");
      createFailure();

      assertThat(logs.events()).isNotEmpty();
      assertThat(logs.events())
          .extracting(ILoggingEvent::getFormattedMessage)
          .noneMatch(message -> message.contains(RUNTIME_SECRET));
    }
  }

  @Test
  void deleteSendsDeleteToTheJobsRouteAndSaysItDeleted() {
    api.replyJson(200, "{\"data\": {}}");

    assertThat(writer.deleteJob(JOB, TOKEN)).isTrue();

    NorthflankStandIn.Received sent = api.onlyRequest();
    assertThat(sent.method()).isEqualTo("DELETE");
    assertThat(sent.rawPath()).isEqualTo("/v1/projects/default-project/jobs/example-job");
    assertThat(sent.header("Authorization")).contains("Bearer " + CANARY);
    assertThat(calls.get(0).route()).isEqualTo(DELETE_ROUTE);
    assertThat(calls.get(0).status()).isEqualTo(200);
  }

  @Test
  void aTeamJobIsDeletedThroughTheTeamRoute() {
    api.replyJson(200, "{\"data\": {}}");

    assertThat(writer.deleteJob(new JobRef("my-team", "p", "j"), TOKEN)).isTrue();

    assertThat(api.onlyRequest().rawPath()).isEqualTo("/v1/teams/my-team/projects/p/jobs/j");
    assertThat(calls.get(0).route())
        .isEqualTo("DELETE /v1/teams/{teamId}/projects/{projectId}/jobs/{jobId}");
  }

  @Test
  void aJobAlreadyGoneIsNoFailure() {
    api.replyJson(404, "{\"error\": {\"status\": 404, \"message\": \"Job not found\"}}");

    assertThat(writer.deleteJob(JOB, TOKEN)).isFalse();
    assertThat(calls.get(0).status()).as("still reported to the listener").isEqualTo(404);
  }

  @Test
  void deleteFailuresKeepTheirKindsAndNameTheJob() {
    api.replyJson(401, "{\"error\": {\"status\": 401, \"message\": \"Unauthorized\"}}");
    NorthflankApiException e = deleteFailure();
    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(e.getMessage())
        .isEqualTo(
            DELETE_ROUTE
                + " (project default-project, job example-job) failed: HTTP 401: Unauthorized");
    api.replyJson(403, "{}");
    assertThat(deleteFailure().kind()).isEqualTo(Kind.FORBIDDEN);
    api.replyJson(503, "{}");
    assertThat(deleteFailure().kind()).isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void aDeleteWithoutAnAnswerInTimeIsUnavailable() {
    HttpNorthflankClient impatient =
        new HttpNorthflankClient(
            api.baseUri(), Duration.ofSeconds(2), Duration.ofMillis(300), calls::add, true);
    api.replyJson(200, "{\"data\": {}}").holdReplies();

    NorthflankApiException e =
        catchThrowableOfType(NorthflankApiException.class, () -> impatient.deleteJob(JOB, TOKEN));

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage()).contains(DELETE_ROUTE, "no response within 300 ms");
    assertThat(calls.get(0).status()).isEqualTo(ApiCall.NO_RESPONSE);
  }

  @Test
  void aReadOnlyClientNeitherCreatesNorDeletes() {
    HttpNorthflankClient reader = client(api.baseUri(), false);

    assertThatIllegalStateException()
        .isThrownBy(() -> reader.createJob(PROJECT, createRequest(), TOKEN))
        .withMessageContaining("read-only")
        .withMessageContaining("POST");
    assertThatIllegalStateException()
        .isThrownBy(() -> reader.deleteJob(JOB, TOKEN))
        .withMessageContaining("read-only")
        .withMessageContaining("DELETE");
    assertThat(api.received()).isEmpty();
    assertThat(calls).isEmpty();
  }

  private static ObjectNode createRequest() {
    return (ObjectNode)
        Fixtures.parse(
            "{\"name\": \"Example Job\", \"billing\": {\"deploymentPlan\": \"nf-compute-20\"},"
                + " \"deployment\": {\"external\": {\"imagePath\": \"nginx:latest\"}},"
                + " \"runtimeEnvironment\": {\"variable1\": \""
                + RUNTIME_SECRET
                + "\"}, \"settings\": {\"backoffLimit\": 0}}");
  }

  private NorthflankApiException createFailure() {
    NorthflankApiException e =
        catchThrowableOfType(
            NorthflankApiException.class, () -> writer.createJob(PROJECT, createRequest(), TOKEN));
    assertThat(e).as("createJob should have failed").isNotNull();
    assertThat(e.getMessage()).doesNotContain(CANARY).doesNotContain(RUNTIME_SECRET);
    return e;
  }

  private NorthflankApiException deleteFailure() {
    NorthflankApiException e =
        catchThrowableOfType(NorthflankApiException.class, () -> writer.deleteJob(JOB, TOKEN));
    assertThat(e).as("deleteJob should have failed").isNotNull();
    assertThat(e.getMessage()).doesNotContain(CANARY);
    return e;
  }

  private HttpNorthflankClient client(URI base, boolean writes) {
    return new HttpNorthflankClient(
        base, Duration.ofSeconds(2), Duration.ofSeconds(5), calls::add, writes);
  }
}
