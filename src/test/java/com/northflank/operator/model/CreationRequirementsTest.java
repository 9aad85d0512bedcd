package com.northflank.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.model.JobDefinition.Billing;
import com.northflank.operator.model.JobDefinition.JobSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a spec must hold before the operator may create its job, and how names give IDs. */
class CreationRequirementsTest {

  static NorthflankJobSpec creatable(String policy, String name, String jobId) {
    JobDefinition job =
        new JobDefinition(
            name,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new Billing("nf-compute-20"),
            null,
            new JobSettings(null, 0, null));
    JobCreation creation =
        new JobCreation(
            new JobCreation.Source(
                new JobCreation.ExternalImage("ghcr.io/acme/report:1.4", null), null, null),
            null);
    return new NorthflankJobSpec("p", jobId, null, null, null, job)
        .withLifecycle(policy, null, creation);
  }

  @ParameterizedTest
  @CsvSource({
    "Example Job, example-job",
    "nightly-report, nightly-report",
    "Report 2 EU, report-2-eu",
    "ABC, abc"
  })
  void aNameGivesItsId(String name, String id) {
    assertThat(JobNames.derivedId(name)).contains(id);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"ab", "1abc", "a  b", "a\tb", "trailing-", "a_b"})
  void aNameNorthflankRefusesGivesNoId(String name) {
    assertThat(JobNames.derivedId(name)).isEmpty();
  }

  @Test
  void neverAsksNothing() {
    assertThat(creatable("Never", "Other", "x").creationProblem()).isEmpty();
    assertThat(new NorthflankJobSpec("p", "j", null, null, null, null).creationProblem()).isEmpty();
  }

  @Test
  void aCreatableSpecHasNoProblem() {
    assertThat(creatable("IfAbsent", "Nightly Report", "nightly-report").creationProblem())
        .isEmpty();
    assertThat(creatable("MustCreate", "Nightly Report", "nightly-report").creationProblem())
        .isEmpty();
  }

  @Test
  void aNameThatGivesAnotherIdIsRefused() {
    assertThat(creatable("IfAbsent", "Weekly Report", "nightly-report").creationProblem())
        .contains(JobNames.DERIVATION_MESSAGE);
  }

  @Test
  void aMissingCreateFieldIsRefused() {
    NorthflankJobSpec spec = creatable("MustCreate", "Nightly Report", "nightly-report");
    assertThat(spec.withLifecycle("MustCreate", null, null).creationProblem())
        .contains(NorthflankJobSpec.CREATION_NEEDS);
    JobCreation twoSources =
        new JobCreation(
            new JobCreation.Source(
                new JobCreation.ExternalImage("nginx:1", null),
                new JobCreation.InternalBuild("build", null, null, null),
                null),
            null);
    assertThat(spec.withLifecycle("MustCreate", null, twoSources).creationProblem())
        .contains(NorthflankJobSpec.CREATION_NEEDS);
  }

  @Test
  void policiesDefault() {
    NorthflankJobSpec spec = new NorthflankJobSpec("p", "j", null, null, null, null);
    assertThat(spec.creationPolicyOrDefault()).isEqualTo("Never");
    assertThat(spec.creates()).isFalse();
    assertThat(spec.deletesOwnedJob()).isFalse();
    assertThat(spec.writes()).isFalse();
    assertThat(spec.withLifecycle(null, "Delete", null).writes()).isTrue();
  }
}
