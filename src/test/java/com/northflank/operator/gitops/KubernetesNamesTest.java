package com.northflank.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"example-job", "job-00042", "a", "x1"})
  void aJobIdThatIsAValidNameIsTheName(String jobId) {
    assertThat(KubernetesNames.forJobId(jobId)).isEqualTo(jobId);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "My_Job",
        "ETL",
        "-leading-dash",
        "trailing_",
        "___",
        "a-job-id-that-is-far-longer-than-the-sixty-three-characters-a-label-may-have"
      })
  void anyOtherJobIdBecomesAValidName(String jobId) {
    String name = KubernetesNames.forJobId(jobId);

    assertThat(KubernetesNames.isLabel(name)).as(name).isTrue();
    assertThat(name).matches(".*-[0-9a-f]{8}");
  }

  @Test
  void theNameKeepsTheIdRecognisable() {
    assertThat(KubernetesNames.forJobId("Nightly_ETL")).startsWith("nightly-etl-");
  }

  @Test
  void idsThatDifferOnlyInCaseOrPunctuationGetDistinctNames() {
    assertThat(KubernetesNames.forJobId("My_Job"))
        .isNotEqualTo(KubernetesNames.forJobId("my_job"))
        .isNotEqualTo(KubernetesNames.forJobId("My-Job"))
        .isNotEqualTo(KubernetesNames.forJobId("my-job"));
  }

  @Test
  void theNameOfAnIdIsStable() {
    assertThat(KubernetesNames.forJobId("My_Job")).isEqualTo(KubernetesNames.forJobId("My_Job"));
  }
}
