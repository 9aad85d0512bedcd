package com.northflank.operator.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** Builds JSON trees for the drift tests. */
final class JsonTrees {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonTrees() {}

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code at("a.b", leaf)} is {@code {"a": {"b": leaf}}}. */
  static ObjectNode at(String dottedPath, JsonNode leaf) {
    String[] names = dottedPath.split("\\.");
    JsonNode node = leaf;
    for (int i = names.length - 1; i >= 0; i--) {
      ObjectNode parent = MAPPER.createObjectNode();
      parent.set(names[i], node);
      node = parent;
    }
    return (ObjectNode) node;
  }

  static ObjectNode at(String dottedPath, String jsonLeaf) {
    return at(dottedPath, json(jsonLeaf));
  }
}
