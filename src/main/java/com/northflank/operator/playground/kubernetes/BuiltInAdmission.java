package com.northflank.operator.playground.kubernetes;

import static java.nio.charset.StandardCharsets.UTF_8;

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
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.json.MergePatch;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes of the built-in kinds ({@link BuiltInKinds}) as kube-apiserver takes them, where the CRUD
 * store alone would not: fields fabric8's model of the kind does not know are refused under {@code
 * fieldValidation=Strict} and named in Warning headers under {@code Warn} (kubectl sends Strict
 * and, seeing the parameter in the OpenAPI document, validates nothing itself); a strategic merge
 * patch, which kubectl sends when it applies a built-in kind again, sets an image or an environment
 * variable or restarts a rollout, is applied to the stored object with the kind's {@link
 * PatchSchema} and handed to the store as the JSON merge patch that yields the result.
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

  /** Reviews a write. {@code current} answers a GET of the stored object (for patches). */
  static Decision review(RecordedRequest request, Function<String, MockResponse> current) {
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
      String objectPath = CustomResourceAdmission.pathOf(request).replaceFirst("/status$", "");
      MockResponse stored = current.apply(objectPath);
      if (stored.code() != 200) {
        // nothing to patch: the store answers as it does for any patch (404)
        return new Decision(null, withBody(request, body, MERGE_PATCH), List.of());
      }
      try {
        JsonNode before = JSON.readTree(stored.getBody().getBytes());
        ObjectNode after = StrategicMergePatch.apply(before, object, kind.patchSchema());
        byte[] mergePatch = MergePatch.diff(before, after).toString().getBytes(UTF_8);
        admitted = withBody(request, mergePatch, MERGE_PATCH);
      } catch (StrategicMergePatch.InvalidPatch e) {
        return refuse(400, "BadRequest", e.getMessage());
      } catch (IOException e) {
        return refuse(500, "InternalError", "the stored object is not JSON: " + e.getMessage());
      }
      // the fields it sets are checked below, not the directives that say how
      object = StrategicMergePatch.withoutDirectives(object);
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
   * A plain 415 for a strategic merge patch of a kind the embedded API stores without knowing how
   * its lists merge (anything but the built-in kinds and the custom resource).
   */
  static MockResponse strategicMergePatchRefused() {
    return CustomResourceAdmission.status(
        415,
        "UnsupportedMediaType",
        "the playground's embedded Kubernetes API takes strategic merge patches only of the kinds"
            + " it serves, which it knows the lists of; replace the object (kubectl replace -f) or"
            + " patch it with --type merge",
        null);
  }

  private static Decision refuse(int code, String reason, String message) {
    return new Decision(
        CustomResourceAdmission.status(code, reason, message, null), null, List.of());
  }

  private static RecordedRequest withBody(
      RecordedRequest request, byte[] body, String contentType) {
    return new RecordedRequest(
        request.getHttpVersion(),
        HttpMethod.valueOf(request.getMethod()),
        request.getPath(),
        request
            .getHeaders()
            .newBuilder()
            .set("Content-Type", contentType)
            .set("Content-Length", String.valueOf(body.length))
            .build(),
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
