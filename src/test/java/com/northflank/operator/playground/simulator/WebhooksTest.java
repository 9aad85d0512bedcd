package com.northflank.operator.playground.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator plays a Northflank notification integration of type RAW_WEBHOOK: the documented
 * headers and a body {event, data} for each run that starts and concludes.
 */
class WebhooksTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "integration-secret";

  /** One received request: its headers (lower case) and body. */
  private record Received(Map<String, String> headers, JsonNode body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private HttpServer receiver;
  private URI url;

  @BeforeEach
  void listen() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          Map<String, String> headers = new java.util.HashMap<>();
          exchange
              .getRequestHeaders()
              .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
          received.add(new Received(headers, JSON.readTree(exchange.getRequestBody())));
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
        });
    receiver.start();
    url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
  }

  @Test
  void aRunThatStartsAndFailsIsToldTwiceInTheDocumentedEnvelope() {
    try (NorthflankSimulator simulator =
        NorthflankSimulator.start(
            SimulatorOptions.builder().seedJobs(true).webhook(url, SECRET).build())) {
      String run = simulator.addRun("default-project", "example-job", RunStatus.RUNNING);
      simulator.concludeRun("default-project", "example-job", run, RunStatus.FAILED);

      await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
      assertThat(received)
          .extracting(r -> r.body().path("event").asText())
          .containsExactly("job-run:start", "job-run:failure");
      for (Received r : received) {
        assertThat(r.headers())
            .containsEntry("x-northflank-notification-integration-token", SECRET)
            .containsEntry(
                "x-northflank-notification-integration-event-type", r.body().path("event").asText())
            .containsKeys(
                "x-northflank-notification-integration-id",
                "x-northflank-notification-integration-name",
                "x-northflank-notification-integration-event-id");
        assertThat(r.body().at("/data/job/id").asText()).isEqualTo("example-job");
        assertThat(r.body().at("/data/job/appId").asText())
            .isEqualTo("/example-user/default-project/example-job");
        assertThat(r.body().at("/data/jobRun/runName").asText()).isEqualTo(run);
      }
      assertThat(received.get(0).headers().get("x-northflank-notification-integration-event-id"))
          .isNotEqualTo(
              received.get(1).headers().get("x-northflank-notification-integration-event-id"));
      assertThat(simulator.webhooksAnswered(202)).isEqualTo(2);
    }
  }

  @Test
  void theSchedulesRunsAreToldAsTheyStartAndConclude() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    try (NorthflankSimulator simulator =
        NorthflankSimulator.start(
            SimulatorOptions.builder()
                .seedJobs(true)
                .clock(clock)
                .runEvery(Duration.ofMinutes(4))
                .webhook(url, SECRET)
                .build())) {
      clock.advance(Duration.ofMinutes(4).plusSeconds(1));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  received.stream()
                      .anyMatch(r -> r.body().path("event").asText().equals("job-run:start")));
      clock.advance(Duration.ofMinutes(1));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  received.stream()
                      .map(r -> r.body().path("event").asText())
                      .anyMatch(e -> e.equals("job-run:success") || e.equals("job-run:failure")));
      assertThat(received)
          .allSatisfy(r -> assertThat(r.body().at("/data/job/appId").asText()).isNotEmpty());
    }
  }

  @Test
  void withoutAUrlNothingIsSent() {
    try (NorthflankSimulator simulator =
        NorthflankSimulator.start(SimulatorOptions.builder().seedJobs(true).build())) {
      simulator.addRun("default-project", "example-job", RunStatus.FAILED);

      assertThat(simulator.webhooksAnswered(202)).isZero();
      assertThat(simulator.options().toString()).doesNotContain(SECRET);
    }
    try (NorthflankSimulator simulator =
        NorthflankSimulator.start(
            SimulatorOptions.builder().seedJobs(true).webhook(url, SECRET).build())) {
      assertThat(simulator.options().toString()).doesNotContain(SECRET).contains("redacted");
    }
    assertThat(received).isEmpty();
  }
}
