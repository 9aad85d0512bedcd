package com.northflank.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON Schema of a NorthflankJob that editors (yaml-language-server) and CI linters
 * (kubeconform) validate files with, before a cluster sees them: the CRD's OpenAPI v3 schema made
 * strict as kubectl's validation is ({@link CrdSchemaTest#toStrictJsonSchema}: unknown fields
 * refused, the Kubernetes extensions dropped), with {@code apiVersion} and {@code kind} pinned to
 * the resource's and required. Published as crds/schemas/northflankjob_v1alpha1.json, the name
 * kubeconform's {@code {{.ResourceKind}}_{{.ResourceAPIVersion}}} template gives it; CEL rules
 * stay for {@code validate} and the API server.
 */
final class CrdJsonSchema {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CrdJsonSchema() {}

  /** The file name kubeconform looks for: lower-case kind, underscore, version. */
  static String fileName(JsonNode crd) {
    return crd.at("/spec/names/kind").asText().toLowerCase(java.util.Locale.ROOT)
        + "_"
        + crd.at("/spec/versions/0/name").asText()
        + ".json";
  }

  static ObjectNode of(JsonNode crd) {
    JsonNode version = crd.at("/spec/versions/0");
    String apiVersion = crd.at("/spec/group").asText() + "/" + version.path("name").asText();
    String kind = crd.at("/spec/names/kind").asText();
    ObjectNode strict =
        (ObjectNode) CrdSchemaTest.toStrictJsonSchema(version.at("/schema/openAPIV3Schema"));
    ObjectNode schema = NODES.objectNode();
    schema.put("$schema", "http://json-schema.org/draft-07/schema#");
    schema.put("title", kind + " (" + apiVersion + ")");
    schema.setAll(strict);
    ObjectNode properties = (ObjectNode) schema.get("properties");
    properties.set("apiVersion", pinned(apiVersion));
    properties.set("kind", pinned(kind));
    ArrayNode required = NODES.arrayNode().add("apiVersion").add("kind");
    schema.path("required").forEach(field -> {
      if (!field.asText().equals("apiVersion") && !field.asText().equals("kind")) {
        required.add(field);
      }
    });
    schema.set("required", required);
    return schema;
  }

  private static ObjectNode pinned(String value) {
    ObjectNode field = NODES.objectNode().put("type", "string");
    field.putArray("enum").add(value);
    return field;
  }
}
