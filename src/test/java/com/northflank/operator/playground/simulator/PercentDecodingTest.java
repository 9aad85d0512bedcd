package com.northflank.operator.playground.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentDecodingTest {

  @Test
  void decodesEscapesAsUtf8AndKeepsPlusInPaths() {
    assertThat(PercentDecoding.pathSegment("a%2Fb")).isEqualTo("a/b");
    assertThat(PercentDecoding.pathSegment("caf%C3%A9+x")).isEqualTo("café+x");
    assertThat(PercentDecoding.queryComponent("a+b%20c")).isEqualTo("a b c");
    assertThat(PercentDecoding.pathSegment("plain")).isEqualTo("plain");
  }

  @Test
  void refusesBrokenEscapes() {
    assertThatThrownBy(() -> PercentDecoding.pathSegment("bad%ZZ"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PercentDecoding.pathSegment("cut%2"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PercentDecoding.pathSegment("%C3"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEncodedSlashNeverReachesAnotherRoute() {
    Router router = new Router();

    RouteMatch match = router.match("GET", "/v1/projects/p/jobs/example-job%2Fruns").orElseThrow();

    assertThat(match.route()).isEqualTo(Route.GET_JOB);
    assertThat(match.jobId()).isEqualTo("example-job/runs");
    assertThat(router.match("GET", "/v1/projects/p/jobs/")).isEmpty();
    assertThat(router.match("PUT", "/v1/projects/p/jobs/j")).isEmpty();
    assertThat(router.match("GET", "/v1/teams/t/projects/p/jobs/j/runs").orElseThrow().teamId())
        .isEqualTo("t");
  }
}
