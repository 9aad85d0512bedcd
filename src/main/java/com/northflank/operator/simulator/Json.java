package com.northflank.operator.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

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

  /**
   * JSON merge patch (RFC 7386): objects merge recursively, {@code null} removes, anything else
   * replaces. The patch's nodes are copied so the caller's body cannot alias stored state.
   */
  static void mergePatch(ObjectNode target, JsonNode patch) {
    for (Map.Entry<String, JsonNode> entry : patch.properties()) {
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      if (value.isNull()) {
        target.remove(key);
      } else if (value.isObject()) {
        JsonNode existing = target.get(key);
        ObjectNode child =
            existing != null && existing.isObject() ? (ObjectNode) existing : target.putObject(key);
        mergePatch(child, value);
      } else {
        target.set(key, value.deepCopy());
      }
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
