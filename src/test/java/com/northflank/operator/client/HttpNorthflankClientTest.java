package com.northflank.operator.client;

import static com.northflank.operator.client.Fixtures.CANARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.client.LiveJob.Billing;
import com.northflank.operator.client.LiveJob.BuildConfiguration;
import com.northflank.operator.client.LiveJob.BuildEngineConfiguration;
import com.northflank.operator.client.LiveJob.BuildEphemeralStorage;
import com.northflank.operator.client.LiveJob.BuildStorage;
import com.northflank.operator.client.LiveJob.Buildpack;
import com.northflank.operator.client.LiveJob.BuildpackOverride;
import com.northflank.operator.client.LiveJob.Cluster;
import com.northflank.operator.client.LiveJob.Cron;
import com.northflank.operator.client.LiveJob.Deployment;
import com.northflank.operator.client.LiveJob.DeploymentEphemeralStorage;
import com.northflank.operator.client.LiveJob.DeploymentStorage;
import com.northflank.operator.client.LiveJob.DockerOverride;
import com.northflank.operator.client.LiveJob.Settings;
import com.northflank.operator.client.LiveJob.VcsData;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Successful reads, routing, request headers and the call listener. */
class HttpNorthflankClientTest {

  private static final ApiToken TOKEN = ApiToken.of(CANARY);
  private static final JobRef SEED_JOB = new JobRef(null, "default-project", "example-job");

  private final NorthflankStandIn api = NorthflankStandIn.start();
  private final List<ApiCall> calls = new CopyOnWriteArrayList<>();
  private final HttpNorthflankClient client = clientFor(api.baseUri());

  @AfterEach
  void stopStandIn() {
    api.close();
  }

  @Test
  void seedResponseBindsEveryField() {
    api.replyJson(200, Fixtures.text(Fixtures.SEED));

    JobSnapshot snapshot = client.getJob(SEED_JOB, TOKEN);

    LiveJob expected =
        new LiveJob(
            "example-job",
            "/example-user/default-project/example-job",
            "Example Job",
            List.of("my-tag"),
            "This is the job description",
            "default-project",
            "cron",
            "2021-01-20T11:19:53.175Z",
            new VcsData(
                "https://github.com/northflank/gatsby-with-northflank",
                "github",
                "example-team/self-hosted-vcs",
                "master",
                false,
                "/",
                "/Dockerfile"),
            new BuildConfiguration(
                List.of("README.md"),
                false,
                null,
                List.of("[skip ci]"),
                null,
                List.of("example-docker-credential"),
                null,
                null,
                null,
                new BuildStorage(new BuildEphemeralStorage(16384L))),
            new BuildEngineConfiguration(
                "buildpack",
                new Buildpack(
                    "HEROKU_22",
                    List.of("https://buildpack-registry.heroku.com/cnb/mars/create-react-app"),
                    null),
                null,
                null),
            false,
            false,
            new Deployment(
                "europe-west",
                new BuildpackOverride("default", null, null, null),
                new DockerOverride("default", null, null),
                new DeploymentStorage(
                    new DeploymentEphemeralStorage(new BigDecimal("1024")), null)),
            new Billing("nf-compute-20"),
            false,
            new Settings(new Cron("30 8 * * *", "Allow"), 0L, 600L),
            new Cluster("nf-europe-west", "nf-europe-west", "ns-8zy2mcjh9zn2", null));
    assertThat(snapshot.job()).isEqualTo(expected);
    assertThat(snapshot.document()).isEqualTo(Fixtures.tree(Fixtures.SEED).get("data"));
  }

  @Test
  void typedViewLosesNothingOfTheSeedResponse() throws Exception {
    // Serialising the typed view must give back the data object: a field missing from LiveJob,
    // or bound under the wrong name, shows up here.
    api.replyJson(200, Fixtures.text(Fixtures.SEED));

    LiveJob job = client.getJob(SEED_JOB, TOKEN).job();

    JsonNode roundTrip = Fixtures.parse(Fixtures.JSON.writeValueAsString(job));
    assertThat(roundTrip).isEqualTo(Fixtures.tree(Fixtures.SEED).get("data"));
  }

