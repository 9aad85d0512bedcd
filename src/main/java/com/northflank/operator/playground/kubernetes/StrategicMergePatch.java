package com.northflank.operator.playground.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes' strategic merge patch, applied as kube-apiserver applies it (apimachinery's {@code
 * strategicpatch} with the server's options: lists of primitives take {@code
 * $deleteFromPrimitiveList}, nulls delete and are never stored). There is no Java implementation to
 * use instead: Kubernetes' own is Go, and Java clients only send these patches.
 *
 * <p>Objects merge field by field and {@code null} deletes, as in a JSON merge patch. A list the
 * {@link PatchSchema} marks as merged keeps its stored elements: a patch element replaces nothing
 * but merges into the stored element with the same merge key, or is added; primitives are added as
 * to a set. Directives:
 *
 * <ul>
 *   <li>{@code $patch: replace} in an object replaces it with the rest of the patch object; in a
 *       merged list, replaces the list with the other patch elements.
 *   <li>{@code $patch: delete} in an object empties it; in a merged list, an element {@code {name:
 *       x, $patch: delete}} removes the stored element with that key.
 *   <li>{@code $patch: merge} is refused, as kube-apiserver refuses it (merging is the default).
 *   <li>{@code $setElementOrder/list: [...]} orders the merged list: the elements it names in its
 *       order, the others where they stood.
 *   <li>{@code $deleteFromPrimitiveList/list: [...]} removes these values from a list of
 *       primitives.
 *   <li>{@code $retainKeys: [...]} clears every stored field of the object it does not name.
 * </ul>
 *
 * <p>Without {@code $setElementOrder}, the merged list holds the patch's elements in the patch's
 * order, with the stored elements the patch does not name in their stored order around them:
 * kube-apiserver's order, in which an element the patch adds comes before the stored ones.
 */
final class StrategicMergePatch {

  /** A patch kube-apiserver would refuse; the message says why. */
  static final class InvalidPatch extends RuntimeException {
    InvalidPatch(String message) {
      super(message);
    }
  }

  private static final String PATCH = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String SET_ELEMENT_ORDER = "$setElementOrder/";
  private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StrategicMergePatch() {}

  /**
   * The object after the patch. Neither argument is changed.
   *
   * @throws InvalidPatch for a patch kube-apiserver refuses (a bad directive, a merged list's
   *     element without its merge key)
   */
  static ObjectNode apply(JsonNode stored, JsonNode patch, PatchSchema schema) {
    if (patch == null || !patch.isObject()) {
      throw new InvalidPatch("a strategic merge patch must be a JSON object");
    }
    ObjectNode target =
        stored != null && stored.isObject() ? stored.deepCopy() : NODES.objectNode();
    return mergeObject(target, ((ObjectNode) patch).deepCopy(), schema);
  }

  /** The patch without its directives: the fields it sets, to check against the kind's model. */
  static JsonNode withoutDirectives(JsonNode patch) {
    if (patch.isObject()) {
      ObjectNode fields = NODES.objectNode();
      for (Map.Entry<String, JsonNode> field : patch.properties()) {
        if (!field.getKey().startsWith("$")) {
          fields.set(field.getKey(), withoutDirectives(field.getValue()));
        }
      }
      return fields;
    }
    if (patch.isArray()) {
      ArrayNode elements = NODES.arrayNode();
      patch.forEach(element -> elements.add(withoutDirectives(element)));
      return elements;
    }
    return patch;
  }

  /** Merges the patch into {@code target} (changed in place, and returned unless replaced). */
  private static ObjectNode mergeObject(ObjectNode target, ObjectNode patch, PatchSchema schema) {
    JsonNode directive = patch.remove(PATCH);
    if (directive != null) {
      return switch (directive.asText()) {
        case "replace" -> mergeObject(NODES.objectNode(), patch, schema);
        case "delete" -> NODES.objectNode();
        default -> throw new InvalidPatch("unknown patch type: " + directive + " in map: " + patch);
      };
    }
    retainKeys(target, patch);
    setElementOrders(target, patch, schema);
    for (Map.Entry<String, JsonNode> entry : patch.properties()) {
      String name = entry.getKey();
      JsonNode value = entry.getValue();
      if (name.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        deleteFromPrimitiveList(target, name.substring(DELETE_FROM_PRIMITIVE_LIST.length()), value);
        continue;
      }
      if (name.startsWith("$")) {
        throw new InvalidPatch("unknown directive " + name + " in map: " + patch);
      }
      if (value.isNull()) {
        target.remove(name);
        continue;
      }
      PatchSchema.Field field = schema.field(name);
      JsonNode existing = target.get(name);
      if (existing == null || existing.getNodeType() != value.getNodeType()) {
        target.set(name, fresh(value, field));
      } else if (value.isObject()) {
        target.set(name, mergeObject((ObjectNode) existing, (ObjectNode) value, field.type()));
      } else if (value.isArray() && field.merged()) {
        target.set(name, mergeList((ArrayNode) existing, (ArrayNode) value, field));
      } else {
        target.set(name, value);
      }
    }
    return target;
  }

