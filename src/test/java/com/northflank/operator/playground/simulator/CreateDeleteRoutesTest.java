package com.northflank.operator.playground.simulator;

import static com.northflank.operator.playground.simulator.ApiAssertions.assertError;
import static com.northflank.operator.playground.simulator.ApiAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** POST jobs and DELETE jobs/{jobId}: validation, the derived id, 409, 404, and what is stored. */
class CreateDeleteRoutesTest {

  private static final String PLAIN = "/v1/projects/default-project";
  private static final String TEAM = "/v1/teams/example-team/projects/team-project";
  private static final String RUNTIME_SECRET = "rt-secret-51b7c2";

  private final SimulatorFixture fixture = SimulatorFixture.seeded();

  @AfterEach
  void close() {
    fixture.close();
  }

  static Stream<Arguments> bothRoutes() {
    return Stream.of(
        Arguments.of(PLAIN, "default-project"), Arguments.of(TEAM, "team-project"));
  }

  @ParameterizedTest
  @MethodSource("bothRoutes")
  void aCreatedJobGetsItsIdFromItsNameAndIsReadLikeAnyOther(String base, String projectId) {
    JsonNode created = assertOk(fixture.post(base + "/jobs", request("Nightly Report Export")));

    assertThat(created.at("/data/id").asText()).isEqualTo("nightly-report-export");
    assertThat(created.at("/data/name").asText()).isEqualTo("Nightly Report Export");
    assertThat(created.at("/data/jobType").asText()).isEqualTo("cron");
    assertThat(created.at("/data/settings/cron/concurrencyPolicy").asText()).isEqualTo("forbid");
    assertThat(created.at("/data/settings/cron/suspended").asBoolean()).isFalse();
    assertThat(created.at("/data/deployment/external/imagePath").asText())
        .isEqualTo("nginx:latest");
    assertThat(created.at("/data/appId").asText()).endsWith("/" + projectId + "/nightly-report-export");

    JsonNode read = assertOk(fixture.get(base + "/jobs/nightly-report-export")).get("data");
    assertThat(read.get("id").asText()).isEqualTo("nightly-report-export");
    assertThat(read.get("projectId").asText()).isEqualTo(projectId);
    assertThat(read.get("name").asText()).isEqualTo("Nightly Report Export");
    assertThat(read.at("/billing/deploymentPlan").asText()).isEqualTo("nf-compute-20");
    assertThat(read.at("/settings/backoffLimit").asInt()).isEqualTo(2);
    assertThat(read.at("/settings/cron/schedule").asText()).isEqualTo("0 3 * * *");
    assertThat(read.at("/settings/cron/concurrencyPolicy").asText()).isEqualTo("Forbid");
    assertThat(read.get("suspended").asBoolean()).isFalse();
    assertThat(read.get("tags")).hasSize(1);
    assertThat(read.has("createdAt")).isTrue();

    JsonNode list = assertOk(fixture.get(base + "/jobs?per_page=100"));
    assertThat(list.at("/data/jobs").findValuesAsText("id")).contains("nightly-report-export");
    assertOk(fixture.patch(base + "/jobs/nightly-report-export", "{\"description\":\"changed\"}"));
    assertThat(
            assertOk(fixture.get(base + "/jobs/nightly-report-export")).at("/data/description")
                .asText())
        .isEqualTo("changed");
    assertThat(assertOk(fixture.get(base + "/jobs/nightly-report-export/runs")).at("/data/runs"))
        .as("a new job has not run yet")
        .isEmpty();
  }