  @Test
  void newerFieldsUnknownFieldsAndUnknownEnumValuesAreRead() {
    api.replyJson(200, Fixtures.text(Fixtures.NEWER));

    JobSnapshot snapshot = client.getJob(SEED_JOB, TOKEN);
    LiveJob job = snapshot.job();

    assertThat(job.jobType()).isEqualTo("scheduled-v2");
    assertThat(job.vcsData().projectType()).isEqualTo("azure");
    assertThat(job.buildConfiguration().enableGitLfs()).isTrue();
    assertThat(job.buildConfiguration().ciIgnoreFlagsEnabled()).isTrue();
    assertThat(job.buildConfiguration().dockerfileTarget()).isEqualTo("runtime");
    assertThat(job.buildConfiguration().storage().ephemeralStorage().storageSize())
        .isEqualTo(32768L);
    assertThat(job.buildEngineConfiguration().buildEngine()).isEqualTo("nixpacks");
    assertThat(job.buildEngineConfiguration().buildpack().builder()).isEqualTo("HEROKU_24");
    assertThat(job.buildEngineConfiguration().buildkit().useInternalCache()).isTrue();
    assertThat(job.buildEngineConfiguration().buildkit().internalCacheStorage().asLong())
        .isEqualTo(65536L);
    assertThat(job.buildEngineConfiguration().kaniko().useCache()).isFalse();
    assertThat(job.deployment().buildpack().configType()).isEqualTo("someFutureMode");
    assertThat(job.deployment().docker().customEntrypoint()).isEqualTo("/bin/sh");
    assertThat(job.deployment().storage().shmSize()).isEqualByComparingTo("64");
    assertThat(job.settings().cron().concurrencyPolicy()).isEqualTo("Queue");
    assertThat(job.settings().activeDeadlineSeconds()).isEqualTo(3600L);
    assertThat(job.cluster().loadBalancers())
        .containsExactly("lb-1.example.net", "lb-2.example.net");
    // The raw document keeps what the typed view drops, for the drift comparator.
    assertThat(snapshot.document().at("/gpu/configuration/gpuType").asText()).isEqualTo("h100");
    assertThat(snapshot.document().at("/settings/cron/timezone").asText())
        .isEqualTo("Europe/London");
  }

  @Test
  void internalCacheStorageMayBeABooleanAsGetJobResultDeclaresIt() {
    ObjectNode body = Fixtures.tree(Fixtures.NEWER);
    body.with("data")
        .with("buildEngineConfiguration")
        .with("buildkit")
        .put("internalCacheStorage", true);
    api.replyJson(200, body.toString());

    LiveJob job = client.getJob(SEED_JOB, TOKEN).job();

    assertThat(job.buildEngineConfiguration().buildkit().internalCacheStorage().asBoolean())
        .isTrue();
  }

  @Test
  void optionalObjectsMayBeAbsent() {
    api.replyJson(
        200,
        """
        {"data": {"id": "j", "appId": "/u/p/j", "name": "J", "tags": [], "projectId": "p",
          "jobType": "manual", "createdAt": "2024-01-01T00:00:00Z",
          "disabledCI": false, "disabledCD": false,
          "billing": {"deploymentPlan": "nf-compute-10"},
          "settings": {"backoffLimit": 0, "activeDeadlineSeconds": 60},
          "cluster": {"id": "c", "name": "c"}}}
        """);

    LiveJob job = client.getJob(SEED_JOB, TOKEN).job();

    assertThat(job.jobType()).isEqualTo("manual");
    assertThat(job.tags()).isEmpty();
    assertThat(job.description()).isNull();
    assertThat(job.vcsData()).isNull();
    assertThat(job.buildConfiguration()).isNull();
    assertThat(job.buildEngineConfiguration()).isNull();
    assertThat(job.deployment()).isNull();
    assertThat(job.suspended()).isNull();
    assertThat(job.settings().cron()).isNull();
    assertThat(job.cluster().namespace()).isNull();
  }

