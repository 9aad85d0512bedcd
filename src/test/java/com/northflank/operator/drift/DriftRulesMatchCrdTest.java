package com.northflank.operator.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds {@link DriftRules} against the CRD generated from the model, so that a new enum or list
 * field cannot be added to spec.job without deciding how drift treats it.
 */
class DriftRulesMatchCrdTest {

  /** Written by the crd-generator plugin in process-classes, which runs before the tests. */
  private static final Path CRD =
      Path.of("target/classes/META-INF/fabric8/northflankjobs.northflank.com-v1.yml");

  /** Every property under spec.job, by dotted path (merged over all served versions). */
  private static Map<String, JsonNode> jobProperties;

  @BeforeAll
  static void readCrd() throws IOException {
    assertThat(CRD).as("generated CRD (run mvn process-classes)").isRegularFile();
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(CRD));
    jobProperties = new TreeMap<>();
    for (JsonNode version : crd.path("spec").path("versions")) {
      JsonNode job =
          version.at("/schema/openAPIV3Schema/properties/spec/properties/job/properties");
      collect("", job, jobProperties);
    }
    // Guards against a walk that finds nothing and so passes every check below vacuously.
    assertThat(jobProperties).containsKeys("settings.cron.schedule", "tags", "jobType");
  }

  @Test
  void everyStringEnumInTheCrdIsAnEnumField() {
    assertThat(DriftRules.ENUM_FIELDS).containsAll(stringEnums());
  }

  @Test
  void everyEnumFieldIsAStringEnumInTheCrd() {
    assertThat(stringEnums()).containsAll(DriftRules.ENUM_FIELDS);
  }

  @Test
  void everyListInTheCrdIsClassified() {
    Set<String> classified = new HashSet<>(DriftRules.SET_LIKE_LISTS);
    classified.addAll(DriftRules.ORDERED_LISTS);

    assertThat(classified).containsAll(arrays());
  }

  @Test
  void everyClassifiedListIsAListInTheCrd() {
    assertThat(arrays())
        .containsAll(DriftRules.SET_LIKE_LISTS)
        .containsAll(DriftRules.ORDERED_LISTS);
  }

  @Test
  void noListIsBothSetLikeAndOrdered() {
    assertThat(Collections.disjoint(DriftRules.SET_LIKE_LISTS, DriftRules.ORDERED_LISTS))
        .as("set-like %s, ordered %s", DriftRules.SET_LIKE_LISTS, DriftRules.ORDERED_LISTS)
        .isTrue();
  }

  private static Set<String> stringEnums() {
    return pathsWhere(p -> p.has("enum") && "string".equals(p.path("type").asText()));
  }

  private static Set<String> arrays() {
    return pathsWhere(p -> "array".equals(p.path("type").asText()));
  }

  private static Set<String> pathsWhere(Predicate<JsonNode> test) {
    return jobProperties.entrySet().stream()
        .filter(e -> test.test(e.getValue()))
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static void collect(String prefix, JsonNode properties, Map<String, JsonNode> out) {
    for (Map.Entry<String, JsonNode> property : properties.properties()) {
      String path = prefix.isEmpty() ? property.getKey() : prefix + "." + property.getKey();
      out.put(path, property.getValue());
      collect(path, property.getValue().path("properties"), out);
    }
  }
}
