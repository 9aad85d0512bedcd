package com.northflank.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CRD's OpenAPI v3 schema checked by networknt's JSON schema validator, with each problem
 * reported as kube-apiserver words it ({@code spec.jobId: Required value}, {@code Unsupported
 * value: ...}).
 *
 * <p>The structural schema is turned into a JSON schema first: OpenAPI 3.0 uses the draft-04
 * keywords (boolean exclusiveMinimum/Maximum), {@code nullable} becomes a null type, {@code
 * x-kubernetes-int-or-string} an anyOf of integer and string, and the other {@code x-kubernetes-*}
 * extensions are dropped (pruning and CEL are done elsewhere). Unknown fields are not this class's
 * concern: they are pruned before the schema sees the resource.
 */
final class OpenApiSchemaRules {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonSchema schema;

  OpenApiSchemaRules(JsonNode openApiV3Schema) {
    ObjectNode root = toJsonSchema(openApiV3Schema);
    // apiVersion, kind and metadata are the API server's and absent from a CRD's schema.
    ObjectNode properties = root.withObjectProperty("properties");
    properties.set("apiVersion", NODES.objectNode().put("type", "string"));
    properties.set("kind", NODES.objectNode().put("type", "string"));
    properties.set("metadata", NODES.objectNode().put("type", "object"));
    this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(root);
  }

  List<FieldError> validate(JsonNode resource) {
    return schema.validate(resource).stream()
        .map(OpenApiSchemaRules::toFieldError)
        .distinct()
        .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
        .collect(Collectors.toList());
  }

  private static FieldError toFieldError(ValidationMessage message) {
    String at = fieldPath(message.getInstanceLocation().toString());
    JsonNode value = message.getInstanceNode();
    JsonNode keyword = message.getSchemaNode();
    String inBody = at + " in body";
    return switch (message.getType()) {
      case "required" ->
          new FieldError(
              join(at, message.getProperty()), FieldError.Type.REQUIRED, "Required value");
      case "enum" ->
          new FieldError(
              at,
              FieldError.Type.NOT_SUPPORTED,
              "Unsupported value: "
                  + render(value)
                  + ": supported values: "
                  + supportedValues(keyword));
      case "type" ->
          new FieldError(
              at,
              FieldError.Type.TYPE_INVALID,
              "Invalid value: \""
                  + jsonType(value)
                  + "\": "
                  + inBody
                  + " must be of type "
                  + typeNames(keyword)
                  + ": \""
                  + jsonType(value)
                  + "\"");
      case "maxLength" ->
          new FieldError(
              at,
              FieldError.Type.TOO_LONG,
              "Too long: may not be more than " + number(keyword) + " bytes");
      case "minLength" ->
          invalid(at, value, inBody + " should be at least " + number(keyword) + " chars long");
      case "pattern" -> invalid(at, value, inBody + " should match '" + keyword.asText() + "'");
      case "minimum" ->
          invalid(at, value, inBody + " should be greater than or equal to " + number(keyword));
      case "maximum" ->
          invalid(at, value, inBody + " should be less than or equal to " + number(keyword));
      case "maxItems" ->
          new FieldError(
              at,
              FieldError.Type.TOO_MANY,
              "Too many: " + value.size() + ": must have at most " + number(keyword) + " items");
      case "minItems" ->
          invalid(at, value, inBody + " should have at least " + number(keyword) + " items");
      case "uniqueItems" ->
          new FieldError(at, FieldError.Type.DUPLICATE, "Duplicate value: " + render(value));
      default -> invalid(at, value, message.getMessage().replaceFirst("^\\$\\.?", ""));
    };
  }

  private static FieldError invalid(String at, JsonNode value, String detail) {
    return new FieldError(
        at, FieldError.Type.INVALID, "Invalid value: " + render(value) + ": " + detail);
  }

  /** {@code $.spec.job.tags[0]} becomes {@code spec.job.tags[0]}, the way Kubernetes writes it. */
  private static String fieldPath(String instanceLocation) {
    return instanceLocation.replaceFirst("^\\$\\.?", "");
  }

  private static String join(String parent, String child) {
    return parent.isEmpty() ? child : parent + "." + child;
  }

  /** Strings quoted, numbers and booleans as they are, larger values by their type. */
  static String render(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "null";
    }
    if (value.isContainerNode()) {
      return "\"" + jsonType(value) + "\"";
    }
    return value.toString();
  }

  private static String supportedValues(JsonNode values) {
    List<String> rendered = new ArrayList<>();
    if (values != null) {
      values.forEach(v -> rendered.add(v.toString()));
    }
    return String.join(", ", rendered);
  }

  private static String typeNames(JsonNode type) {
    if (type == null) {
      return "?";
    }
    if (type.isArray()) {
      List<String> names = new ArrayList<>();
      type.forEach(t -> names.add(t.asText()));
      return String.join("/", names);
    }
    return type.asText();
  }

  private static String number(JsonNode keyword) {
    if (keyword == null || !keyword.isNumber()) {
      return String.valueOf(keyword);
    }
    BigDecimal decimal = keyword.decimalValue().stripTrailingZeros();
    return decimal.scale() <= 0 ? decimal.toBigInteger().toString() : decimal.toPlainString();
  }

  static String jsonType(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    }
    if (value.isObject()) {
      return "object";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    return value.isIntegralNumber() ? "integer" : "number";
  }

  private static ObjectNode toJsonSchema(JsonNode structural) {
    ObjectNode schema = structural.deepCopy();
    translate(schema);
    return schema;
  }

  private static void translate(JsonNode node) {
    if (!(node instanceof ObjectNode schema)) {
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
      schema.remove("type");
      ArrayNode anyOf = NODES.arrayNode();
      anyOf.addObject().put("type", "integer");
      anyOf.addObject().put("type", "string");
      if (!schema.has("anyOf")) {
        schema.set("anyOf", anyOf);
      }
    }
    if (schema.path("nullable").asBoolean() && schema.path("type").isTextual()) {
      ArrayNode types = NODES.arrayNode().add(schema.path("type").asText()).add("null");
      schema.set("type", types);
      if (schema.has("enum")) {
        ((ArrayNode) schema.get("enum")).addNull();
      }
    }
    schema.remove(
        schema.properties().stream()
            .map(Map.Entry::getKey)
            .filter(key -> key.startsWith("x-kubernetes-") || key.equals("nullable"))
            .collect(Collectors.toList()));
    for (Iterator<JsonNode> it = schema.path("properties").elements(); it.hasNext(); ) {
      translate(it.next());
    }
    translate(schema.get("items"));
    translate(schema.get("additionalProperties"));
    for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
      schema.path(combinator).forEach(OpenApiSchemaRules::translate);
    }
    translate(schema.get("not"));
  }
}
