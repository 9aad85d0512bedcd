package com.northflank.operator.playground.simulator;

import static com.northflank.operator.playground.simulator.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BudgetTest {

  private static final String EXAMPLE = "/v1/projects/default-project/jobs/example-job";

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final SimulatorFixture fixture =
      new SimulatorFixture(
          SimulatorOptions.builder()
              .seedJobs(true)
              .clock(clock)
              .budget("5 per 10s")
              .token(SimulatorFixture.TOKEN)
              .token("other-token")
              .build());

  @AfterEach
  void close() {
    fixture.close();
  }

  private static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name));
  }

  @Test
  void everyAuthenticatedResponseCarriesTheBudget() {
    for (int i = 1; i <= 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      HttpResponse<String> response = fixture.get(EXAMPLE);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(header(response, "x-ratelimit-limit")).isEqualTo("5");
      assertThat(header(response, "x-ratelimit-remaining")).isEqualTo(Integer.toString(5 - i));
      // The window opened with the first request: 10s, minus the (i - 1)s since.
      assertThat(header(response, "x-ratelimit-reset")).isEqualTo(Integer.toString(10 - (i - 1)));
    }
  }

  @Test
  void pastTheBudgetIsTooManyRequestsUntilTheWindowEnds() {
    for (int i = 0; i < 5; i++) {
      assertThat(fixture.get(EXAMPLE).statusCode()).isEqualTo(200);
    }
    clock.advance(Duration.ofMillis(2500));

    HttpResponse<String> refused = fixture.get(EXAMPLE);
    assertError(refused, 429);
    assertThat(header(refused, "Retry-After")).isEqualTo("8");
    assertThat(header(refused, "x-ratelimit-remaining")).isEqualTo("0");
    assertThat(header(refused, "x-ratelimit-reset")).isEqualTo("8");
    // Past the budget even a request for a missing job is refused before the lookup.
    assertError(fixture.get("/v1/projects/default-project/jobs/no-such-job"), 429);

    // Another token has its own budget.
    assertThat(fixture.get(EXAMPLE, "other-token").statusCode()).isEqualTo(200);

    clock.advance(Duration.ofMillis(7499));
    assertError(fixture.get(EXAMPLE), 429);
    clock.advance(Duration.ofMillis(1));
    HttpResponse<String> recovered = fixture.get(EXAMPLE);
    assertThat(recovered.statusCode()).isEqualTo(200);
    assertThat(header(recovered, "x-ratelimit-remaining")).isEqualTo("4");
    assertThat(header(recovered, "x-ratelimit-reset")).isEqualTo("10");
  }

  @Test
  void theBudgetCanChangeAtRunTime() {
    fixture.simulator.setBudget(1, Duration.ofMinutes(1));

    assertThat(fixture.get(EXAMPLE).statusCode()).isEqualTo(200);
    assertError(fixture.get(EXAMPLE), 429);

    fixture.simulator.resetBudgets();
    assertThat(fixture.get(EXAMPLE).statusCode()).isEqualTo(200);
  }

  @Test
  void budgetSpecsParse() {
    assertThat(SimulatorOptions.parseBudget("5 per 1s"))
        .isEqualTo(new SimulatorOptions.Budget(5, Duration.ofSeconds(1)));
    assertThat(SimulatorOptions.parseBudget("1000 per 1h"))
        .isEqualTo(new SimulatorOptions.Budget(1000, Duration.ofHours(1)));
    assertThat(SimulatorOptions.parseBudget("100/30m"))
        .isEqualTo(new SimulatorOptions.Budget(100, Duration.ofMinutes(30)));
    assertThatThrownBy(() -> SimulatorOptions.parseBudget("lots"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SimulatorOptions.defaults().budgetLimit()).isEqualTo(1000);
    assertThat(SimulatorOptions.defaults().budgetWindow()).isEqualTo(Duration.ofHours(1));
  }
}
