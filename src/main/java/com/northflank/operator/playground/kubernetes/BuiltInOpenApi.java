package com.northflank.operator.playground.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAPI v3 documents of the built-in kinds' group-versions ({@link BuiltInKinds}), with what
 * kubectl reads from them before it writes: each kind's operations, marked with its
 * group-version-kind and taking the {@code fieldValidation} query parameter. Seeing it, kubectl
 * leaves field validation to the server ({@link BuiltInAdmission} checks the fields against
 * fabric8's model of the kind) instead of fetching the OpenAPI v2 document, which it wants as
 * protobuf. The documents carry no schemas: kubectl computes the strategic merge patches of
 * built-in kinds from the types compiled into it when a document offers none.
 */
final class BuiltInOpenApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BuiltInOpenApi() {}

  /** By group-version path: {@code api/v1}, {@code apis/apps/v1}, ... */
  static Map<String, ObjectNode> documents() {
    Map<String, ObjectNode> documents = new LinkedHashMap<>();
    BuiltInKinds.byGroupVersion()
        .forEach(
            (groupVersion, kinds) ->
                documents.put(kinds.get(0).groupVersionPath(), document(kinds)));
    return documents;
  }

  private static ObjectNode document(List<BuiltInKinds.Kind> kinds) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    ObjectNode paths = doc.putObject("paths");
    for (BuiltInKinds.Kind kind : kinds) {
      String collection =
          "/"
              + kind.groupVersionPath()
              + (kind.namespaced() ? "/namespaces/{namespace}/" : "/")
              + kind.plural();
      ObjectNode list = paths.putObject(collection);
      list.set("get", operation(kind, "list", null));
      list.set("post", operation(kind, "create", null));
      OpenApiDocuments.parameters(list, false, kind.namespaced());
      ObjectNode item = paths.putObject(collection + "/{name}");
      item.set("get", operation(kind, "read", null));
      item.set("put", operation(kind, "replace", null));
      item.set("patch", operation(kind, "patch", "patch"));
      OpenApiDocuments.parameters(item, true, kind.namespaced());
    }
    doc.putObject("components").putObject("schemas");
    return doc;
  }

  private static ObjectNode operation(BuiltInKinds.Kind kind, String verb, String patch) {
    return OpenApiDocuments.operation(
        kind.group(), kind.version(), kind.kind(), verb, null, patch, true);
  }
}
