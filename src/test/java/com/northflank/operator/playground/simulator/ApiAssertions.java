package com.northflank.operator.playground.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;

final class ApiAssertions {

  private ApiAssertions() {}

  /** The status and the API's error envelope, with the same status inside. */
  static JsonNode assertError(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode error = SimulatorFixture.json(response).get("error");
    assertThat(error).as(response.body()).isNotNull();
    assertThat(error.get("status").asInt()).isEqualTo(status);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.get("id").asText()).isNotBlank();
    return error;
  }

  static JsonNode assertOk(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return SimulatorFixture.json(response);
  }
}
