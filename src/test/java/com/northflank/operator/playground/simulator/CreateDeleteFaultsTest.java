package com.northflank.operator.playground.simulator;

import static com.northflank.operator.playground.simulator.ApiAssertions.assertError;
import static com.northflank.operator.playground.simulator.ApiAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The faults aimed at creates and deletes, and the held answer. */
class CreateDeleteFaultsTest {

  private static final String JOBS = "/v1/projects/default-project/jobs";
  private static final String EXAMPLE = JOBS + "/example-job";

  private final SimulatorFixture fixture = SimulatorFixture.seeded();
  private final Faults faults = fixture.simulator.faults();

  @AfterEach
  void close() {
    fixture.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403, 409, 500})
  void aForcedStatusOnCreateStoresNothingAndSparesOtherRoutes(int status) {
    faults.creates().forceStatus(status, 1);

    assertError(fixture.post(JOBS, request("Refused Once")), status);
    assertThat(fixture.simulator.job("default-project", "refused-once")).isEmpty();
    assertOk(fixture.get(EXAMPLE));
    assertOk(fixture.patch(EXAMPLE, "{\"description\":\"x\"}"));

    assertOk(fixture.post(JOBS, request("Refused Once")));
    assertThat(fixture.simulator.job("default-project", "refused-once")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403, 500})
  void aForcedStatusOnDeleteKeepsTheJob(int status) {
    faults.deletes().forceStatus(status, 1);

    assertError(fixture.send(delete(EXAMPLE)), status);
    assertOk(fixture.get(EXAMPLE));
    assertOk(fixture.post(JOBS, request("Still Creatable")));

    assertOk(fixture.send(delete(EXAMPLE)));
    assertError(fixture.get(EXAMPLE), 404);
  }

  @Test
  void aJobScopeReachesItsDeleteButNoCreate() {
    faults.jobWrites("default-project", "example-job").forceStatus(403, 1);
    assertError(fixture.send(delete(EXAMPLE)), 403);

    faults.job("default-project", "new-job").forceStatus(500, 1);
    assertOk(fixture.post(JOBS, request("New Job")));
    assertThat(faults.job("default-project", "new-job").forcedRemaining())
        .as("a create names no job in its path")
        .isEqualTo(1);
  }

  @Test
  void aCreateTimeoutStoresNothing() {
    faults.creates().timeout(1.0, Duration.ofSeconds(30));

    assertThatThrownBy(() -> send(post(JOBS, request("Too Slow")).timeout(Duration.ofMillis(200))))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(fixture.simulator.job("default-project", "too-slow")).isEmpty();

    faults.creates().clear();
    assertOk(fixture.post(JOBS, request("Too Slow")));
  }

  @Test
  void aDeleteTimeoutKeepsTheJob() {
    faults.deletes().timeout(1.0, Duration.ofSeconds(30));

    assertThatThrownBy(
            () ->
                send(
                    fixture
                        .request(EXAMPLE, SimulatorFixture.TOKEN)
                        .timeout(Duration.ofMillis(200))
                        .DELETE()))
        .isInstanceOf(HttpTimeoutException.class);
    assertOk(fixture.get(EXAMPLE));
  }

  @Test
  void aHeldCreateHasStoredItsJobWhileTheClientStillWaits() throws Exception {
    HeldAnswer held = faults.creates().holdNextAnswer();

    CompletableFuture<HttpResponse<String>> answer = sendAsync(post(JOBS, request("Held Job")));

    assertThat(held.awaitServed(Duration.ofSeconds(10))).isTrue();
    assertThat(held.status()).isEqualTo(200);
    assertThat(fixture.simulator.job("default-project", "held-job")).isPresent();
    assertOk(fixture.get(JOBS + "/held-job"));
    assertThat(fixture.simulator.writes().to(JOBS))
        .extracting(WriteLog.Write::status)
        .containsExactly(200);
    assertThat(fixture.simulator.counters().route("POST /v1/projects/{projectId}/jobs"))
        .isEqualTo(1);
    assertThat(answer).isNotDone();
    // only the next create is held
    assertOk(fixture.post(JOBS, request("Not Held")));

    held.release();

    HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
    assertThat(SimulatorFixture.json(response).at("/data/id").asText()).isEqualTo("held-job");
    assertThat(held.released()).isTrue();
  }

  @Test
  void aHeldAnswerIsAbandonedWhenTheSimulatorCloses() throws Exception {
    HeldAnswer held = faults.creates().holdNextAnswer();
    CompletableFuture<HttpResponse<String>> answer = sendAsync(post(JOBS, request("Orphaned")));
    assertThat(held.awaitServed(Duration.ofSeconds(10))).isTrue();

    fixture.simulator.close();

    await().atMost(Duration.ofSeconds(10)).until(answer::isDone);
    assertThatThrownBy(answer::get).isInstanceOf(ExecutionException.class);
  }

  @Test
  void aHoldNoRequestClaimedIsDroppedByClear() {
    HeldAnswer held = faults.creates().holdNextAnswer();

    faults.clear();

    assertOk(fixture.post(JOBS, request("Not Held Either")));
    assertThat(held.served()).isFalse();
    assertThat(held.released()).isTrue();
  }

  @Test
  void aHeldDeleteHasRemovedTheJobWhileTheClientStillWaits() throws Exception {
    HeldAnswer held = faults.deletes().holdNextAnswer();

    CompletableFuture<HttpResponse<String>> answer =
        sendAsync(fixture.request(EXAMPLE, SimulatorFixture.TOKEN).DELETE());

    assertThat(held.awaitServed(Duration.ofSeconds(10))).isTrue();
    assertError(fixture.get(EXAMPLE), 404);
    held.release();
    assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  private HttpRequest.Builder post(String path, String json) {
    return fixture
        .request(path, SimulatorFixture.TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private HttpRequest delete(String path) {
    return fixture.request(path, SimulatorFixture.TOKEN).DELETE().build();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return fixture.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
    return fixture.client.sendAsync(
        request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String request(String name) {
    return CreateDeleteRoutesTest.requestTree(name).toString();
  }
}
