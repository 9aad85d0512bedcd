package com.northflank.operator.playground.kubernetes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes of the built-in kinds ({@link BuiltInKinds}) as kube-apiserver takes them, where the CRUD
 * store alone would not: fields fabric8's model of the kind does not know are refused under
 * {@code fieldValidation=Strict} and named in Warning headers under {@code Warn} (kubectl sends
 * Strict and, seeing the parameter in the OpenAPI document, validates nothing itself); a strategic
 * merge patch, which kubectl sends when it applies a built-in kind again, is taken as the merge
 * patch it equals for the kinds whose lists are not merged by key, and refused with a plain 415
 * otherwise.
 */
final class BuiltInAdmission {

  /** What to do with a write: refuse it, or hand this request to the store with warnings. */
  record Decision(MockResponse refusal, RecordedRequest admitted, List<String> warnings) {}

  static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  private static final String MERGE_PATCH = "application/merge-patch+json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads an object into fabric8's model with the model's catch-all for unknown fields turned off,
   * so that each unknown field reaches {@link UnknownFields}.
   */
  private static final ObjectMapper STRICT =
      new ObjectMapper()
          .setAnnotationIntrospector(
              new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                  return Boolean.FALSE;
                }
              })
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private BuiltInAdmission() {}

  /** Whether this is a write of a built-in kind. */
  static boolean reviews(RecordedRequest request) {
    String method = request.getMethod();
    return (method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))
        && BuiltInKinds.of(request.getPath()).isPresent();
  }

  static Decision review(RecordedRequest request) {
    BuiltInKinds.Kind kind = BuiltInKinds.of(request.getPath()).orElseThrow();
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    String contentType = Optional.ofNullable(request.getHeader("Content-Type")).orElse("");
    boolean patch = request.getMethod().equals("PATCH");
    if (patch
        && !contentType.startsWith(MERGE_PATCH)
        && !contentType.startsWith(STRATEGIC_MERGE_PATCH)) {
      // a JSON patch: its operations are not an object to check
      return new Decision(null, request, List.of());
    }
    JsonNode object;
    try {
      object = JSON.readTree(body);
    } catch (IOException e) {
      return refuse(400, "BadRequest", "the request body is not valid JSON: " + e.getMessage());
    }
    if (object == null || !object.isObject()) {
      return refuse(400, "BadRequest", "the request body must be a JSON object");
    }
    RecordedRequest admitted = request;
    if (patch && contentType.startsWith(STRATEGIC_MERGE_PATCH)) {
      Optional<String> why = whyNotAMergePatch(kind, object);
      if (why.isPresent()) {
        return refuse(415, "UnsupportedMediaType", why.get());
      }
      admitted = withContentType(request, body, MERGE_PATCH);
    }
    Optional<String> fieldValidation = QueryString.parameter(request.getPath(), "fieldValidation");
    if (fieldValidation.isEmpty() || fieldValidation.get().equalsIgnoreCase("Ignore")) {
      return new Decision(null, admitted, List.of());
    }
    List<String> unknown = UnknownFields.of(object, kind);
    if (!unknown.isEmpty() && fieldValidation.get().equalsIgnoreCase("Strict")) {
      return refuse(
          400,
          "BadRequest",
          kind.kind()
              + " in version \""
              + kind.version()
              + "\" cannot be handled as a "
              + kind.kind()
              + ": strict decoding error: "
              + unknown.stream()
                  .map(field -> "unknown field \"" + field + "\"")
                  .collect(Collectors.joining(", ")));
    }
    return new Decision(
        null, admitted, unknown.stream().map(field -> "unknown field \"" + field + "\"").toList());
  }

  /** A plain 415 for server-side apply, which the embedded API does not do. */
  static MockResponse serverSideApplyRefused() {
    return CustomResourceAdmission.status(
        415,
        "UnsupportedMediaType",
        "the playground's embedded Kubernetes API does not do server-side apply;"
            + " apply without --server-side (client-side apply works)",
        null);
  }

  /**
   * Why this strategic merge patch cannot be taken as a merge patch: a kind whose lists are merged
   * by key, a directive ({@code $patch}, {@code $setElementOrder/...}), or a list of metadata that
   * a strategic patch merges (finalizers, ownerReferences).
   */
  private static Optional<String> whyNotAMergePatch(BuiltInKinds.Kind kind, JsonNode patch) {
    String refusal =
        "the playground's embedded Kubernetes API takes strategic merge patches only where they"
            + " mean what a JSON merge patch does";
    if (!kind.mergeLikeStrategic()) {
      return Optional.of(
          refusal
              + ", and "
              + kind.plural()
              + " have lists merged by key; replace the object (kubectl replace -f) or patch it"
              + " with --type merge");
    }
    JsonNode metadata = patch.path("metadata");
    if (hasDirective(patch) || metadata.has("finalizers") || metadata.has("ownerReferences")) {
      return Optional.of(
          refusal
              + ", and this one merges a list by key or carries a directive; replace the object"
              + " (kubectl replace -f) or patch it with --type merge");
    }
    return Optional.empty();
  }

  private static boolean hasDirective(JsonNode node) {
    if (node.isObject()) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        if (names.next().startsWith("$")) {
          return true;
        }
      }
    }
    for (JsonNode child : node) {
      if (hasDirective(child)) {
        return true;
      }
    }
    return false;
  }

  private static Decision refuse(int code, String reason, String message) {
    return new Decision(
        CustomResourceAdmission.status(code, reason, message, null), null, List.of());
  }

  private static RecordedRequest withContentType(
      RecordedRequest request, byte[] body, String contentType) {
    return new RecordedRequest(
        request.getHttpVersion(),
        HttpMethod.valueOf(request.getMethod()),
        request.getPath(),
        request.getHeaders().newBuilder().set("Content-Type", contentType).build(),
        new Buffer(body));
  }

  /** The fields of an object (or of a merge patch of one) its kind's model does not know. */
  static final class UnknownFields extends DeserializationProblemHandler {

    private final List<String> found = new ArrayList<>();

    private UnknownFields() {}

    static List<String> of(JsonNode object, BuiltInKinds.Kind kind) {
      UnknownFields handler = new UnknownFields();
      try {
        STRICT.copy().addHandler(handler).treeToValue(object, kind.type());
      } catch (IOException | IllegalArgumentException e) {
        // a value of the wrong type: the store answers that as it would without this check
      }
      return handler.found;
    }

    @Override
    public boolean handleUnknownProperty(
        DeserializationContext context,
        JsonParser parser,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      // the context is the object's with the property as its current name, or the property's own
      // when its value opens an object or a list: either way the pointer ends with the property
      found.add(field(parser.getParsingContext().pathAsPointer()));
      parser.skipChildren();
      return true;
    }

    /** A JSON pointer as kube-apiserver names a field: {@code spec.containers[0].image}. */
    private static String field(JsonPointer pointer) {
      StringBuilder field = new StringBuilder();
      for (JsonPointer segment = pointer; !segment.matches(); segment = segment.tail()) {
        if (segment.mayMatchElement()) {
          field.append('[').append(segment.getMatchingIndex()).append(']');
        } else {
          if (field.length() > 0) {
            field.append('.');
          }
          field.append(segment.getMatchingProperty());
        }
      }
      return field.toString();
    }
  }
}
