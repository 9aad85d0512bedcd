package com.northflank.operator.playground.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes field selector ({@code involvedObject.name=x,reason!=y}), matched against an object
 * by the dotted path of each field, as kube-apiserver does for the fields each kind supports
 * (events: {@code involvedObject.*}, {@code reason}, {@code type}, {@code source}, ...; every kind:
 * {@code metadata.name}, {@code metadata.namespace}). The mock server ignores field selectors.
 */
record FieldSelector(List<Requirement> requirements) {

  /** Fields selected under another name than their path. */
  private static final Map<String, String> ALIASES = Map.of("source", "source.component");

  record Requirement(String field, String value, boolean equal) {}

  static FieldSelector parse(String selector) {
    List<Requirement> requirements = new ArrayList<>();
    for (String term : selector.split(",")) {
      if (term.isBlank()) {
        continue;
      }
      boolean equal = !term.contains("!=");
      String[] parts = term.split(equal ? "==?" : "!=", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException("invalid field selector: " + term);
      }
      requirements.add(new Requirement(parts[0].trim(), parts[1].trim(), equal));
    }
    return new FieldSelector(List.copyOf(requirements));
  }

  boolean isEmpty() {
    return requirements.isEmpty();
  }

  boolean matches(JsonNode object) {
    for (Requirement requirement : requirements) {
      JsonNode node = object;
      for (String step :
          ALIASES.getOrDefault(requirement.field(), requirement.field()).split("\\.")) {
        node = node.path(step);
      }
      String actual = node.isValueNode() ? node.asText() : "";
      if (actual.equals(requirement.value()) != requirement.equal()) {
        return false;
      }
    }
    return true;
  }
}