  /** A patch value where nothing is stored: its directives applied to nothing, nulls dropped. */
  private static JsonNode fresh(JsonNode value, PatchSchema.Field field) {
    if (value.isObject()) {
      return mergeObject(NODES.objectNode(), (ObjectNode) value, field.type());
    }
    if (value.isArray() && field.merged()) {
      return mergeList(NODES.arrayNode(), (ArrayNode) value, field);
    }
    return value;
  }

  private static void retainKeys(ObjectNode target, ObjectNode patch) {
    JsonNode retained = patch.remove(RETAIN_KEYS);
    if (retained == null) {
      return;
    }
    if (!retained.isArray()) {
      throw new InvalidPatch("invalid patch format of retainKeys");
    }
    Set<String> kept = new HashSet<>();
    retained.forEach(key -> kept.add(key.asText()));
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      String name = field.getKey();
      boolean directive =
          name.startsWith(SET_ELEMENT_ORDER) || name.startsWith(DELETE_FROM_PRIMITIVE_LIST);
      if (!field.getValue().isNull() && !directive && !kept.contains(name)) {
        // a field the patch sets but would clear
        throw new InvalidPatch("invalid patch format of retainKeys");
      }
    }
    target.retain(kept);
  }

  private static void deleteFromPrimitiveList(ObjectNode target, String name, JsonNode values) {
    if (name.isEmpty() || !values.isArray()) {
      throw new InvalidPatch("invalid patch format of primitive list");
    }
    JsonNode existing = target.get(name);
    if (existing == null || !existing.isArray()) {
      return;
    }
    ArrayNode kept = NODES.arrayNode();
    for (JsonNode element : existing) {
      if (indexOf(values, element, null) < 0) {
        kept.add(element);
      }
    }
    target.set(name, kept);
  }

  /**
   * Each {@code $setElementOrder/list}: merges that list now (it is then removed from the patch)
   * and orders it as the directive says.
   */
  private static void setElementOrders(ObjectNode target, ObjectNode patch, PatchSchema schema) {
    List<String> directives = new ArrayList<>();
    patch
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (name.startsWith(SET_ELEMENT_ORDER)) {
                directives.add(name);
              }
            });
    for (String directive : directives) {
      JsonNode order = patch.remove(directive);
      String name = directive.substring(SET_ELEMENT_ORDER.length());
      JsonNode existing = target.get(name);
      JsonNode patched = patch.remove(name);
      if (name.isEmpty()
          || !order.isArray()
          || (existing != null && !existing.isArray() && !existing.isNull())
          || (patched != null && !patched.isArray())) {
        throw new InvalidPatch("invalid patch format of setElementOrder list");
      }
      PatchSchema.Field field = schema.field(name);
      checkOrder(patched, (ArrayNode) order, field.mergeKey());
      ArrayNode stored = existing != null && existing.isArray() ? (ArrayNode) existing : null;
      ArrayNode merged;
      if (patched == null) {
        if (stored == null) {
          continue;
        }
        merged = stored;
      } else if (stored == null) {
        merged = (ArrayNode) fresh(patched, field);
      } else if (field.merged()) {
        merged = mergeList(stored, (ArrayNode) patched, field);
      } else {
        merged = (ArrayNode) patched;
      }
      target.set(
          name,
          ordered(
              merged,
              (ArrayNode) order,
              stored == null ? NODES.arrayNode() : stored,
              field.mergeKey()));
    }
  }

  /** The patch's elements must come in the directive's order (deletions aside). */
  private static void checkOrder(JsonNode patched, ArrayNode order, String mergeKey) {
    if (patched == null || patched.isEmpty() || order.isEmpty()) {
      return;
    }
    int at = 0;
    for (JsonNode element : patched) {
      if (element.has(PATCH)) {
        continue;
      }
      while (at < order.size() && !sameElement(element, order.get(at), mergeKey)) {
        at++;
      }
      if (at == order.size()) {
        throw new InvalidPatch(
            "the order in patch list " + patched + " doesn't match $setElementOrder list " + order);
      }
      at++;
    }
  }

  /** A merged list after the patch: its elements merged by key, or its primitives as a set. */
  private static ArrayNode mergeList(ArrayNode stored, ArrayNode patch, PatchSchema.Field field) {
    if (stored.isEmpty() && patch.isEmpty()) {
      return stored;
    }
    boolean objects = elementsAreObjects(stored, patch);
    if (!objects) {
      ArrayNode union = stored.deepCopy();
      for (JsonNode value : patch) {
        if (indexOf(union, value, null) < 0) {
          union.add(value);
        }
      }
      return ordered(union, patch, stored, null);
    }
    String key = field.mergeKey();
    if (key == null) {
      throw new InvalidPatch("cannot merge lists without merge key");
    }
    ArrayNode base = stored.deepCopy();
    ArrayNode elements = NODES.arrayNode();
    boolean replace = false;
    for (JsonNode element : patch) {
      JsonNode directive = element.get(PATCH);
      if (directive == null) {
        elements.add(element);
        continue;
      }
      switch (directive.asText()) {
        case "delete" -> {
          JsonNode value = mergeKeyOf(element, key);
          for (int i = base.size() - 1; i >= 0; i--) {
            if (sameValue(base.get(i).get(key), value)) {
              base.remove(i);
            }
          }
        }
        case "replace" -> replace = true;
        case "merge" ->
            throw new InvalidPatch("merging lists cannot yet be specified in the patch");
        default ->
            throw new InvalidPatch("unknown patch type: " + directive + " in map: " + element);
      }
    }
    if (replace) {
      ArrayNode replaced = NODES.arrayNode();
      for (JsonNode element : elements) {
        mergeKeyOf(element, key);
        replaced.add(mergeObject(NODES.objectNode(), (ObjectNode) element, field.type()));
      }
      return replaced;
    }
    ArrayNode merged = base.deepCopy();
    for (JsonNode element : elements) {
      int at = indexOf(merged, element, key);
      if (at >= 0) {
        merged.set(
            at, mergeObject((ObjectNode) merged.get(at), (ObjectNode) element, field.type()));
      } else {
        merged.add(mergeObject(NODES.objectNode(), (ObjectNode) element, field.type()));
      }
    }
    return ordered(merged, elements, base, key);
  }

  /**
   * The merged elements in order: those {@code order} names in its order, the others in their
   * stored order, each of the latter placed before the first named one that stood after it.
   */
  private static ArrayNode ordered(
      ArrayNode merged, ArrayNode order, ArrayNode stored, String mergeKey) {
    List<JsonNode> named = new ArrayList<>();
    List<JsonNode> others = new ArrayList<>();
    for (JsonNode element : merged) {
      (indexOf(order, element, mergeKey) >= 0 ? named : others).add(element);
    }
    named.sort(Comparator.comparingInt(element -> indexOf(order, element, mergeKey)));
    others.sort(Comparator.comparingInt(element -> indexOf(stored, element, mergeKey)));
    ArrayNode result = NODES.arrayNode();
    int left = 0;
    int right = 0;
    while (left < others.size() || right < named.size()) {
      if (right == named.size()) {
        result.add(others.get(left++));
      } else if (left == others.size()) {
        result.add(named.get(right++));
      } else {
        int other = indexOf(stored, others.get(left), mergeKey);
        int next = indexOf(stored, named.get(right), mergeKey);
        result.add(
            other >= 0 && next >= 0 && other < next ? others.get(left++) : named.get(right++));
      }
    }
    return result;
  }

  private static boolean elementsAreObjects(ArrayNode stored, ArrayNode patch) {
    Boolean objects = null;
    for (ArrayNode list : List.of(stored, patch)) {
      for (JsonNode element : list) {
        if (element.isArray()) {
          throw new InvalidPatch("lists of lists are not supported");
        }
        if (objects != null && objects != element.isObject()) {
          throw new InvalidPatch("list element types are not identical: " + stored + ", " + patch);
        }
        objects = element.isObject();
      }
    }
    return Boolean.TRUE.equals(objects);
  }

  private static JsonNode mergeKeyOf(JsonNode element, String key) {
    JsonNode value = element.get(key);
    if (value == null) {
      throw new InvalidPatch("map: " + element + " does not contain declared merge key: " + key);
    }
    return value;
  }

  /** Where an element with the same merge key (or, for primitives, the same value) is, or -1. */
  private static int indexOf(JsonNode list, JsonNode element, String mergeKey) {
    for (int i = 0; i < list.size(); i++) {
      if (sameElement(list.get(i), element, mergeKey)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean sameElement(JsonNode a, JsonNode b, String mergeKey) {
    if (mergeKey == null) {
      return sameValue(a, b);
    }
    return sameValue(mergeKeyOf(a, mergeKey), mergeKeyOf(b, mergeKey));
  }

  /** JSON equality, with 80 and 80.0 the same number (as Go's decoded float64s are). */
  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }
}