  @Test
  void theRuntimeVariablesAreKeptButGetJobNeverShowsThem() {
    assertOk(fixture.post(PLAIN + "/jobs", request("Secret Holder")));

    HttpResponse<String> read = fixture.get(PLAIN + "/jobs/secret-holder");
    HttpResponse<String> list = fixture.get(PLAIN + "/jobs");
    HttpResponse<String> patched =
        fixture.patch(PLAIN + "/jobs/secret-holder", "{\"description\":\"x\"}");

    assertThat(read.body()).doesNotContain(RUNTIME_SECRET).doesNotContain("runtimeEnvironment");
    assertThat(list.body()).doesNotContain(RUNTIME_SECRET);
    // PatchJobResult echoes the write-only fields, as the real answer does
    assertThat(SimulatorFixture.json(patched).at("/data/runtimeEnvironment/LOG_LEVEL").asText())
        .isEqualTo(RUNTIME_SECRET);
  }

  @Test
  void whatGetJobRequiresAndACreateLeftOutGetsADefault() {
    ObjectNode body = requestTree("Bare Job");
    body.remove("tags");

    assertOk(fixture.post(PLAIN + "/jobs", body.toString()));

    JsonNode read = assertOk(fixture.get(PLAIN + "/jobs/bare-job")).get("data");
    assertThat(read.get("tags")).isEmpty();
    assertThat(read.at("/settings/activeDeadlineSeconds").asInt()).isEqualTo(600);
    assertThat(read.at("/cluster/id").asText()).isNotBlank();
    assertThat(read.at("/deployment/region").asText()).isNotBlank();
  }

  @Test
  void aManualJobHasNoCronAndNoSuspension() {
    ObjectNode body = requestTree("Manual Export");
    ((ObjectNode) body.get("settings")).remove("cron");

    assertOk(fixture.post(PLAIN + "/jobs", body.toString()));

    JsonNode read = assertOk(fixture.get(PLAIN + "/jobs/manual-export")).get("data");
    assertThat(read.get("jobType").asText()).isEqualTo("manual");
    assertThat(read.has("suspended")).isFalse();
    assertThat(read.at("/settings").has("cron")).isFalse();
  }

  @Test
  void aVcsJobShowsItsRepositoryAsVcsData() {
    ObjectNode body = requestTree("From Git");
    ObjectNode deployment = body.putObject("deployment");
    deployment
        .putObject("vcs")
        .put("projectUrl", "https://github.com/northflank/gatsby-with-northflank")
        .put("projectType", "github")
        .put("projectBranch", "main");
    deployment.putObject("docker").put("configType", "default");

    assertOk(fixture.post(PLAIN + "/jobs", body.toString()));

    JsonNode read = assertOk(fixture.get(PLAIN + "/jobs/from-git")).get("data");
    assertThat(read.at("/vcsData/projectBranch").asText()).isEqualTo("main");
    assertThat(read.at("/deployment/docker/configType").asText()).isEqualTo("default");
    assertThat(read.at("/deployment").has("vcs")).isFalse();
  }

  @Test
  void aJobWhoseIdExistsIsAConflictAndStaysAsItWas() {
    JsonNode before = assertOk(fixture.get(PLAIN + "/jobs/example-job")).get("data");

    JsonNode error = assertError(fixture.post(PLAIN + "/jobs", request("Example Job")), 409);

    assertThat(error.get("message").asText()).contains("example-job");
    assertThat(assertOk(fixture.get(PLAIN + "/jobs/example-job")).get("data")).isEqualTo(before);
    assertOk(fixture.post(PLAIN + "/jobs", request("Twice Made")));
    assertError(fixture.post(PLAIN + "/jobs", request("twice-made")), 409);
  }

