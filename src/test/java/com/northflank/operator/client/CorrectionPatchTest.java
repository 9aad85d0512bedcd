package com.northflank.operator.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The PATCH body built from drift: dialect, nesting, only what drifted, never what PATCH lacks. */
class CorrectionPatchTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** spec.job of the documented example cron job: every declarable field is set. */
  private static JsonNode desired;

  @BeforeAll
  static void read() throws IOException {
    desired =
        YAML.readTree(Files.readString(Path.of("deploy/samples/example-cron-job.yaml")))
            .at("/spec/job");
  }

  /** Every correctable leaf of the sample, with where PATCH takes it and the value it sends. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "description | /description | \"This is the job description\"",
        "tags | /tags | [\"my-tag\"]",
        "billing.deploymentPlan | /billing/deploymentPlan | \"nf-compute-20\"",
        "disabledCI | /disabledCI | false",
        "buildConfiguration.pathIgnoreRules | /buildConfiguration/pathIgnoreRules |"
            + " [\"README.md\"]",
        "buildConfiguration.isAllowList | /buildConfiguration/isAllowList | false",
        "buildConfiguration.ciIgnoreFlags | /buildConfiguration/ciIgnoreFlags | [\"[skip ci]\"]",
        "buildConfiguration.dockerCredentials | /buildConfiguration/dockerCredentials"
            + " | [\"example-docker-credential\"]",
        "buildConfiguration.storage.ephemeralStorage.storageSize"
            + " | /buildConfiguration/storage/ephemeralStorage/storageSize | 16384",
        "suspended | /settings/cron/suspended | false",
        "settings.cron.schedule | /settings/cron/schedule | \"30 8 * * *\"",
        "settings.cron.concurrencyPolicy | /settings/cron/concurrencyPolicy | \"allow\"",
        "settings.backoffLimit | /settings/backoffLimit | 0",
        "settings.activeDeadlineSeconds | /settings/activeDeadlineSeconds | 600"
      })
  void eachCorrectableFieldGoesWherePatchTakesItInItsDialect(
      String field, String pointer, String json) throws IOException {
    CorrectionPatch patch = CorrectionPatch.of(desired, List.of(field));

    assertThat(patch.fields()).containsExactly(field);
    assertThat(patch.body().at(pointer)).isEqualTo(YAML.readTree(json));
    assertThat(leaves(patch.body())).containsExactly(pointer);
  }

  @Test
  void everyCorrectableLeafOfTheSampleIsCovered() {
    Set<String> correctable = new TreeSet<>();
    collectLeaves("", desired, correctable);
    correctable.removeIf(path -> !PatchableFields.isCorrectable(path));

    CorrectionPatch patch = CorrectionPatch.of(desired, correctable);

    assertThat(patch.fields()).containsExactlyInAnyOrderElementsOf(correctable);
    assertThat(patch.body().properties().stream().map(Map.Entry::getKey))
        .containsExactlyInAnyOrder(
            "description", "tags", "billing", "disabledCI", "buildConfiguration", "settings");
  }

  @Test
  void severalFieldsShareTheirParentObjects() {
    CorrectionPatch patch =
        CorrectionPatch.of(
            desired,
            List.of("settings.cron.concurrencyPolicy", "settings.cron.schedule", "suspended"));

    assertThat(patch.body())
        .isEqualTo(
            Fixtures.parse(
                "{\"settings\":{\"cron\":{\"concurrencyPolicy\":\"allow\","
                    + "\"schedule\":\"30 8 * * *\",\"suspended\":false}}}"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "name",
        "jobType",
        "vcsData.projectUrl",
        "vcsData.projectBranch",
        "buildEngineConfiguration.buildEngine",
        "buildEngineConfiguration.buildpack.builder",
        "disabledCD",
        "deployment.docker.configType",
        "deployment.storage.ephemeralStorage.storageSize"
      })
  void anUncorrectableFieldIsNeverInTheBody(String field) {
    CorrectionPatch patch = CorrectionPatch.of(desired, List.of(field, "description"));

    assertThat(patch.fields()).containsExactly("description");
    assertThat(patch.body().properties().stream().map(Map.Entry::getKey))
        .containsExactly("description");
  }

  @Test
  void nothingDriftedOrNothingCorrectableIsAnEmptyPatch() {
    assertThat(CorrectionPatch.of(desired, List.of()).isEmpty()).isTrue();
    assertThat(CorrectionPatch.of(desired, List.of("name", "jobType")).body().isEmpty()).isTrue();
  }

  @Test
  void aFieldTheSpecDoesNotDeclareIsNotSent() {
    JsonNode partial = Fixtures.parse("{\"description\": \"only this\"}");

    CorrectionPatch patch = CorrectionPatch.of(partial, List.of("description", "tags"));

    assertThat(patch.fields()).containsExactly("description");
  }

  @Test
  void theDesiredTreeIsNotChanged() {
    JsonNode before = desired.deepCopy();

    CorrectionPatch.of(desired, List.of("settings.cron.concurrencyPolicy", "tags"))
        .body()
        .withArray("tags")
        .add("mutated");

    assertThat(desired).isEqualTo(before);
  }

  private static Set<String> leaves(JsonNode node) {
    Set<String> out = new TreeSet<>();
    collectPointers("", node, out);
    return out;
  }

  private static void collectPointers(String prefix, JsonNode node, Set<String> out) {
    if (!node.isObject()) {
      out.add(prefix);
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      collectPointers(prefix + "/" + e.getKey(), e.getValue(), out);
    }
  }

  private static void collectLeaves(String prefix, JsonNode node, Set<String> out) {
    node.properties()
        .forEach(
            e -> {
              String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
              if (e.getValue().isObject()) {
                collectLeaves(path, e.getValue(), out);
              } else {
                out.add(path);
              }
            });
  }
}
