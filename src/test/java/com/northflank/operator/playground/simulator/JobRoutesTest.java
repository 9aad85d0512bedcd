package com.northflank.operator.playground.simulator;

import static com.northflank.operator.playground.simulator.ApiAssertions.assertError;
import static com.northflank.operator.playground.simulator.ApiAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobRoutesTest {

  private static final String PLAIN = "/v1/projects/default-project";
  private static final String TEAM = "/v1/teams/example-team/projects/team-project";

  private final SimulatorFixture fixture = SimulatorFixture.seeded();

  @AfterEach
  void close() {
    fixture.close();
  }

  /** The same cron-job routes through the project path and through the team path. */
  static Stream<Arguments> scopes() {
    return Stream.of(
        Arguments.of(PLAIN, "default-project", "example-job"),
        Arguments.of(TEAM, "team-project", "team-job"));
  }

  @Test
  void getJobAnswersTheDocumentedExampleVerbatim() throws Exception {
    JsonNode body = assertOk(fixture.get(PLAIN + "/jobs/example-job"));

    JsonNode expected;
    try (InputStream in =
        getClass().getResourceAsStream("/fixtures/get-job-response-seed-example.json")) {
      expected = SimulatorFixture.MAPPER.readTree(in);
    }
    assertThat(body).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("scopes")
  void getJobHasTheGetJobResultShape(String prefix, String projectId, String jobId) {
    JsonNode job = assertOk(fixture.get(prefix + "/jobs/" + jobId)).get("data");

    assertThat(job.get("id").asText()).isEqualTo(jobId);
    assertThat(job.get("projectId").asText()).isEqualTo(projectId);
    assertThat(job.get("jobType").asText()).isEqualTo("cron");
    assertThat(job.get("tags").isArray()).isTrue();
    assertThat(job.get("disabledCI").isBoolean()).isTrue();
    assertThat(job.get("suspended").isBoolean()).isTrue();
    assertThat(job.at("/settings/cron/concurrencyPolicy").asText())
        .isIn("Allow", "Forbid", "Replace");
    assertThat(job.at("/settings/backoffLimit").isInt()).isTrue();
    assertThat(job.at("/billing/deploymentPlan").isTextual()).isTrue();
    assertThat(job.at("/cluster/id").isTextual()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("scopes")
  void listJobsReturnsSummariesOnly(String prefix, String projectId, String jobId) {
    JsonNode body = assertOk(fixture.get(prefix + "/jobs"));

    JsonNode jobs = body.at("/data/jobs");
    assertThat(jobs.isArray()).isTrue();
    List<String> ids = new ArrayList<>();
    Set<String> allowed =
        Set.of(
            "id",
            "projectId",
            "appId",
            "name",
            "tags",
            "description",
            "jobType",
            "disabledCI",
            "disabledCD",
            "suspended");
    for (JsonNode summary : jobs) {
      ids.add(summary.get("id").asText());
      assertThat(summary.get("projectId").asText()).isEqualTo(projectId);
      List<String> fields = new ArrayList<>();
      summary.fieldNames().forEachRemaining(fields::add);
      assertThat(allowed).containsAll(fields);
      assertThat(fields)
          .contains("id", "appId", "name", "tags", "jobType", "disabledCI", "disabledCD");
    }
    assertThat(ids).contains(jobId);
    JsonNode pagination = body.get("pagination");
    assertThat(pagination.get("hasNextPage").asBoolean()).isFalse();
    assertThat(pagination.has("cursor")).as("no cursor on the last page").isFalse();
    assertThat(pagination.get("count").asInt()).isEqualTo(jobs.size());
  }

  @ParameterizedTest
  @MethodSource("scopes")
  void patchTakesLowerCasePolicyAndGetShowsItCapitalised(
      String prefix, String projectId, String jobId) {
    JsonNode patched =
        assertOk(
                fixture.patch(
                    prefix + "/jobs/" + jobId,
                    """
                    {"description": "patched",
                     "settings": {"backoffLimit": 4,
                                  "cron": {"schedule": "15 3 * * 1", "concurrencyPolicy": "forbid",
                                           "suspended": true}}}
                    """))
            .get("data");

    // PatchJobResult speaks the request dialect: lower case, suspended under settings.cron.
    assertThat(patched.get("id").asText()).isEqualTo(jobId);
    assertThat(patched.get("appId").asText()).endsWith("/" + projectId + "/" + jobId);
    assertThat(patched.at("/settings/cron/concurrencyPolicy").asText()).isEqualTo("forbid");
    assertThat(patched.at("/settings/cron/suspended").asBoolean()).isTrue();
    assertThat(patched.at("/settings/cron/schedule").asText()).isEqualTo("15 3 * * 1");
    assertThat(patched.get("status").isObject()).isTrue();
    assertThat(patched.get("updatedAt").isTextual()).isTrue();

    JsonNode job = assertOk(fixture.get(prefix + "/jobs/" + jobId)).get("data");
    assertThat(job.at("/settings/cron/concurrencyPolicy").asText()).isEqualTo("Forbid");
    assertThat(job.at("/settings/cron/schedule").asText()).isEqualTo("15 3 * * 1");
    assertThat(job.at("/settings/cron").has("suspended")).isFalse();
    assertThat(job.get("suspended").asBoolean()).isTrue();
    assertThat(job.at("/settings/backoffLimit").asInt()).isEqualTo(4);
    assertThat(job.get("description").asText()).isEqualTo("patched");
    assertThat(fixture.simulator.job(projectId, jobId).orElseThrow().get("description").asText())
        .isEqualTo("patched");
  }

  @Test
  void patchDeepMergesNestedObjects() {
    assertOk(
        fixture.patch(
            PLAIN + "/jobs/example-job",
            """
            {"buildConfiguration": {"storage": {"ephemeralStorage": {"storageSize": 32768}}},
             "billing": {"deploymentPlan": "nf-compute-50"}}
            """));

    JsonNode job = assertOk(fixture.get(PLAIN + "/jobs/example-job")).get("data");
    assertThat(job.at("/buildConfiguration/storage/ephemeralStorage/storageSize").asInt())
        .isEqualTo(32768);
    assertThat(job.at("/buildConfiguration/pathIgnoreRules/0").asText()).isEqualTo("README.md");
    assertThat(job.at("/billing/deploymentPlan").asText()).isEqualTo("nf-compute-50");
  }

  @Test
  void patchBuildSettingsSwitchesTheBuildEngine() {
    JsonNode patched =
        assertOk(
                fixture.patch(
                    PLAIN + "/jobs/example-job",
                    """
                    {"buildSettings": {"dockerfile": {"buildEngine": "kaniko",
                      "dockerFilePath": "/app/Dockerfile", "dockerWorkDir": "/app"}}}
                    """))
            .get("data");
    assertThat(patched.at("/buildSettings/dockerfile/buildEngine").asText()).isEqualTo("kaniko");

    JsonNode job = assertOk(fixture.get(PLAIN + "/jobs/example-job")).get("data");
    assertThat(job.at("/buildEngineConfiguration/buildEngine").asText()).isEqualTo("kaniko");
    assertThat(job.at("/buildEngineConfiguration").has("buildpack")).isFalse();
    assertThat(job.at("/vcsData/dockerFilePath").asText()).isEqualTo("/app/Dockerfile");
  }

  @Test
  void patchRefusesWhatTheApiRefusesAndChangesNothing() {
    String path = PLAIN + "/jobs/example-job";
    ObjectNode before = fixture.simulator.job("default-project", "example-job").orElseThrow();

    assertError(
        fixture.patch(path, "{\"settings\":{\"cron\":{\"concurrencyPolicy\":\"Forbid\"}}}"), 400);
    assertError(fixture.patch(path, "{\"name\": \"renamed\"}"), 400);
    assertError(fixture.patch(path, "{\"settings\":{\"cron\":{\"schedule\":\"every day\"}}}"), 400);
    assertError(fixture.patch(path, "{\"settings\":{\"backoffLimit\":\"zero\"}}"), 400);
    assertError(
        fixture.patch(
            path, "{\"description\":\"x\",\"settings\":{\"cron\":{\"suspended\":\"yes\"}}}"),
        400);
    assertError(fixture.patch(path, "{not json"), 400);
    assertError(
        fixture.patch(
            PLAIN + "/jobs/manual-job", "{\"settings\":{\"cron\":{\"schedule\":\"0 1 * * *\"}}}"),
        400);

    assertThat(fixture.simulator.job("default-project", "example-job")).contains(before);
  }

  /** PatchJobData lacks them although Get Job shows them: refused, naming the field. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"disabledCD\": true} | disabledCD",
        "{\"suspended\": true} | suspended",
        "{\"deployment\": {\"docker\": {\"configType\": \"default\"}}} | deployment",
        "{\"vcsData\": {\"projectBranch\": \"main\"}} | vcsData",
        "{\"buildEngineConfiguration\": {\"buildEngine\": \"kaniko\"}} | buildEngineConfiguration",
        "{\"jobType\": \"manual\"} | jobType",
        "{\"settings\": {\"cron\": {\"timezone\": \"UTC\"}}} | settings.cron.timezone",
        "{\"billing\": {\"plan\": \"nf-compute-20\"}} | billing.plan",
        "{\"buildConfiguration\": {\"storage\": {\"size\": 1}}} | buildConfiguration.storage.size"
      })
  void patchRefusesFieldsPatchJobDataLacksAndNamesThem(String bodyAndField) {
    String[] parts = bodyAndField.split(" \\| ");

    JsonNode error = assertError(fixture.patch(PLAIN + "/jobs/example-job", parts[0]), 400);

    assertThat(error.get("message").asText()).isEqualTo("\"" + parts[1] + "\" is not allowed");
  }

  /** The request body's documented patterns, lengths and enums, each broken once. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"description\": \"emoji \u2603 not allowed\"} | \"description\" fails to match",
        "{\"description\": \"%s\"} | \"description\" length must be less than or equal to 200",
        "{\"tags\": [\"ok-tag\", \"no\"]} | \"tags[1]\" length must be at least 3",
        "{\"tags\": [\"bad_tag\"]} | \"tags[0]\" fails to match",
        "{\"stageId\": \"-x-\"} | \"stageId\" fails to match",
        "{\"billing\": {\"deploymentPlan\": \"nf compute\"}} | \"billing.deploymentPlan\" fails",
        "{\"billing\": {\"buildPlan\": \"ab\"}} | \"billing.buildPlan\" length must be at least 3",
        "{\"buildConfiguration\": {\"storage\": {\"ephemeralStorage\": {\"storageSize\": 1000}}}}"
            + " | \"buildConfiguration.storage.ephemeralStorage.storageSize\" must be one of",
        "{\"buildConfiguration\": {\"dockerCredentials\": [\"a b\"]}}"
            + " | \"buildConfiguration.dockerCredentials[0]\" fails to match",
        "{\"buildSettings\": {\"storage\": {\"ephemeralStorage\": {\"storageSize\": 2048}}}}"
            + " | \"buildSettings.storage.ephemeralStorage.storageSize\" must be one of",
        "{\"buildSettings\": {\"dockerfile\": {\"buildEngine\": \"docker\"}}}"
            + " | \"buildSettings.dockerfile.buildEngine\" must be one of",
        "{\"buildSettings\": {\"dockerfile\": {\"dockerFilePath\": \"Dockerfile\"}}}"
            + " | \"buildSettings.dockerfile.dockerFilePath\" fails to match",
        "{\"buildSettings\": {\"buildpack\": {\"builder\": \"HEROKU_99\"}}}"
            + " | \"buildSettings.buildpack.builder\" must be one of",
        "{\"healthChecks\": [{\"protocol\": \"HTTP\"}]} | \"healthChecks[0].type\" is required",
        "{\"settings\": {\"runOnSourceChange\": \"sometimes\"}}"
            + " | \"settings.runOnSourceChange\" must be one of",
        "{\"settings\": {\"cron\": {\"concurrencyPolicy\": \"Allow\"}}}"
            + " | \"settings.cron.concurrencyPolicy\" must be one of [allow, forbid, replace]",
        "{\"settings\": {\"cron\": {\"schedule\": \"daily at noon\"}}}"
            + " | \"settings.cron.schedule\" fails to match",
        "{\"settings\": {\"activeDeadlineSeconds\": 1.5}}"
            + " | \"settings.activeDeadlineSeconds\" must be an integer"
      })
  void patchValidatesTheDocumentedPatternsAndEnums(String bodyAndMessage) {
    String[] parts = bodyAndMessage.split(" \\| ");
    String body = parts[0].replace("%s", "x".repeat(201));

    JsonNode error = assertError(fixture.patch(PLAIN + "/jobs/example-job", body), 400);

    assertThat(error.get("message").asText()).startsWith(parts[1]);
  }

  @Test
  void patchAcceptsTheDocumentedExampleBody() throws Exception {
    String page;
    try (InputStream in =
        getClass().getResourceAsStream("/northflank-reference/northflank-patch-job-api.md")) {
      page = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    int start = page.indexOf("const payload = ") + "const payload = ".length();
    String example = page.substring(start, page.indexOf("\n}\n", start) + 2);
    // the example describes a Dockerfile build and a buildpack at once; the API takes one
    ObjectNode body = (ObjectNode) SimulatorFixture.MAPPER.readTree(example);
    ((ObjectNode) body.get("buildSettings")).remove("buildpack");

    JsonNode answer =
        assertOk(fixture.patch(PLAIN + "/jobs/example-job", body.toString())).get("data");

    assertThat(answer.get("description").asText()).isEqualTo("A job description");
    assertThat(answer.at("/healthChecks/0/type").asText()).isEqualTo("readinessProbe");
    assertThat(answer.at("/settings/cron/concurrencyPolicy").asText()).isEqualTo("forbid");
    assertThat(answer.at("/settings/runOnSourceChange").asText()).isEqualTo("never");
    assertThat(answer.get("updatedAt").isTextual()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("scopes")
  void suspendTogglesACronJob(String prefix, String projectId, String jobId) {
    JsonNode body =
        assertOk(fixture.post(prefix + "/jobs/" + jobId + "/suspend", "{\"suspended\": true}"));
    assertThat(body.get("data").isObject()).isTrue();
    assertThat(assertOk(fixture.get(prefix + "/jobs/" + jobId)).at("/data/suspended").asBoolean())
        .isTrue();

    assertOk(fixture.post(prefix + "/jobs/" + jobId + "/suspend", "{\"suspended\": false}"));
    assertThat(assertOk(fixture.get(prefix + "/jobs/" + jobId)).at("/data/suspended").asBoolean())
        .isFalse();
  }

  @Test
  void suspendingAManualJobIsAConflict() {
    assertError(fixture.post(PLAIN + "/jobs/manual-job/suspend", "{\"suspended\": true}"), 409);
    assertThat(
            fixture.simulator.job("default-project", "manual-job").orElseThrow().has("suspended"))
        .isFalse();
  }

  @Test
  void suspendRefusesAWronglyTypedFlag() {
    assertError(fixture.post(PLAIN + "/jobs/example-job/suspend", "{\"suspended\": \"yes\"}"), 400);
  }

  @ParameterizedTest
  @MethodSource("scopes")
  void runsHaveTheGetJobRunsResultShape(String prefix, String projectId, String jobId) {
    JsonNode body = assertOk(fixture.get(prefix + "/jobs/" + jobId + "/runs"));

    JsonNode runs = body.at("/data/runs");
    assertThat(runs.size()).isEqualTo(JobRuns.RUNS_PER_JOB);
    for (JsonNode run : runs) {
      assertThat(run.get("id").asText()).matches("[0-9a-f-]{36}");
      assertThat(run.get("runName").asText()).startsWith(jobId + "-");
      assertThat(run.get("status").asText()).isIn("SUCCESS", "RUNNING", "FAILED");
      assertThat(run.get("concluded").isBoolean()).isTrue();
      for (String number :
          List.of("active", "backoffLimit", "completions", "failed", "succeeded")) {
        assertThat(run.get(number).isInt()).as(number).isTrue();
      }
      assertThat(run.get("startedAt").asText()).endsWith("Z");
      if (run.get("concluded").asBoolean()) {
        assertThat(run.get("concludedAt").asText()).isGreaterThan(run.get("startedAt").asText());
      }
    }
    assertThat(body.at("/pagination/count").asInt()).isEqualTo(runs.size());
    assertThat(body.at("/pagination/hasNextPage").asBoolean()).isFalse();
    // A seeded job's past is derived from the job, so stable across calls.
    assertThat(assertOk(fixture.get(prefix + "/jobs/" + jobId + "/runs"))).isEqualTo(body);
  }

  @Test
  void runsPaginateWithTheirOwnCursor() {
    JsonNode first = assertOk(fixture.get(PLAIN + "/jobs/example-job/runs?per_page=2"));
    assertThat(first.at("/data/runs").size()).isEqualTo(2);
    assertThat(first.at("/pagination/hasNextPage").asBoolean()).isTrue();
    String cursor = first.at("/pagination/cursor").asText();

    JsonNode second =
        assertOk(fixture.get(PLAIN + "/jobs/example-job/runs?per_page=2&cursor=" + cursor));
    assertThat(second.at("/data/runs").size()).isEqualTo(1);
    assertThat(second.at("/pagination").has("cursor")).isFalse();

    // A runs cursor means nothing to the jobs list.
    assertError(fixture.get(PLAIN + "/jobs?cursor=" + cursor), 400);
  }

  @Test
  void unknownRoutesAreNotFound() {
    assertError(fixture.get("/v1/projects/default-project/services"), 404);
    assertError(fixture.get("/v1/projects/default-project/jobs/example-job/builds"), 404);
    assertError(fixture.get("/v2/projects/default-project/jobs"), 404);
    assertError(fixture.get("/"), 404);
    assertError(
        fixture.send(
            fixture
                .request(PLAIN + "/jobs/example-job", SimulatorFixture.TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build()),
        404);
    assertThat(fixture.simulator.counters().route(RequestCounters.UNMATCHED)).isEqualTo(5);

    // Whoever asks: without a token it is still 404, with one it also spends budget.
    HttpResponse<String> anonymous = fixture.get("/v1/projects/default-project/services", null);
    assertError(anonymous, 404);
    assertThat(anonymous.headers().firstValue("x-ratelimit-remaining")).isEmpty();
    HttpResponse<String> known = fixture.get("/v1/projects/default-project/services");
    assertThat(known.headers().firstValue("x-ratelimit-remaining")).isPresent();
  }

  @Test
  void unknownJobAndProjectAreNotFound() {
    assertError(fixture.get(PLAIN + "/jobs/no-such-job"), 404);
    assertError(fixture.get(PLAIN + "/jobs/no-such-job/runs"), 404);
    assertError(fixture.patch(PLAIN + "/jobs/no-such-job", "{}"), 404);
    assertError(fixture.post(PLAIN + "/jobs/no-such-job/suspend", "{\"suspended\":true}"), 404);
    assertError(fixture.get("/v1/projects/no-such-project/jobs"), 404);
  }

  @Test
  void aProjectIsOnlyReachableThroughItsOwnTeam() {
    assertError(fixture.get("/v1/teams/other-team/projects/team-project/jobs/team-job"), 404);
    assertError(fixture.get("/v1/teams/other-team/projects/team-project/jobs"), 404);
    assertError(
        fixture.get("/v1/teams/example-team/projects/default-project/jobs/example-job"), 404);
    // The project path works for a team's project too, as with a token scoped to it.
    assertOk(fixture.get("/v1/projects/team-project/jobs/team-job"));
  }

  @Test
  void pathSegmentsArePercentDecodedAfterSplitting() {
    ObjectNode odd = SeedJobs.example();
    odd.put("id", "odd/id runs");
    fixture.simulator.putJob(null, "default-project", odd);

    // %2F stays inside the job id: this is GET job "example-job/runs", not the runs route.
    assertError(fixture.get(PLAIN + "/jobs/example-job%2Fruns"), 404);
    RequestCounters counters = fixture.simulator.counters();
    assertThat(counters.route("GET /v1/projects/{projectId}/jobs/{jobId}")).isEqualTo(1);
    assertThat(counters.route("GET /v1/projects/{projectId}/jobs/{jobId}/runs")).isZero();

    JsonNode job = assertOk(fixture.get(PLAIN + "/jobs/odd%2Fid%20runs")).get("data");
    assertThat(job.get("id").asText()).isEqualTo("odd/id runs");
    assertThat(
            assertOk(fixture.get("/v1/projects/default%2Dproject/jobs/%65xample-job"))
                .at("/data/id")
                .asText())
        .isEqualTo("example-job");
    // %C3 alone is a valid escape but not UTF-8.
    assertError(fixture.get(PLAIN + "/jobs/bad%C3escape"), 400);
  }
}