  @Test
  void whatTheReferenceRequiresIsRequired() {
    assertRefused(without("name"), "\"name\" is required");
    assertRefused(with("name", "ab"), "\"name\" length must be at least 3 characters long");
    assertRefused(
        with("name", "a".repeat(53)),
        "\"name\" length must be less than or equal to 52 characters long");
    assertRefused(with("name", "Two  Spaces"), "\"name\" fails to match the required pattern");
    assertRefused(with("name", "9 Lives"), "\"name\" fails to match the required pattern");
    assertRefused(with("name", "ends-"), "\"name\" fails to match the required pattern");
    assertRefused(without("billing"), "\"billing\" is required");
    ObjectNode noPlan = requestTree("No Plan");
    ((ObjectNode) noPlan.get("billing")).remove("deploymentPlan");
    assertRefused(noPlan, "\"billing.deploymentPlan\" is required");
    assertRefused(without("deployment"), "\"deployment\" is required");
    assertRefused(without("settings"), "\"settings\" is required");
    ObjectNode noBackoff = requestTree("No Backoff");
    ((ObjectNode) noBackoff.get("settings")).remove("backoffLimit");
    assertRefused(noBackoff, "\"settings.backoffLimit\" is required");
    ObjectNode negative = requestTree("Negative Backoff");
    ((ObjectNode) negative.get("settings")).put("backoffLimit", -1);
    assertRefused(negative, "\"settings.backoffLimit\" must be greater than or equal to 0");
    assertRefused(with("colour", "blue"), "\"colour\" is not allowed");
  }

  @Test
  void exactlyOneDeploymentSource() {
    ObjectNode none = requestTree("No Source");
    ((ObjectNode) none.get("deployment")).remove("external");
    ((ObjectNode) none.get("deployment")).putObject("docker").put("configType", "default");
    assertRefused(none, "\"deployment\" must contain at least one of [external, internal, vcs]");

    ObjectNode two = requestTree("Two Sources");
    ((ObjectNode) two.get("deployment"))
        .putObject("internal")
        .put("id", "example-build-service")
        .put("branch", "main");
    assertRefused(two, "\"deployment\" contains a conflict between exclusive peers");

    ObjectNode noImage = requestTree("No Image");
    ((ObjectNode) noImage.at("/deployment/external")).remove("imagePath");
    assertRefused(noImage, "\"deployment.external.imagePath\" is required");

    ObjectNode badVcs = requestTree("Bad Vcs");
    ObjectNode deployment = badVcs.putObject("deployment");
    deployment
        .putObject("vcs")
        .put("projectUrl", "https://github.com/a/b")
        .put("projectType", "svn")
        .put("projectBranch", "main");
    assertRefused(badVcs, "\"deployment.vcs.projectType\" must be one of");

    ObjectNode internal = requestTree("From A Build");
    ObjectNode fromBuild = internal.putObject("deployment");
    fromBuild.putObject("internal").put("id", "example-build-service").put("branch", "main");
    assertOk(fixture.post(PLAIN + "/jobs", internal.toString()));
  }

  @Test
  void aRefusedCreateStoresNothing() {
    int before =
        assertOk(fixture.get(PLAIN + "/jobs?per_page=100")).at("/data/jobs").size();

    assertRefused(without("settings"), "is required");
    assertError(fixture.post(PLAIN + "/jobs", "not json"), 400);

    assertThat(assertOk(fixture.get(PLAIN + "/jobs?per_page=100")).at("/data/jobs").size())
        .isEqualTo(before);
    assertError(fixture.get(PLAIN + "/jobs/missing-field"), 404);
  }

  @Test
  void aProjectOutsideTheTeamOrUnknownIsNotFound() {
    assertError(
        fixture.post("/v1/teams/other-team/projects/team-project/jobs", request("Lost Job")), 404);
    assertError(fixture.post("/v1/projects/no-such-project/jobs", request("Lost Job")), 404);
  }

  @ParameterizedTest
  @MethodSource("bothRoutes")
  void deleteRemovesTheJobAndThenItIsNotFound(String base, String projectId) {
    assertOk(fixture.post(base + "/jobs", request("Short Lived")));

    JsonNode deleted = assertOk(fixture.send(delete(base + "/jobs/short-lived")));

    assertThat(deleted.get("data")).isEmpty();
    assertError(fixture.get(base + "/jobs/short-lived"), 404);
    assertThat(fixture.simulator.job(projectId, "short-lived")).isEmpty();
    assertError(fixture.send(delete(base + "/jobs/short-lived")), 404);
    // the id is free again
    assertOk(fixture.post(base + "/jobs", request("Short Lived")));
  }

