package com.northflank.operator.playground.simulator;

import static com.northflank.operator.playground.simulator.ApiAssertions.assertError;
import static com.northflank.operator.playground.simulator.ApiAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultsTest {

  private static final String EXAMPLE = "/v1/projects/default-project/jobs/example-job";
  private static final String MANUAL = "/v1/projects/default-project/jobs/manual-job";

  private final SimulatorFixture fixture = SimulatorFixture.seeded();
  private final Faults faults = fixture.simulator.faults();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void latencyDelaysTheAnswerButNotItsContent() {
    faults.all().latency(Duration.ofMillis(150));

    long start = System.nanoTime();
    HttpResponse<String> response = fixture.get(EXAMPLE);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertOk(response);
    // Only a lower bound: an upper bound would make the test flaky on a busy machine.
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(150));
  }

  @Test
  void anErrorRateOfOneFailsEveryRequestAs500JsonOr503Html() {
    faults.all().errorRate(1.0);

    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = fixture.get(EXAMPLE);
      assertThat(response.statusCode()).isIn(500, 503);
      if (response.statusCode() == 503) {
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
            .startsWith("text/html");
        assertThat(response.body()).contains("<html>").contains("503");
      } else {
        assertError(response, 500);
      }
      // The budget headers stay: the request was authenticated and counted.
      assertThat(response.headers().firstValue("x-ratelimit-remaining")).isPresent();
    }
    assertThat(fixture.simulator.counters().status(500) + fixture.simulator.counters().status(503))
        .isEqualTo(20);
    assertThat(fixture.simulator.counters().status(500)).isPositive();
    assertThat(fixture.simulator.counters().status(503)).isPositive();
  }

  @Test
  void writeFaultsSpareTheReadsOfTheJob() {
    faults.jobWrites("default-project", "example-job").forceStatus(500, 2);

    assertOk(fixture.get(EXAMPLE));
    assertError(fixture.patch(EXAMPLE, "{\"description\":\"x\"}"), 500);
    assertOk(fixture.get(EXAMPLE));
    assertError(fixture.post(EXAMPLE + "/suspend", "{\"suspended\":true}"), 500);
    assertOk(fixture.patch(EXAMPLE, "{\"description\":\"x\"}"));
    assertOk(fixture.patch(MANUAL, "{\"description\":\"y\"}"));
  }

  @Test
  void aChangeLandsBeforeTheNextRequestOnce() {
    faults
        .jobWrites("default-project", "example-job")
        .changeBeforeNextRequest(job -> job.putArray("tags").add("someone-else"));

    JsonNode read = assertOk(fixture.get(EXAMPLE)).get("data");
    JsonNode answer = assertOk(fixture.patch(EXAMPLE, "{\"description\":\"mine\"}")).get("data");
    assertOk(fixture.patch(EXAMPLE, "{\"tags\":[\"mine-again\"]}"));
    JsonNode after = assertOk(fixture.get(EXAMPLE)).get("data");

    assertThat(read.get("tags").toString()).isEqualTo("[\"my-tag\"]");
    // the write's answer shows both its own change and the one that landed before it
    assertThat(answer.get("description").asText()).isEqualTo("mine");
    assertThat(answer.get("tags").toString()).isEqualTo("[\"someone-else\"]");
    assertThat(after.get("tags").toString()).isEqualTo("[\"mine-again\"]");
  }

  @Test
  void aSeededErrorRateIsReproducible() {
    List<Integer> first = statusesWithErrorRate(7);
    List<Integer> second = statusesWithErrorRate(7);

    assertThat(second).isEqualTo(first);
    assertThat(first).contains(200).containsAnyOf(500, 503);
  }

  private static List<Integer> statusesWithErrorRate(long seed) {
    try (SimulatorFixture own =
        new SimulatorFixture(
            SimulatorOptions.builder()
                .seedJobs(true)
                .randomSeed(seed)
                .token(SimulatorFixture.TOKEN)
                .build())) {
      own.simulator.faults().all().errorRate(0.3);
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        statuses.add(own.get(EXAMPLE).statusCode());
      }
      return statuses;
    }
  }

  @Test
  void aTimedOutRequestOutlastsTheClient() {
    faults.all().timeout(1.0, Duration.ofSeconds(30));

    assertThatThrownBy(
            () ->
                fixture.client.send(
                    fixture
                        .request(EXAMPLE, SimulatorFixture.TOKEN)
                        .timeout(Duration.ofMillis(200))
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);

    // The held request keeps only its own thread: others are served once the fault is off.
    faults.all().clear();
    assertOk(fixture.get(EXAMPLE));
  }

  @Test
  void malformedJsonIsNotParseable() {
    faults.all().malformedJson(1.0);

    for (String path : List.of(EXAMPLE, "/v1/projects/default-project/jobs", EXAMPLE + "/runs")) {
      HttpResponse<String> response = fixture.get(path);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> SimulatorFixture.MAPPER.readTree(response.body()))
          .isInstanceOf(JsonProcessingException.class);
    }
    // Errors are not spoiled: the fault is about 200 bodies.
    assertError(fixture.get("/v1/projects/default-project/jobs/no-such-job"), 404);
  }

  @Test
  void wrongTypesArriveWhereBooleansAndNumbersBelong() {
    faults.all().wrongTypes(1.0);

    JsonNode job = assertOk(fixture.get(EXAMPLE)).get("data");
    assertThat(job.get("suspended").asText()).isEqualTo("yes");
    assertThat(job.at("/settings/backoffLimit").asText()).isEqualTo("zero");

    JsonNode list = assertOk(fixture.get("/v1/projects/default-project/jobs")).at("/data/jobs/0");
    assertThat(list.get("suspended").isTextual()).isTrue();

    JsonNode run = assertOk(fixture.get(EXAMPLE + "/runs")).at("/data/runs/0");
    assertThat(run.get("completions").isTextual()).isTrue();

    // Only the response is spoiled, never the stored job.
    assertThat(
            fixture
                .simulator
                .job("default-project", "example-job")
                .orElseThrow()
                .get("suspended")
                .isBoolean())
        .isTrue();
  }

  @Test
  void extraFieldsAndUnknownEnumValuesArePresent() {
    faults.all().extraFields(1.0);

    JsonNode body = assertOk(fixture.get(EXAMPLE));
    JsonNode job = body.get("data");
    assertThat(body.has("meta")).isTrue();
    assertThat(job.has("unknownTopLevelField")).isTrue();
    assertThat(job.at("/infrastructure/architecture").asText()).isEqualTo("x86");
    assertThat(job.at("/settings/unknownSetting").isObject()).isTrue();
    assertThat(job.at("/buildEngineConfiguration/buildEngine").asText()).isEqualTo("nixpacks");
    assertThat(job.at("/deployment/storage/shmSize").asInt()).isEqualTo(64);
    assertThat(job.at("/cluster/loadBalancers").isArray()).isTrue();
    // The documented fields are still there and right.
    assertThat(job.at("/settings/cron/concurrencyPolicy").asText()).isEqualTo("Allow");

    assertThat(
            assertOk(fixture.get("/v1/projects/default-project/jobs"))
                .at("/data/jobs/0")
                .has("unknownSummaryField"))
        .isTrue();
    assertThat(
            fixture
                .simulator
                .job("default-project", "example-job")
                .orElseThrow()
                .has("unknownTopLevelField"))
        .isFalse();
  }

  @Test
  void aForcedStatusLastsExactlyNRequests() {
    faults.all().forceStatus(429, 3).forcedRetryAfter(Duration.ofSeconds(2));

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = fixture.get(EXAMPLE);
      assertError(response, 429);
      assertThat(response.headers().firstValue("Retry-After")).contains("2");
    }
    assertOk(fixture.get(EXAMPLE));
    assertThat(faults.all().forcedRemaining()).isZero();

    faults.all().forceStatus(500, 2);
    assertError(fixture.get(EXAMPLE), 500);
    assertError(fixture.get(MANUAL), 500);
    assertOk(fixture.get(EXAMPLE));

    faults.all().forceStatus(503, 1);
    HttpResponse<String> unavailable = fixture.get(EXAMPLE);
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(unavailable.body()).contains("<html>");
    assertOk(fixture.get(EXAMPLE));
  }

  @Test
  void jobScopedFaultsHitOnlyThatJob() {
    faults.job("default-project", "example-job").errorRate(1.0);

    assertThat(fixture.get(EXAMPLE).statusCode()).isIn(500, 503);
    assertThat(fixture.get(EXAMPLE + "/runs").statusCode()).isIn(500, 503);
    assertOk(fixture.get(MANUAL));
    assertOk(fixture.get("/v1/projects/default-project/jobs"));

    faults.job("default-project", "manual-job").forceStatus(502, 1);
    assertThat(fixture.get(MANUAL).statusCode()).isEqualTo(502);
    assertOk(fixture.get(MANUAL));

    faults.clear();
    assertOk(fixture.get(EXAMPLE));
  }

  /** An API whose listing never ends: every page says another follows, and where. */
  @Test
  void anEndlessCursorNeverEndsAListing() throws JsonProcessingException {
    faults.all().endlessCursor(true);
    String list = "/v1/projects/default-project/jobs?per_page=100";

    JsonNode first = Json.MAPPER.readTree(fixture.get(list).body());
    String cursor = first.path("pagination").path("cursor").asText();
    JsonNode next = Json.MAPPER.readTree(fixture.get(list + "&cursor=" + cursor).body());

    for (JsonNode page : List.of(first, next)) {
      assertThat(page.path("pagination").path("hasNextPage").asBoolean()).isTrue();
      assertThat(page.path("pagination").path("cursor").asText()).isNotEmpty();
      assertThat(page.path("data").path("jobs")).isNotEmpty();
    }
    faults.all().clear();
    JsonNode last = Json.MAPPER.readTree(fixture.get(list).body());
    assertThat(last.path("pagination").path("hasNextPage").asBoolean()).isFalse();
    assertThat(last.path("pagination").has("cursor")).isFalse();
  }

  /** Retry-After exactly as given, including values no client should take at their word. */
  @Test
  void aForced429CarriesTheRetryAfterGivenVerbatim() {
    faults
        .job("default-project", "example-job")
        .forcedRetryAfterHeader("9999999999")
        .forceStatus(429, 1);

    HttpResponse<String> response = fixture.get(EXAMPLE);

    assertError(response, 429);
    assertThat(response.headers().firstValue("Retry-After")).contains("9999999999");
  }

  /** Every answer of the scope says the window is spent until a far-off reset. */
  @Test
  void aSpentWindowWithAFarResetIsAnnounced() {
    faults.job("default-project", "example-job").spentWindowUntil("99999999999");

    HttpResponse<String> far = fixture.get(EXAMPLE);
    HttpResponse<String> other = fixture.get(MANUAL);

    assertOk(far);
    assertThat(far.headers().firstValue("x-ratelimit-remaining")).contains("0");
    assertThat(far.headers().firstValue("x-ratelimit-reset")).contains("99999999999");
    assertThat(other.headers().firstValue("x-ratelimit-reset"))
        .isNotEqualTo(Optional.of("99999999999"));
  }

  @Test
  void ratesOutsideZeroToOneAreRefused() {
    assertThatThrownBy(() -> faults.all().errorRate(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> faults.all().wrongTypes(-0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> faults.all().forceStatus(42, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
