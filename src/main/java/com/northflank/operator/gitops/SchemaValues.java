package com.northflank.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Holds one scalar value against its property in the CRD's schema (type, enum, pattern, length and
 * range: what the NorthflankJob CRD uses) and returns it in canonical form, or says why the CRD
 * would refuse it.
 */
final class SchemaValues {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_QUOTED = 60;
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  /** A value the CRD would not accept; the message says why, for the user. */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String reason) {
      super(reason, null, false, false);
    }
  }

  private SchemaValues() {}

  /**
   * @param anyCaseEnum match enum values without regard to case and return the one the CRD lists
   *     first (for fields whose drift ignores case), so the same value always reads the same
   * @throws IllegalStateException when the schema has a type this class does not handle
   */
  static JsonNode accept(JsonNode value, JsonNode schema, boolean anyCaseEnum) throws Rejected {
    String type = schema.path("type").asText();
    return switch (type) {
      case "string" -> string(value, schema, anyCaseEnum);
      case "integer" -> integer(value, schema);
      case "boolean" -> {
        if (!value.isBoolean()) {
          throw new Rejected("the CRD wants true or false, not " + kind(value));
        }
        yield value;
      }
      default -> throw new IllegalStateException("schema type '" + type + "' is not handled");
    };
  }

  private static JsonNode string(JsonNode value, JsonNode schema, boolean anyCaseEnum)
      throws Rejected {
    if (!value.isTextual()) {
      throw new Rejected("the CRD wants a string, not " + kind(value));
    }
    String text = value.textValue();
    if (schema.has("enum")) {
      text = enumValue(text, schema.get("enum"), anyCaseEnum);
    }
    int length = text.codePointCount(0, text.length());
    if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
      throw new Rejected(
          quote(text) + " is shorter than the CRD's minimum of " + schema.get("minLength"));
    }
    if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
      throw new Rejected(
          quote(text) + " is longer than the CRD's maximum of " + schema.get("maxLength"));
    }
    if (schema.has("pattern")) {
      String pattern = schema.get("pattern").asText();
      // OpenAPI patterns are unanchored (ECMA-262 search); the CRD's own anchor themselves
      if (!PATTERNS.computeIfAbsent(pattern, Pattern::compile).matcher(text).find()) {
        throw new Rejected(quote(text) + " does not match the CRD's pattern " + pattern);
      }
    }
    return NODES.textNode(text);
  }

  private static String enumValue(String text, JsonNode allowed, boolean anyCase) throws Rejected {
    for (JsonNode candidate : allowed) {
      String value = candidate.asText();
      if (anyCase ? value.equalsIgnoreCase(text) : value.equals(text)) {
        return value;
      }
    }
    throw new Rejected(quote(text) + " is not one of the CRD's values " + allowed);
  }

  private static JsonNode integer(JsonNode value, JsonNode schema) throws Rejected {
    if (!value.isNumber()) {
      throw new Rejected("the CRD wants a whole number, not " + kind(value));
    }
    BigDecimal number = value.decimalValue();
    if (number.stripTrailingZeros().scale() > 0) {
      throw new Rejected(number.toPlainString() + " is not a whole number, as the CRD wants");
    }
    long whole;
    try {
      whole = number.longValueExact();
    } catch (ArithmeticException e) {
      throw new Rejected(number.toPlainString() + " is too large");
    }
    BigDecimal exact = BigDecimal.valueOf(whole);
    if (schema.has("enum") && !containsNumber(schema.get("enum"), exact)) {
      throw new Rejected(whole + " is not one of the CRD's values " + schema.get("enum"));
    }
    if (schema.has("minimum") && exact.compareTo(schema.get("minimum").decimalValue()) < 0) {
      throw new Rejected(whole + " is below the CRD's minimum of " + bound(schema, "minimum"));
    }
    if (schema.has("maximum") && exact.compareTo(schema.get("maximum").decimalValue()) > 0) {
      throw new Rejected(whole + " is above the CRD's maximum of " + bound(schema, "maximum"));
    }
    return NODES.numberNode(whole);
  }

  private static boolean containsNumber(JsonNode allowed, BigDecimal number) {
    for (JsonNode candidate : allowed) {
      if (candidate.isNumber() && candidate.decimalValue().compareTo(number) == 0) {
        return true;
      }
    }
    return false;
  }

  /** The CRD writes bounds as 65536.0; say 65536. */
  private static String bound(JsonNode schema, String keyword) {
    return schema.get(keyword).decimalValue().stripTrailingZeros().toPlainString();
  }

  static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String quote(String text) {
    String shown = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
    return "'" + shown + "'";
  }
}
