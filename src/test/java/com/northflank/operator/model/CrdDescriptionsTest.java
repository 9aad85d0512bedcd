package com.northflank.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every field of the CRD says what it is, so that {@code kubectl explain nfjob.spec.job...} and
 * editors never show {@code <no description>}: the descriptions come from the model's
 * {@code @JsonPropertyDescription}s, and a field added without one fails here.
 */
class CrdDescriptionsTest {

  private static final Path GENERATED_CRD =
      Path.of("target", "classes", "META-INF", "fabric8", "northflankjobs.northflank.com-v1.yml");

  @Test
  void everyPropertyOfTheGeneratedCrdHasADescription() throws IOException {
    JsonNode schema =
        new ObjectMapper(new YAMLFactory())
            .readTree(GENERATED_CRD.toFile())
            .at("/spec/versions/0/schema/openAPIV3Schema");
    List<String> undescribed = new ArrayList<>();
    List<String> described = new ArrayList<>();

    walk(schema, "nfjob", undescribed, described);

    assertThat(undescribed).as("fields without a description").isEmpty();
    assertThat(described)
        .as("the walk reached the nested fields")
        .contains(
            "nfjob",
            "nfjob.spec",
            "nfjob.status",
            "nfjob.spec.job.billing",
            "nfjob.spec.job.deployment.buildpack.customProcess",
            "nfjob.spec.job.buildConfiguration.storage.ephemeralStorage.storageSize",
            "nfjob.status.conditions[].reason");
  }

  private static void walk(
      JsonNode node, String path, List<String> undescribed, List<String> described) {
    String description = node.path("description").asText("");
    (description.isBlank() ? undescribed : described).add(path);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      walk(property.getValue(), path + "." + property.getKey(), undescribed, described);
    }
    JsonNode items = node.path("items");
    if (items.path("properties").size() > 0) {
      // a list of objects: the list says what it holds, each item's fields say what they are
      for (Iterator<Map.Entry<String, JsonNode>> it = items.path("properties").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        walk(property.getValue(), path + "[]." + property.getKey(), undescribed, described);
      }
    }
  }
}