  @Test
  void aSeededJobCanBeDeletedToo() {
    assertOk(fixture.send(delete(PLAIN + "/jobs/manual-job")));

    assertError(fixture.get(PLAIN + "/jobs/manual-job"), 404);
    assertError(fixture.send(delete("/v1/teams/other-team/projects/team-project/jobs/team-job")), 404);
    assertOk(fixture.get(TEAM + "/jobs/team-job"));
  }

  @Test
  void createsAndDeletesAreWrittenDownAndCounted() {
    String body = request("Logged Job");
    assertOk(fixture.post(PLAIN + "/jobs", body));
    assertError(fixture.post(PLAIN + "/jobs", body), 409);
    assertOk(fixture.send(delete(PLAIN + "/jobs/logged-job")));
    assertError(fixture.send(delete(PLAIN + "/jobs/logged-job")), 404);

    assertThat(fixture.simulator.writes().to(PLAIN + "/jobs"))
        .extracting(WriteLog.Write::method, WriteLog.Write::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("POST", 200),
            org.assertj.core.groups.Tuple.tuple("POST", 409));
    assertThat(fixture.simulator.writes().to(PLAIN + "/jobs").get(0).body()).isEqualTo(body);
    assertThat(fixture.simulator.writes().to(PLAIN + "/jobs/logged-job"))
        .extracting(WriteLog.Write::method, WriteLog.Write::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("DELETE", 200),
            org.assertj.core.groups.Tuple.tuple("DELETE", 404));
    RequestCounters counters = fixture.simulator.counters();
    assertThat(counters.route("POST /v1/projects/{projectId}/jobs")).isEqualTo(2);
    assertThat(counters.routeAndStatus("DELETE /v1/projects/{projectId}/jobs/{jobId}", 404))
        .isEqualTo(1);
  }

  @Test
  void theIdIsTheNameInLowerCaseWithDashesForSpaces() {
    assertThat(JobCreate.idFor("Example Job")).isEqualTo("example-job");
    assertThat(JobCreate.idFor("nightly-export")).isEqualTo("nightly-export");
    assertThat(JobCreate.idFor("Nightly Export-v2")).isEqualTo("nightly-export-v2");
  }

  private void assertRefused(ObjectNode body, String message) {
    JsonNode error = assertError(fixture.post(PLAIN + "/jobs", body.toString()), 400);
    assertThat(error.get("message").asText()).contains(message);
  }

  private java.net.http.HttpRequest delete(String path) {
    return fixture.request(path, SimulatorFixture.TOKEN).DELETE().build();
  }

  private static ObjectNode without(String field) {
    ObjectNode body = requestTree("Missing Field");
    body.remove(field);
    return body;
  }

  private static ObjectNode with(String field, String value) {
    ObjectNode body = requestTree("Odd Field");
    body.put(field, value);
    return body;
  }

  private static String request(String name) {
    return requestTree(name).toString();
  }

  /** A cron job from an external image, with a runtime variable. */
  static ObjectNode requestTree(String name) {
    ObjectNode body = SimulatorFixture.MAPPER.createObjectNode();
    body.put("name", name);
    body.put("description", "Created by a test");
    body.putArray("tags").add("reports");
    body.putObject("billing").put("deploymentPlan", "nf-compute-20");
    body.putObject("deployment").putObject("external").put("imagePath", "nginx:latest");
    body.putObject("runtimeEnvironment").put("LOG_LEVEL", RUNTIME_SECRET);
    ObjectNode settings = body.putObject("settings");
    settings.put("backoffLimit", 2);
    settings.putObject("cron").put("schedule", "0 3 * * *").put("concurrencyPolicy", "forbid");
    return body;
  }
}
