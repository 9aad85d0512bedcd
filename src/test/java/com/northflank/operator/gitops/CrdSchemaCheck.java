package com.northflank.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The offline stand-in for {@code validate} in these tests: the generated CRD's OpenAPI schema,
 * closed against unknown fields as the API server's pruning and strict field validation are, and
 * checked by networknt (as model/CrdSchemaTest does). It does not evaluate the CEL rules; {@link
 * CrossFieldRules} is held against them separately.
 */
final class CrdSchemaCheck {

  private static final JsonSchema SCHEMA = load();

  private CrdSchemaCheck() {}

  /** The schema errors of a resource; empty when the CRD accepts it. */
  static List<String> errors(JsonNode resource) {
    List<String> errors = new ArrayList<>();
    for (ValidationMessage message : SCHEMA.validate(resource)) {
      errors.add(message.getMessage());
    }
    return errors;
  }

  private static JsonSchema load() {
    try (InputStream in = CrdSchemaCheck.class.getResourceAsStream(CrdSchema.CRD_RESOURCE)) {
      JsonNode openApi =
          new YAMLMapper().readTree(in).at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
      ObjectNode properties = ((ObjectNode) openApi).withObjectProperty("properties");
      JsonNodeFactory nodes = JsonNodeFactory.instance;
      properties.set("apiVersion", nodes.objectNode().put("type", "string"));
      properties.set("kind", nodes.objectNode().put("type", "string"));
      properties.set("metadata", nodes.objectNode().put("type", "object"));
      close(openApi);
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void close(JsonNode node) {
    if (!(node instanceof ObjectNode schema)) {
      return;
    }
    schema.remove(
        schema.properties().stream()
            .map(Map.Entry::getKey)
            .filter(key -> key.startsWith("x-kubernetes-"))
            .toList());
    if (schema.has("properties") && !schema.has("additionalProperties")) {
      schema.put("additionalProperties", false);
    }
    schema.path("properties").forEach(CrdSchemaCheck::close);
    close(schema.get("items"));
  }
}
