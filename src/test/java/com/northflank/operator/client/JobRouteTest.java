package com.northflank.operator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobRouteTest {

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "example-job_1 | example-job_1",
        "a/../b c | a%2F%2E%2E%2Fb%20c",
        ".. | %2E%2E",
        ". | %2E",
        "100% | 100%25",
        "%2F | %252F",
        "a?b#c | a%3Fb%23c",
        "x*y+z | x%2Ay%2Bz",
        "a;b=c&d | a%3Bb%3Dc%26d",
        "back\\slash | back%5Cslash",
        "ü | %C3%BC",
        "@host:80 | %40host%3A80"
      })
  void encodesEveryIdIntoOneInertSegment(String id, String encoded) {
    assertThat(JobRoute.encodeSegment(id)).isEqualTo(encoded);
  }

  @Test
  void projectAndTeamRoutes() {
    assertThat(JobRoute.of(new JobRef(null, "p", "j")))
        .isEqualTo(new JobRoute(JobRoute.PROJECT_TEMPLATE, "/v1/projects/p/jobs/j"));
    assertThat(JobRoute.of(new JobRef("t", "p", "j")))
        .isEqualTo(new JobRoute(JobRoute.TEAM_TEMPLATE, "/v1/teams/t/projects/p/jobs/j"));
  }

  @Test
  void jobRefRejectsMissingAndBlankIds() {
    assertThatNullPointerException().isThrownBy(() -> new JobRef(null, null, "j"));
    assertThatNullPointerException().isThrownBy(() -> new JobRef(null, "p", null));
    assertThatIllegalArgumentException().isThrownBy(() -> new JobRef(null, " ", "j"));
    assertThatIllegalArgumentException().isThrownBy(() -> new JobRef(null, "p", ""));
    assertThatIllegalArgumentException().isThrownBy(() -> new JobRef("", "p", "j"));
  }
}
