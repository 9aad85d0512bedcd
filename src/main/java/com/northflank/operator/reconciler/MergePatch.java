package com.northflank.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Computes the smallest JSON merge patch (RFC 7386) that turns one object into another. An empty
 * result means nothing changed, which is how the status writer knows to write nothing.
 */
public final class MergePatch {

  private MergePatch() {}

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
