package com.northflank.operator.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Holds the correctable table against Northflank's own PATCH reference page (a copy in test
 * resources) and against the CRD generated from the model: a field the operator would send must be
 * one PATCH accepts, and every declared top-level field must be classified.
 */
class PatchableFieldsTest {

  private static final Path CRD =
      Path.of("target/classes/META-INF/fabric8/northflankjobs.northflank.com-v1.yml");
  private static final Pattern FIELD_LINE = Pattern.compile("^( *)- `([A-Za-z]+)`");

  /** Dotted paths of PATCH's request body, from the reference page. */
  private static Set<String> patchRequestPaths;

  /** Dotted paths of every leaf under spec.job in the CRD. */
  private static Set<String> declaredLeaves;

  private static Set<String> declaredTopLevel;

  @BeforeAll
  static void read() throws IOException {
    patchRequestPaths = requestBodyPaths();
    assertThat(patchRequestPaths)
        .as("parsed PATCH request body")
        .contains("settings.cron.concurrencyPolicy", "tags", "buildConfiguration.storage");
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(CRD));
    JsonNode job =
        crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/job/properties");
    declaredLeaves = new TreeSet<>();
    collectLeaves("", job, declaredLeaves);
    declaredTopLevel = new TreeSet<>();
    job.fieldNames().forEachRemaining(declaredTopLevel::add);
    assertThat(declaredLeaves).contains("settings.cron.schedule", "suspended", "name");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "description",
        "tags",
        "billing.deploymentPlan",
        "disabledCI",
        "buildConfiguration.pathIgnoreRules",
        "buildConfiguration.storage.ephemeralStorage.storageSize",
        "settings.backoffLimit",
        "settings.activeDeadlineSeconds",
        "settings.cron.schedule",
        "settings.cron.concurrencyPolicy",
        "suspended"
      })
  void fieldsPatchAcceptsAreCorrectable(String field) {
    assertThat(PatchableFields.isCorrectable(field)).isTrue();
    assertThat(PatchableFields.patchPath(field)).isPresent();
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
        "deployment.storage.shmSize"
      })
  void fieldsPatchLacksAreNotCorrectable(String field) {
    assertThat(PatchableFields.isCorrectable(field)).isFalse();
    assertThat(PatchableFields.patchPath(field)).isEmpty();
  }

  @Test
  void suspensionMovesUnderTheCronSettings() {
    assertThat(PatchableFields.patchPath("suspended")).contains("settings.cron.suspended");
    assertThat(PatchableFields.patchPath("settings.cron.schedule"))
        .contains("settings.cron.schedule");
  }

  @Test
  void everyCorrectableDeclaredFieldIsInThePatchRequestBody() {
    Map<String, String> missing = new java.util.TreeMap<>();
    for (String leaf : declaredLeaves) {
      PatchableFields.patchPath(leaf)
          .filter(path -> !patchRequestPaths.contains(path))
          .ifPresent(path -> missing.put(leaf, path));
    }
    assertThat(missing).as("declared field -> PATCH path the reference lacks").isEmpty();
  }

  @Test
  void correctableTopLevelFieldsArePatchRequestFields() {
    for (String field : PatchableFields.correctableTopLevel()) {
      String top = PatchableFields.patchPath(field).orElseThrow().split("\\.")[0];
      assertThat(patchRequestPaths).as(field).contains(top);
    }
  }

  @Test
  void fieldsNotPatchableAreAbsentFromThePatchRequestBody() {
    assertThat(patchRequestPaths).doesNotContainAnyElementsOf(PatchableFields.NOT_PATCHABLE);
  }

  @Test
  void everyDeclaredTopLevelFieldIsClassifiedOnce() {
    Set<String> classified = new TreeSet<>(PatchableFields.correctableTopLevel());
    classified.addAll(PatchableFields.NOT_PATCHABLE);

    assertThat(classified).containsExactlyInAnyOrderElementsOf(declaredTopLevel);
    assertThat(PatchableFields.correctableTopLevel())
        .doesNotContainAnyElementsOf(PatchableFields.NOT_PATCHABLE);
  }

  private static Set<String> requestBodyPaths() throws IOException {
    String page;
    try (InputStream in =
        PatchableFieldsTest.class.getResourceAsStream(
            "/northflank-reference/northflank-patch-job-api.md")) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String body =
        page.substring(page.indexOf("**Request body:**"), page.indexOf("**Response body:**"));
    Set<String> paths = new TreeSet<>();
    Deque<String> stack = new ArrayDeque<>();
    for (String line : body.split("\n")) {
      Matcher m = FIELD_LINE.matcher(line);
      if (!m.find()) {
        continue;
      }
      int depth = m.group(1).length() / 2;
      while (stack.size() > depth) {
        stack.removeLast();
      }
      stack.addLast(m.group(2));
      paths.add(String.join(".", stack));
    }
    return paths;
  }

  private static void collectLeaves(String prefix, JsonNode properties, Set<String> out) {
    properties
        .properties()
        .forEach(
            e -> {
              String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
              JsonNode children = e.getValue().path("properties");
              if (children.isEmpty()) {
                out.add(path);
              } else {
                collectLeaves(path, children, out);
              }
            });
  }
}
