package com.northflank.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schema published for editors and kubeconform (crds/schemas/) is the one the generated
 * CRD gives ({@link CrdJsonSchema}), and it judges files as the API server's schema check does:
 * the samples pass, each invalid resource fails, and a resource of another kind or version does
 * not pass as a NorthflankJob.
 */
class CrdJsonSchemaTest {

  private static final Path GENERATED_CRD =
      Path.of("target", "classes", "META-INF", "fabric8", "northflankjobs.northflank.com-v1.yml");
  private static final Path COMMITTED = Path.of("crds", "schemas", "northflankjob_v1alpha1.json");
  private static final Path FRESH = Path.of("target", "schemas", "northflankjob_v1alpha1.json");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonSchema published;

  @BeforeAll
  static void generate() throws IOException {
    JsonNode crd = YAML.readTree(GENERATED_CRD.toFile());
    assertThat(CrdJsonSchema.fileName(crd)).isEqualTo(COMMITTED.getFileName().toString());
    Files.createDirectories(FRESH.getParent());
    Files.writeString(
        FRESH,
        JSON.writeValueAsString(CrdJsonSchema.of(crd)) + "\n",
        StandardCharsets.UTF_8);
    published =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
            .getSchema(JSON.readTree(COMMITTED.toFile()));
  }

  @Test
  void theCommittedSchemaIsTheOneTheGeneratedCrdGives() throws IOException {
    String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
    String fresh = Files.readString(FRESH, StandardCharsets.UTF_8);
    if (!committed.equals(fresh)) {
      fail(
          "%s is out of date with the CRD; copy the fresh one over it:%n  cp %s %s",
          COMMITTED, FRESH, COMMITTED);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.northflank.operator.model.CrdSchemaTest#sampleNorthflankJobs")
  void theSamplesPass(String name, JsonNode resource) {
    assertThat(published.validate(resource)).as(name).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.northflank.operator.model.CrdSchemaTest#invalidResources")
  void eachInvalidResourceFailsNamingTheField(String name, String errorAt, JsonNode resource) {
    Set<ValidationMessage> errors = published.validate(resource);

    String field = errorAt.substring(errorAt.lastIndexOf('.') + 1);
    assertThat(errors)
        .as(name)
        .isNotEmpty()
        .anySatisfy(error -> assertThat(error.getMessage()).contains(field));
  }

  @Test
  void theSamplesNameThePublishedSchemaForEditors() throws IOException {
    String header = "# yaml-language-server: $schema=";
    for (String sample : new String[] {"example-cron-job.yaml", "manual-job.yaml"}) {
      Path file = Path.of("deploy", "samples", sample);
      String first = Files.readAllLines(file).get(0);

      assertThat(first).as(sample).startsWith(header);
      assertThat(file.getParent().resolve(first.substring(header.length())).normalize())
          .as(sample + " names crds/schemas/'s file")
          .isEqualTo(COMMITTED);
    }
  }

  @Test
  void anotherKindOrVersionOrAMisspeltFieldFails() throws IOException {
    JsonNode sample = YAML.readTree(Path.of("deploy", "samples", "manual-job.yaml").toFile());

    for (String change :
        new String[] {
          "{\"apiVersion\":\"northflank.com/v1\"}",
          "{\"kind\":\"NorthflankJobs\"}",
          "{\"spec\":{\"jobID\":\"typo\"}}"
        }) {
      JsonNode changed = YAML.readerForUpdating(sample.deepCopy()).readValue(change);
      assertThat(published.validate(changed)).as(change).isNotEmpty();
    }
  }
}
