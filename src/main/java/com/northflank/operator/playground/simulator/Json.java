package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The simulator's one ObjectMapper and the tree operations the routes share. */
final class Json {

  // ObjectMapper is thread-safe once configured; one instance keeps its caches warm.
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree built in memory always serialises", e);
    }
  }

  /** Parses a request body; anything that is not a JSON object is the client's fault (400). */
  static ObjectNode requestObject(byte[] body) {
    if (body.length == 0) {
      throw new ApiException(400, "Request body must be a JSON object");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (IOException e) {
      throw new ApiException(400, "Request body is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new ApiException(400, "Request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /** A JSON document shipped in the jar. */
  static JsonNode resource(String path) {
    try (InputStream in = Json.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The object at {@code key}, created when absent or not an object. */
  static ObjectNode child(ObjectNode parent, String key) {
    JsonNode existing = parent.get(key);
    if (existing != null && existing.isObject()) {
      return (ObjectNode) existing;
    }
    return parent.putObject(key);
  }
}
