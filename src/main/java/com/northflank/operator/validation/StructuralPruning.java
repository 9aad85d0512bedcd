package com.northflank.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What kube-apiserver does to a custom resource before validating it: drop every field the
 * structural schema does not declare (unless {@code x-kubernetes-preserve-unknown-fields}) and fill
 * in {@code default}s where the parent object exists. apiVersion, kind and metadata are the API
 * server's own and are left alone.
 */
final class StructuralPruning {

  private static final Set<String> OBJECT_META_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private StructuralPruning() {}

  /** Prunes and defaults {@code resource} in place; returns the paths of the removed fields. */
  static List<String> pruneAndDefault(ObjectNode resource, JsonNode schema) {
    List<String> pruned = new ArrayList<>();
    walkObject(resource, schema, "", pruned, true);
    return pruned;
  }

  private static void walk(JsonNode value, JsonNode schema, String path, List<String> pruned) {
    if (schema == null || schema.isMissingNode()) {
      return;
    }
    if (value instanceof ObjectNode object) {
      walkObject(object, schema, path, pruned, false);
    } else if (value instanceof ArrayNode array) {
      JsonNode items = schema.get("items");
      for (int i = 0; i < array.size(); i++) {
        walk(array.get(i), items, path + "[" + i + "]", pruned);
      }
    }
  }

  private static void walkObject(
      ObjectNode object, JsonNode schema, String path, List<String> pruned, boolean root) {
    boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      String childPath = path.isEmpty() ? name : path + "." + name;
      if (root && OBJECT_META_FIELDS.contains(name)) {
        continue;
      }
      if (properties.has(name)) {
        walk(field.getValue(), properties.get(name), childPath, pruned);
      } else if (additional != null && additional.isObject()) {
        walk(field.getValue(), additional, childPath, pruned);
      } else if (!preserveUnknown && !(additional != null && additional.asBoolean(false))) {
        pruned.add(childPath);
        it.remove();
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      JsonNode defaultValue = property.getValue().get("default");
      if (defaultValue != null && !object.has(property.getKey())) {
        object.set(property.getKey(), defaultValue.deepCopy());
      }
    }
  }
}
