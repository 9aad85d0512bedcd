package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A simulator and a JDK HttpClient aimed at it, for one test. */
final class SimulatorFixture implements AutoCloseable {

  static final String TOKEN = "test-token-all-projects";
  static final ObjectMapper MAPPER = new ObjectMapper();

  final NorthflankSimulator simulator;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  SimulatorFixture(SimulatorOptions options) {
    this.simulator = NorthflankSimulator.start(options);
  }

  /** Seed jobs and one token for every project. */
  static SimulatorFixture seeded() {
    return new SimulatorFixture(SimulatorOptions.builder().seedJobs(true).token(TOKEN).build());
  }

  HttpResponse<String> get(String path) {
    return send(request(path, TOKEN).GET().build());
  }

  HttpResponse<String> get(String path, String token) {
    return send(request(path, token).GET().build());
  }

  HttpResponse<String> patch(String path, String json) {
    return send(
        request(path, TOKEN)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  HttpResponse<String> post(String path, String json) {
    return send(
        request(path, TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
            .timeout(Duration.ofSeconds(10));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  @Override
  public void close() {
    simulator.close();
  }
}
