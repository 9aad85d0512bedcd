package com.northflank.operator.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.northflank.operator.model.FieldDrift;
import com.northflank.operator.client.PatchableFields;
import com.northflank.operator.model.OwnershipTag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Compares the desired job ({@code spec.job}) with the live job (the {@code data} object of Get
 * Job), field by field. Only what the spec declares is compared: the live job always carries more
 * than a spec sets (server-owned fields, defaults, fields newer API versions add), and none of that
 * is drift. Each difference says whether PATCH could correct it ({@link PatchableFields}).
 *
 * <p>Stateless, so one instance can be shared across threads.
 */
public final class DriftComparator {

  private static final Comparator<FieldDrift> BY_FIELD = Comparator.comparing(FieldDrift::field);

  /**
   * Returns the declared fields whose live values differ, sorted by field path.
   *
   * @param desired the {@code spec.job} tree; null, missing or not an object declares nothing
   * @param actual the live job's {@code data} object; when null, missing or not an object, every
   *     declared field is reported as absent
   */
  public DriftReport compare(JsonNode desired, JsonNode actual) {
    if (desired == null || !desired.isObject()) {
      return DriftReport.none();
    }
    List<FieldDrift> differences = new ArrayList<>();
    compareObject("", withoutOwnershipTags(desired), withoutOwnershipTags(actual), differences);
    if (differences.isEmpty()) {
      return DriftReport.none();
    }
    differences.sort(BY_FIELD);
    return new DriftReport(differences);
  }

  /**
   * The operator's ownership tag ({@link OwnershipTag}) is its own mark on the job, not a field the
   * resource declares: it is neither drift nor declared.
   */
  private static JsonNode withoutOwnershipTags(JsonNode job) {
    if (job == null || !job.isObject() || !job.path("tags").isArray()) {
      return job;
    }
    boolean tagged = false;
    for (JsonNode tag : job.get("tags")) {
      tagged |= OwnershipTag.isOwnershipTag(tag);
    }
    if (!tagged) {
      return job;
    }
    com.fasterxml.jackson.databind.node.ObjectNode copy =
        ((com.fasterxml.jackson.databind.node.ObjectNode) job).deepCopy();
    com.fasterxml.jackson.databind.node.ArrayNode kept = copy.putArray("tags");
    job.get("tags").forEach(t -> {
      if (!OwnershipTag.isOwnershipTag(t)) {
        kept.add(t);
      }
    });
    return copy;
  }

  /**
   * When {@code actual} is not an object, every child lookup yields nothing, so each declared leaf
   * below is reported as absent by the same code path as a single missing field.
   */
  private static void compareObject(
      String prefix, JsonNode desired, JsonNode actual, List<FieldDrift> out) {
    boolean liveIsObject = actual != null && actual.isObject();
    for (Map.Entry<String, JsonNode> field : desired.properties()) {
      JsonNode want = field.getValue();
      if (want.isNull()) {
        continue; // an explicit null means "not managed", same as leaving the field out
      }
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      JsonNode have = liveIsObject ? actual.get(field.getKey()) : null;
      compareField(path, want, have, out);
    }
  }

  private static void compareField(
      String path, JsonNode want, JsonNode have, List<FieldDrift> out) {
    if (want.isObject()) {
      compareObject(path, want, have, out);
      return;
    }
    boolean absent = have == null || have.isNull() || have.isMissingNode();
    if (absent && want.isArray() && want.isEmpty()) {
      return; // the API leaves empty optional lists out: declaring none matches having none
    }
    if (absent) {
      out.add(drift(path, render(want, null), FieldDrift.ABSENT));
      return;
    }
    boolean same = want.isArray() ? sameList(path, want, have) : sameScalar(path, want, have);
    if (!same) {
      out.add(drift(path, render(want, have), render(have, want)));
    }
  }

  private static FieldDrift drift(String path, String desired, String actual) {
    return new FieldDrift(path, desired, actual, PatchableFields.isCorrectable(path));
  }

  private static boolean sameList(String path, JsonNode want, JsonNode have) {
    if (!have.isArray()) {
      return false;
    }
    if (DriftRules.isSetLike(path)) {
      return containsAll(want, have) && containsAll(have, want);
    }
    return sameValue(want, have);
  }

  /** Quadratic, but these lists hold a handful of entries and this keeps numbers-by-value. */
  private static boolean containsAll(JsonNode container, JsonNode elements) {
    for (JsonNode element : elements) {
      boolean found = false;
      for (JsonNode candidate : container) {
        if (sameValue(candidate, element)) {
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameScalar(String path, JsonNode want, JsonNode have) {
    if (DriftRules.isEnum(path) && want.isTextual() && have.isTextual()) {
      return want.textValue().equalsIgnoreCase(have.textValue());
    }
    return sameValue(want, have);
  }

  /** Structural equality in which numbers compare by value and every other type exactly. */
  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return sameNumber(a, b);
    }
    if (a.getNodeType() != b.getNodeType()) {
      return false;
    }
    return switch (a.getNodeType()) {
      case ARRAY -> sameElements(a, b);
      case OBJECT -> sameProperties(a, b);
      default -> a.equals(b);
    };
  }

  private static boolean sameElements(JsonNode a, JsonNode b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!sameValue(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameProperties(JsonNode a, JsonNode b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (Map.Entry<String, JsonNode> property : a.properties()) {
      JsonNode other = b.get(property.getKey());
      if (other == null || !sameValue(property.getValue(), other)) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameNumber(JsonNode a, JsonNode b) {
    // BigDecimal cannot hold NaN or infinity; JSON cannot either, but a hand-built tree can.
    if (!isFinite(a) || !isFinite(b)) {
      return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
    }
    return a.decimalValue().compareTo(b.decimalValue()) == 0;
  }

  private static boolean isFinite(JsonNode number) {
    return !(number.isDouble() || number.isFloat()) || Double.isFinite(number.doubleValue());
  }

  /**
   * Strings raw, other scalars as their text, arrays and objects as compact JSON. A string facing a
   * value of another type is quoted, so that 600 against "600" does not read as 600 against 600.
   */
  private static String render(JsonNode node, JsonNode other) {
    if (node.isTextual()) {
      boolean typesDiffer = other != null && !other.isTextual();
      return typesDiffer ? node.toString() : node.textValue();
    }
    if (node.isBigDecimal()) {
      return node.decimalValue().toPlainString();
    }
    if (node.isValueNode()) {
      return node.asText();
    }
    return node.toString();
  }
}
