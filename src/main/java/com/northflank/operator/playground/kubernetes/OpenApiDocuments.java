package com.northflank.operator.playground.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI documents kube-apiserver publishes for a CRD, built from its schema: v3 (the
 * discovery root at {@code /openapi/v3} and the group-version document, which kubectl reads for
 * {@code explain} and to learn that the server validates fields itself) and v2 as JSON. Operations
 * declare the {@code fieldValidation} parameter and, as for every custom resource, no strategic
 * merge patch, so kubectl sends merge patches and leaves validation to the server. The v3 root
 * also lists the built-in kinds' group-versions ({@link BuiltInOpenApi}).
 */
final class OpenApiDocuments {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  private static final String LIST_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

  private final String group;
  private final String version;
  private final String kind;
  private final String plural;
  private final String schemaName;
  private final ObjectNode v3;
  private final ObjectNode v2;
  private final String hash;

  /** The built-in kinds' documents by group-version path ({@code api/v1}, {@code apis/apps/v1}). */
  private final Map<String, ObjectNode> builtIn = BuiltInOpenApi.documents();

  OpenApiDocuments(CustomResourceDefinition crd) {
    this.group = crd.getSpec().getGroup();
    this.version = crd.getSpec().getVersions().get(0).getName();
    this.kind = crd.getSpec().getNames().getKind();
    this.plural = crd.getSpec().getNames().getPlural();
    this.schemaName = reversedGroup() + "." + version + "." + kind;
    JsonNode schema =
        JSON.valueToTree(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
    this.v3 = buildV3(schema);
    this.v2 = buildV2(schema);
    this.hash = hashOf(v3);
  }

  /** {@code /openapi/v3}: where each group-version's document is. */
  ObjectNode v3Root() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode paths = root.putObject("paths");
    paths
        .putObject(groupVersionPath())
        .put("serverRelativeURL", "/openapi/v3/" + groupVersionPath() + "?hash=" + hash);
    builtIn.forEach(
        (path, doc) ->
            paths
                .putObject(path)
                .put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + hashOf(doc)));
    return root;
  }

  /** The group-version document at this path ({@code /openapi/v3/api/v1}), if there is one. */
  Optional<ObjectNode> v3(String path) {
    if (!path.startsWith("/openapi/v3/")) {
      return Optional.empty();
    }
    String groupVersion = path.substring("/openapi/v3/".length());
    if (groupVersion.equals(groupVersionPath())) {
      return Optional.of(v3);
    }
    return Optional.ofNullable(builtIn.get(groupVersion));
  }

  private static String hashOf(ObjectNode doc) {
    return Integer.toHexString(doc.toString().hashCode()).toUpperCase(java.util.Locale.ROOT);
  }

  ObjectNode v2() {
    return v2;
  }

  private String groupVersionPath() {
    return "apis/" + group + "/" + version;
  }

  private String reversedGroup() {
    String[] parts = group.split("\\.");
    StringBuilder reversed = new StringBuilder();
    for (int i = parts.length - 1; i >= 0; i--) {
      reversed.append(parts[i]).append(i > 0 ? "." : "");
    }
    return reversed.toString();
  }

  private ObjectNode buildV3(JsonNode schema) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes CRD Swagger").put("version", "v0.1.0");
    ObjectNode paths = doc.putObject("paths");
    String ref = "#/components/schemas/";
    String collection = "/apis/" + group + "/" + version + "/namespaces/{namespace}/" + plural;
    ObjectNode list = paths.putObject(collection);
    list.set("get", operation("list", ref + schemaName + "List", null, true));
    list.set("post", operation("create", ref + schemaName, null, true));
    parameters(list, false);
    for (String item : new String[] {collection + "/{name}", collection + "/{name}/status"}) {
      ObjectNode path = paths.putObject(item);
      path.set("get", operation("read", ref + schemaName, null, true));
      path.set("put", operation("replace", ref + schemaName, null, true));
      path.set("patch", operation("patch", ref + schemaName, "patch", true));
      parameters(path, true);
    }
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    schemas.set(schemaName, resourceSchema(schema, ref));
    schemas.set(schemaName + "List", listSchema(ref));
    schemas.set(OBJECT_META, objectMeta());
    schemas.set(LIST_META, listMeta());
    return doc;
  }

  private ObjectNode buildV2(JsonNode schema) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("swagger", "2.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    doc.putObject("paths");
    String ref = "#/definitions/";
    ObjectNode definitions = doc.putObject("definitions");
    ObjectNode resource = resourceSchema(schema, ref);
    definitions.set(schemaName, resource);
    definitions.set(schemaName + "List", listSchema(ref));
    definitions.set(OBJECT_META, objectMeta());
    definitions.set(LIST_META, listMeta());
    return doc;
  }

  private ObjectNode operation(String verb, String schemaRef, String patch, boolean withGvk) {
    return operation(group, version, kind, verb, schemaRef, patch, withGvk);
  }

  /**
   * One operation of a kind's path. {@code patch} non-null makes it the PATCH, which takes JSON
   * patches and merge patches, and no strategic merge patch (see {@link BuiltInOpenApi} for the
   * built-in kinds).
   */
  static ObjectNode operation(
      String group,
      String version,
      String kind,
      String verb,
      String schemaRef,
      String patch,
      boolean withGvk) {
    ObjectNode operation = JSON.createObjectNode();
    operation.put("operationId", verb + kind);
    operation
        .putArray("tags")
        .add((group.isEmpty() ? "core" : group.replace('.', '_')) + "_" + version);
    if (patch != null || verb.equals("create") || verb.equals("replace")) {
      ObjectNode content = operation.putObject("requestBody").putObject("content");
      if (patch != null) {
        // No strategic merge patch for custom resources, exactly as kube-apiserver.
        for (String type :
            new String[] {
              "application/json-patch+json",
              "application/merge-patch+json",
              "application/apply-patch+yaml"
            }) {
          content.putObject(type).putObject("schema").put("type", "object");
        }
      } else if (schemaRef != null) {
        content.putObject("application/json").putObject("schema").put("$ref", schemaRef);
      } else {
        content.putObject("application/json").putObject("schema").put("type", "object");
      }
    }
    ObjectNode answer =
        operation
            .putObject("responses")
            .putObject("200")
            .put("description", "OK")
            .putObject("content")
            .putObject("application/json")
            .putObject("schema");
    if (schemaRef != null) {
      answer.put("$ref", schemaRef);
    } else {
      answer.put("type", "object");
    }
    if (withGvk) {
      operation
          .putObject("x-kubernetes-group-version-kind")
          .put("group", group)
          .put("version", version)
          .put("kind", kind);
    }
    operation.put("x-kubernetes-action", verb.equals("read") ? "get" : verb);
    return operation;
  }

  /** Path parameters on the path; query parameters on each operation, where kubectl looks. */
  private static void parameters(ObjectNode path, boolean named) {
    parameters(path, named, true);
  }

  /**
   * Path parameters on the path; on each operation the query parameters, among them {@code
   * fieldValidation}: where kubectl looks to learn that the server validates fields itself, and
   * then validates nothing on the client.
   */
  static void parameters(ObjectNode path, boolean named, boolean namespaced) {
    ArrayNode parameters = path.putArray("parameters");
    if (named) {
      pathParameter(parameters, "name");
    }
    if (namespaced) {
      pathParameter(parameters, "namespace");
    }
    for (String method : new String[] {"get", "post", "put", "patch"}) {
      if (path.has(method)) {
        ArrayNode query = ((ObjectNode) path.get(method)).putArray("parameters");
        for (String name : new String[] {"dryRun", "fieldManager", "fieldValidation", "pretty"}) {
          query
              .addObject()
              .put("name", name)
              .put("in", "query")
              .putObject("schema")
              .put("type", "string");
        }
      }
    }
  }

  private static void pathParameter(ArrayNode parameters, String name) {
    parameters
        .addObject()
        .put("name", name)
        .put("in", "path")
        .put("required", true)
        .putObject("schema")
        .put("type", "string");
  }

  private ObjectNode resourceSchema(JsonNode crdSchema, String ref) {
    ObjectNode schema = crdSchema.deepCopy();

    if (!schema.has("description")) {
      schema.put("description", kind + " is the Schema for the " + plural + " API");
    }
    ObjectNode properties = schema.withObjectProperty("properties");
    ObjectNode ordered = JSON.createObjectNode();
    ordered
        .putObject("apiVersion")
        .put("type", "string")
        .put(
            "description",
            "APIVersion defines the versioned schema of this representation of an object. Servers"
                + " should convert recognized schemas to the latest internal value, and may reject"
                + " unrecognized values.");
    ordered
        .putObject("kind")
        .put("type", "string")
        .put(
            "description",
            "Kind is a string value representing the REST resource this object represents. Servers"
                + " may infer this from the endpoint the client submits requests to. Cannot be"
                + " updated. In CamelCase.");
    ObjectNode metadata = ordered.putObject("metadata");
    metadata.put("description", "Standard object's metadata.");
    metadata.putArray("allOf").addObject().put("$ref", ref + OBJECT_META);
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      ordered.set(property.getKey(), property.getValue());
    }
    schema.set("properties", ordered);
    schema
        .putArray("x-kubernetes-group-version-kind")
        .addObject()
        .put("group", group)
        .put("kind", kind)
        .put("version", version);
    return schema;
  }

  private ObjectNode listSchema(String ref) {
    ObjectNode list = JSON.createObjectNode();
    list.put("description", kind + "List is a list of " + kind);
    list.putArray("required").add("items");
    list.put("type", "object");
    ObjectNode properties = list.putObject("properties");
    properties.putObject("apiVersion").put("type", "string");
    properties
        .putObject("items")
        .put("type", "array")
        .putObject("items")
        .put("$ref", ref + schemaName);
    properties.putObject("kind").put("type", "string");
    properties.putObject("metadata").putArray("allOf").addObject().put("$ref", ref + LIST_META);
    list.putArray("x-kubernetes-group-version-kind")
        .addObject()
        .put("group", group)
        .put("kind", kind + "List")
        .put("version", version);
    return list;
  }

  /** The fields of ObjectMeta a manifest sets, so that explain can walk into metadata. */
  private static ObjectNode objectMeta() {
    ObjectNode meta = JSON.createObjectNode();
    meta.put(
        "description",
        "ObjectMeta is metadata that all persisted resources must have, which includes all"
            + " objects users must create.");
    meta.put("type", "object");
    ObjectNode properties = meta.putObject("properties");
    properties
        .putObject("name")
        .put("type", "string")
        .put("description", "Name must be unique within a namespace.");
    properties
        .putObject("generateName")
        .put("type", "string")
        .put("description", "An optional prefix the server uses to generate a unique name.");
    properties
        .putObject("namespace")
        .put("type", "string")
        .put("description", "Namespace defines the space within which each name must be unique.");
    for (String map : new String[] {"labels", "annotations"}) {
      properties
          .putObject(map)
          .put("type", "object")
          .put("description", "Map of string keys and values.")
          .putObject("additionalProperties")
          .put("type", "string");
    }
    properties.putObject("uid").put("type", "string");
    properties.putObject("resourceVersion").put("type", "string");
    properties.putObject("generation").put("type", "integer").put("format", "int64");
    properties.putObject("creationTimestamp").put("type", "string").put("format", "date-time");
    properties
        .putObject("finalizers")
        .put("type", "array")
        .putObject("items")
        .put("type", "string");
    return meta;
  }

  private static ObjectNode listMeta() {
    ObjectNode meta = JSON.createObjectNode();
    meta.put("type", "object");
    ObjectNode properties = meta.putObject("properties");
    properties.putObject("continue").put("type", "string");
    properties.putObject("resourceVersion").put("type", "string");
    return meta;
  }
}
