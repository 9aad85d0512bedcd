package com.northflank.operator.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.northflank.operator.drift.DriftComparator;
import com.northflank.operator.model.FieldDrift;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The PATCH answer (PatchJobResult, the documentation's example) in the Get Job shape, with what it
 * lacks taken from the Get Job read (the documentation's seed example).
 */
class PatchResultShapeTest {

  private final ObjectNode read = (ObjectNode) Fixtures.tree(Fixtures.SEED).get("data");
  private final ObjectNode answer =
      (ObjectNode) Fixtures.tree("patch-job-response-example.json").get("data");

  @Test
  void suspensionMovesToTheTopAndThePolicyIsCapitalised() {
    ObjectNode shaped = PatchResultShape.toGetJobShape(read, answer);

    assertThat(shaped.get("suspended").booleanValue()).isFalse();
    assertThat(shaped.at("/settings/cron").has("suspended")).isFalse();
    assertThat(shaped.at("/settings/cron/concurrencyPolicy").asText()).isEqualTo("Forbid");
    assertThat(shaped.at("/settings/cron/schedule").asText()).isEqualTo("30 8 * * *");
  }

  @Test
  void theAnswersValuesWin() {
    ObjectNode shaped = PatchResultShape.toGetJobShape(read, answer);

    assertThat(shaped.get("description").asText()).isEqualTo("A job description");
    assertThat(shaped.at("/billing/buildPlan").asText()).isEqualTo("nf-compute-200-8");
    assertThat(shaped.get("name").asText()).isEqualTo("Example Job");
    assertThat(shaped.get("cluster")).isEqualTo(answer.get("cluster"));
  }

  @Test
  void whatTheAnswerLacksOrShapesOtherwiseComesFromTheRead() {
    ObjectNode shaped = PatchResultShape.toGetJobShape(read, answer);

    for (String field :
        new String[] {
          "vcsData",
          "buildEngineConfiguration",
          "disabledCD",
          "deployment",
          "tags",
          "createdAt",
          "projectId",
          "disabledCI"
        }) {
      assertThat(shaped.get(field)).as(field).isEqualTo(read.get(field));
    }
    assertThat(shaped.has("buildSettings")).isFalse();
    assertThat(shaped.has("status")).isFalse();
    assertThat(shaped.has("runtimeEnvironment")).isFalse();
    assertThat(shaped.has("healthChecks")).isFalse();
  }

  @Test
  void aNestedFieldTheAnswerOmitsKeepsItsReadValue() {
    ObjectNode partial = answer.deepCopy();
    ((ObjectNode) partial.get("settings")).remove("activeDeadlineSeconds");
    ((ObjectNode) partial.at("/settings/cron")).remove("schedule");
    read.with("settings").with("cron").put("schedule", "0 * * * *");

    ObjectNode shaped = PatchResultShape.toGetJobShape(read, partial);

    assertThat(shaped.at("/settings/activeDeadlineSeconds").asLong()).isEqualTo(600);
    assertThat(shaped.at("/settings/cron/schedule").asText()).isEqualTo("0 * * * *");
  }

  @Test
  void anUnknownPolicyValueIsKeptVerbatim() {
    answer.with("settings").with("cron").put("concurrencyPolicy", "queue");

    assertThat(PatchResultShape.toGetJobShape(read, answer).at("/settings/cron/concurrencyPolicy"))
        .hasToString("\"queue\"");
  }

  @Test
  void neitherInputIsChanged() {
    JsonNode readBefore = read.deepCopy();
    JsonNode answerBefore = answer.deepCopy();

    PatchResultShape.toGetJobShape(read, answer).put("description", "changed");

    assertThat(read).isEqualTo(readBefore);
    assertThat(answer).isEqualTo(answerBefore);
  }

  /**
   * The point of it all: compared with the sample spec, the shaped answer shows only the fields the
   * PATCH answer really changed, nothing the answer merely leaves out or speaks of in its dialect.
   */
  @Test
  void comparedWithTheSpecOnlyRealChangesAreDrift() throws IOException {
    JsonNode spec =
        new ObjectMapper(new YAMLFactory())
            .readTree(Files.readString(Path.of("deploy/samples/example-cron-job.yaml")))
            .at("/spec/job");

    var drift = new DriftComparator().compare(spec, PatchResultShape.toGetJobShape(read, answer));

    assertThat(drift.differences().stream().map(FieldDrift::field))
        .containsExactly("description", "settings.cron.concurrencyPolicy");
  }
}