  @Test
  void listsInTheTypedViewAreReadOnly() {
    api.replyJson(200, Fixtures.text(Fixtures.SEED));

    LiveJob job = client.getJob(SEED_JOB, TOKEN).job();

    assertThatThrownBy(() -> job.tags().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void projectRouteIsAPlainGet() {
    api.replyJson(200, Fixtures.text(Fixtures.SEED));

    client.getJob(SEED_JOB, TOKEN);

    NorthflankStandIn.Received request = api.onlyRequest();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.rawPath()).isEqualTo("/v1/projects/default-project/jobs/example-job");
  }

  @Test
  void teamIdSelectsTheTeamScopedRoute() {
    api.replyJson(200, Fixtures.text(Fixtures.SEED));

    client.getJob(new JobRef("my-team", "default-project", "example-job"), TOKEN);

    assertThat(api.onlyRequest().rawPath())
        .isEqualTo("/v1/teams/my-team/projects/default-project/jobs/example-job");
  }

  @Test
  void idsTravelAsSingleEncodedPathSegments() {
    api.replyJson(200, Fixtures.text(Fixtures.SEED));

    client.getJob(new JobRef("t?x=1#f", "p%2F..", "a/../b c"), TOKEN);

    assertThat(api.onlyRequest().rawPath())
        .isEqualTo("/v1/teams/t%3Fx%3D1%23f/projects/p%252F%2E%2E/jobs/a%2F%2E%2E%2Fb%20c");
  }

  @Test
  void basePathPrefixIsKept() {
    api.replyJson(200, Fixtures.text(Fixtures.SEED));
    HttpNorthflankClient prefixed = clientFor(URI.create(api.baseUri() + "/northflank/"));

    prefixed.getJob(SEED_JOB, TOKEN);

    assertThat(api.onlyRequest().rawPath())
        .isEqualTo("/northflank/v1/projects/default-project/jobs/example-job");
  }

  @Test
  void sendsBearerTokenAcceptAndUserAgent() {
    api.replyJson(200, Fixtures.text(Fixtures.SEED));

    client.getJob(SEED_JOB, TOKEN);

    NorthflankStandIn.Received request = api.onlyRequest();
    assertThat(request.header("Authorization")).contains("Bearer " + CANARY);
    assertThat(request.header("Accept")).contains("application/json");
    assertThat(request.header("User-Agent")).contains("northflank-job-operator");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://api.northflank.com",
        "api.northflank.com",
        "https:opaque",
        "https://api.northflank.com/?x=1",
        "https://api.northflank.com/#f",
        "https://user:pw@api.northflank.com"
      })
  void rejectsBaseUrlsThatCouldMisdirectRequests(String base) {
    URI uri = URI.create(base);

    assertThatThrownBy(() -> clientFor(uri)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listenerSeesRouteTemplateStatusAndRateLimit() {
    api.replyJson(
        200,
        Fixtures.text(Fixtures.SEED),
        "x-ratelimit-limit",
        "1000",
        "x-ratelimit-remaining",
        "998",
        "x-ratelimit-reset",
        "1800");

    client.getJob(SEED_JOB, TOKEN);

    assertThat(calls).hasSize(1);
    ApiCall call = calls.get(0);
    assertThat(call.route()).isEqualTo("GET /v1/projects/{projectId}/jobs/{jobId}");
    assertThat(call.status()).isEqualTo(200);
    assertThat(call.duration()).isPositive();
    assertThat(call.rateLimit())
        .contains(
            new RateLimitSnapshot(
                OptionalLong.of(1000),
                OptionalLong.of(998),
                Optional.of(Duration.ofSeconds(1800))));
  }

  @Test
  void listenerSeesFailedCallsAndTheTeamRoute() {
    api.replyJson(404, "{\"error\": {\"status\": 404, \"message\": \"job not found\"}}");

    catchThrowableOfType(
        NorthflankApiException.class,
        () -> client.getJob(new JobRef("my-team", "p", "missing"), TOKEN));

    assertThat(calls)
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.route())
                  .isEqualTo("GET /v1/teams/{teamId}/projects/{projectId}/jobs/{jobId}");
              assertThat(call.status()).isEqualTo(404);
              assertThat(call.rateLimit()).isEmpty();
            });
  }

  @Test
  void listenerIsCalledOncePerRequest() {
    api.replyJson(200, Fixtures.text(Fixtures.SEED));

    client.getJob(SEED_JOB, TOKEN);
    client.getJob(SEED_JOB, TOKEN);
    client.getJob(SEED_JOB, TOKEN);

    assertThat(calls).hasSize(3);
    assertThat(api.received()).hasSize(3);
  }

  @Test
  void failingListenerDoesNotFailTheRead() {
    api.replyJson(200, Fixtures.text(Fixtures.SEED));
    HttpNorthflankClient withBadListener =
        new HttpNorthflankClient(
            api.baseUri(),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            call -> {
              throw new IllegalStateException("metrics broke");
            });

    try (CapturedLogs logs = new CapturedLogs()) {
      assertThat(withBadListener.getJob(SEED_JOB, TOKEN).job().id()).isEqualTo("example-job");
      assertThat(logs.events())
          .anySatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.WARN));
    }
  }

  private HttpNorthflankClient clientFor(URI base) {
    return new HttpNorthflankClient(base, Duration.ofSeconds(2), Duration.ofSeconds(5), calls::add);
  }
}
