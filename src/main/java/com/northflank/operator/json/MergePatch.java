package com.northflank.operator.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON merge patch (RFC 7386), both ways: {@link #diff} computes the smallest patch that turns one
 * object into another (an empty result means nothing changed, which is how the status writer knows
 * to write nothing); {@link #apply} applies one.
 */
public final class MergePatch {

  private MergePatch() {}

  /**
   * Applies a merge patch in place: objects merge recursively, {@code null} removes, anything else
   * replaces. The patch's nodes are copied so the caller's body cannot alias the target.
   */
  public static void apply(ObjectNode target, JsonNode patch) {
    for (Map.Entry<String, JsonNode> entry : patch.properties()) {
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      if (value.isNull()) {
        target.remove(key);
      } else if (value.isObject()) {
        JsonNode existing = target.get(key);
        ObjectNode child =
            existing != null && existing.isObject() ? (ObjectNode) existing : target.putObject(key);
        apply(child, value);
      } else {
        target.set(key, value.deepCopy());
      }
    }
  }

  public static ObjectNode diff(JsonNode source, JsonNode target) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    JsonNode from = source == null ? JsonNodeFactory.instance.objectNode() : source;
    Iterator<String> removed = from.fieldNames();
    while (removed.hasNext()) {
      String name = removed.next();
      if (from.get(name).isNull()) {
        continue;
      }
      if (target == null || !target.has(name) || target.get(name).isNull()) {
        patch.putNull(name);
      }
    }
    if (target == null) {
      return patch;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = target.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode before = from.get(field.getKey());
      JsonNode after = field.getValue();
      if (after.isNull() || after.equals(before)) {
        continue;
      }
      if (after.isObject() && before != null && before.isObject()) {
        ObjectNode nested = diff(before, after);
        if (!nested.isEmpty()) {
          patch.set(field.getKey(), nested);
        }
      } else {
        patch.set(field.getKey(), after);
      }
    }
    return patch;
  }
}
