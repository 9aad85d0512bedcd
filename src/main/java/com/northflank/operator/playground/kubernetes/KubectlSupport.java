package com.northflank.operator.playground.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Optional;

/**
 * What the real kubectl needs from an API server beyond CRUD: the discovery documents (so that
 * {@code nfjob} resolves to the CRD, and the built-in kinds of {@link BuiltInKinds} to theirs), the
 * OpenAPI documents ({@link OpenApiDocuments}) and server-side printing (a meta.k8s.io Table with
 * the CRD's printer columns, so {@code kubectl get nfjob} shows them).
 */
final class KubectlSupport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private final CustomResourceDefinition crd;
  private final PrinterColumns columns;
  private final OpenApiDocuments openApi;
  private final String group;
  private final String version;
  private final String plural;

  KubectlSupport(CustomResourceDefinition crd) {
    this.crd = crd;
    this.columns = PrinterColumns.of(crd);
    this.openApi = new OpenApiDocuments(crd);
    this.group = crd.getSpec().getGroup();
    this.version = crd.getSpec().getVersions().get(0).getName();
    this.plural = crd.getSpec().getNames().getPlural();
  }

  /** Answers a discovery request, or empty to let the API server handle it. */
  Optional<MockResponse> discovery(RecordedRequest request) {
    if (!"GET".equals(request.getMethod())) {
      return Optional.empty();
    }
    String path = request.getPath().split("\\?", 2)[0];
    ObjectNode body =
        switch (path) {
          case "/api" -> apiVersions();
          case "/apis" -> apiGroups();
          case "/openapi/v3" -> openApi.v3Root();
          case "/openapi/v2" -> openApi.v2();
          default -> {
            if (path.equals("/apis/" + group + "/" + version)) {
              yield crdResources();
            }
            List<BuiltInKinds.Kind> builtIn =
                BuiltInKinds.byGroupVersion().entrySet().stream()
                    .filter(e -> path.equals("/" + e.getValue().get(0).groupVersionPath()))
                    .map(java.util.Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
            if (builtIn != null) {
              yield builtInResources(builtIn);
            }
            yield openApi.v3(path).orElse(null);
          }
        };
    return Optional.ofNullable(body).map(KubectlSupport::json);
  }

  /** kubectl asks for a Table of the custom resources or of Events; others get the plain answer. */
  boolean wantsTable(RecordedRequest request) {
    String accept = request.getHeader("Accept");
    if (!"GET".equals(request.getMethod()) || accept == null || !accept.contains("as=Table")) {
      return false;
    }
    String path = request.getPath().split("\\?", 2)[0];
    return path.matches(
            "/apis/"
                + group.replace(".", "\\.")
                + "/"
                + version
                + "(/namespaces/[^/]+)?/"
                + plural
                + "(/[^/]+)?")
        || path.matches("/api/v1(/namespaces/[^/]+)?/events(/[^/]+)?");
  }

  /** Turns the CRUD store's list (or single object) answer into a Table. */
  MockResponse toTable(RecordedRequest request, MockResponse plain) {
    if (plain.code() != 200) {
      return plain;
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(plain.getBody().getBytes());
    } catch (java.io.IOException e) {
      return plain;
    }
    List<JsonNode> items = answer.has("items") ? list(answer.get("items")) : List.of(answer);
    boolean events =
        request.getPath().split("\\?", 2)[0].matches("/api/v1(/namespaces/[^/]+)?/events(/[^/]+)?");
    ObjectNode table =
        table(items, events, answer.path("metadata").path("resourceVersion").asText(""));
    JsonNode more = answer.path("metadata").path("continue");
    if (more.isTextual()) {
      // kubectl asks for chunks (limit=500) and follows the token to the next one
      table.with("metadata").put("continue", more.asText());
    }
    return json(table);
  }

  /**
   * One object as a one-row Table, for watch events when kubectl asked for Tables; null for kinds
   * it has no columns for.
   */
  JsonNode tableRow(JsonNode object) {
    String kind = object.path("kind").asText();
    if (kind.equals("Event")) {
      return table(List.of(object), true, "");
    }
    if (kind.equals(crd.getSpec().getNames().getKind())) {
      return table(List.of(object), false, "");
    }
    return null;
  }

  private ObjectNode table(List<JsonNode> items, boolean events, String resourceVersion) {
    java.time.Instant now = java.time.Instant.now();
    ObjectNode table = JSON.createObjectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode definitions = table.putArray("columnDefinitions");
    if (events) {
      for (EventTable.Column column : EventTable.COLUMNS) {
        definitions
            .addObject()
            .put("name", column.name())
            .put("type", "string")
            .put("format", column.name().equals("Name") ? "name" : "")
            .put("description", column.description())
            .put("priority", column.wide() ? 1 : 0);
      }
    } else {
      definitions
          .addObject()
          .put("name", "Name")
          .put("type", "string")
          .put("format", "name")
          .put("description", "Name of the resource")
          .put("priority", 0);
      for (PrinterColumns.Column column : columns.columns()) {
        definitions
            .addObject()
            .put("name", column.name())
            .put("type", column.type())
            .put("format", "")
            .put("description", column.description())
            .put("priority", column.priority());
      }
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      if (events) {
        EventTable.cells(item, true, now).forEach(cells::add);
      } else {
        cells.add(item.path("metadata").path("name").asText());
        columns.tableCells(item, now).forEach(cells::add);
      }
      ObjectNode object = row.putObject("object");
      object.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      object.set("metadata", item.path("metadata").deepCopy());
    }
    return table;
  }

  private static List<JsonNode> list(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false).toList();
  }

  private static ObjectNode apiVersions() {
    ObjectNode body = JSON.createObjectNode().put("kind", "APIVersions");
    body.putArray("versions").add("v1");
    body.putArray("serverAddressByClientCIDRs")
        .addObject()
        .put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", "127.0.0.1");
    return body;
  }

  private ObjectNode apiGroups() {
    ObjectNode body = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = body.putArray("groups");
    BuiltInKinds.byGroupVersion().values().stream()
        .map(kinds -> kinds.get(0))
        .filter(kind -> !kind.group().isEmpty())
        .forEach(kind -> addGroup(groups, kind.group(), kind.version()));
    addGroup(groups, group, version);
    return body;
  }

  private static void addGroup(ArrayNode groups, String name, String version) {
    ObjectNode entry = groups.addObject().put("name", name);
    ObjectNode preferred =
        JSON.createObjectNode().put("groupVersion", name + "/" + version).put("version", version);
    entry.putArray("versions").add(preferred.deepCopy());
    entry.set("preferredVersion", preferred);
  }

  private static ObjectNode builtInResources(List<BuiltInKinds.Kind> kinds) {
    ObjectNode[] resources =
        kinds.stream()
            .map(
                kind ->
                    resource(
                        kind.plural(),
                        kind.singular(),
                        kind.kind(),
                        kind.namespaced(),
                        kind.shortNames(),
                        List.of()))
            .toArray(ObjectNode[]::new);
    return resourceList(kinds.get(0).groupVersion(), resources);
  }

  private ObjectNode crdResources() {
    var names = crd.getSpec().getNames();
    ObjectNode main =
        resource(
            plural,
            names.getSingular(),
            names.getKind(),
            true,
            names.getShortNames(),
            names.getCategories());
    ObjectNode status =
        JSON.createObjectNode()
            .put("name", plural + "/status")
            .put("singularName", "")
            .put("namespaced", true)
            .put("kind", names.getKind());
    status.putArray("verbs").add("get").add("patch").add("update");
    return resourceList(group + "/" + version, main, status);
  }

  private static ObjectNode resourceList(String groupVersion, ObjectNode... resources) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("kind", "APIResourceList")
            .put("apiVersion", "v1")
            .put("groupVersion", groupVersion);
    ArrayNode list = body.putArray("resources");
    for (ObjectNode resource : resources) {
      list.add(resource);
    }
    return body;
  }

  private static ObjectNode resource(
      String name,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories) {
    ObjectNode resource =
        JSON.createObjectNode()
            .put("name", name)
            .put("singularName", singular)
            .put("namespaced", namespaced)
            .put("kind", kind);
    ArrayNode verbs = resource.putArray("verbs");
    VERBS.forEach(verbs::add);
    if (shortNames != null && !shortNames.isEmpty()) {
      ArrayNode array = resource.putArray("shortNames");
      shortNames.forEach(array::add);
    }
    if (categories != null && !categories.isEmpty()) {
      ArrayNode array = resource.putArray("categories");
      categories.forEach(array::add);
    }
    return resource;
  }

  private static MockResponse json(JsonNode body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }
}
