package com.northflank.operator.playground.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.json.MergePatch;
import com.northflank.operator.validation.CustomResourceValidator;
import com.northflank.operator.validation.FieldError;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Admits writes of one custom resource as kube-apiserver does, with the same validator as the
 * {@code validate} command: create, update and patch (of the resource or its status) are checked on
 * the object that would be stored, pruned of unknown fields and defaulted. An invalid object is
 * refused with kube-apiserver's 422 Status; unknown fields are refused under {@code
 * fieldValidation=Strict} (kubectl's default), pruned with a Warning header otherwise.
 */
final class CustomResourceAdmission {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to do with a write: refuse it, or hand this request to the store. */
  record Decision(MockResponse refusal, RecordedRequest admitted, List<String> warnings) {
    static Decision refuse(MockResponse refusal) {
      return new Decision(refusal, null, List.of());
    }
  }

  private final CustomResourceValidator validator;
  private final Pattern path;

  CustomResourceAdmission(CustomResourceValidator validator, String plural) {
    this.validator = validator;
    this.path =
        Pattern.compile(
            "/apis/"
                + Pattern.quote(validator.crd().group())
                + "/"
                + Pattern.quote(validator.crd().version())
                + "/namespaces/([^/]+)/"
                + Pattern.quote(plural)
                + "(?:/([^/]+)(/status)?)?");
  }

  /** Whether this is a write this admission reviews. */
  boolean reviews(RecordedRequest request) {
    String method = request.getMethod();
    return (method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))
        && path.matcher(pathOf(request)).matches();
  }

  /** Reviews a write. {@code current} answers a GET of the stored resource (for patches). */
  Decision review(RecordedRequest request, Function<String, MockResponse> current) {
    Matcher matcher = path.matcher(pathOf(request));
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a write of this resource: " + request.getPath());
    }
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    JsonNode proposed;
    JsonNode stored = null;
    try {
      if (request.getMethod().equals("PATCH")) {
        String resourcePath = pathOf(request).replaceFirst("/status$", "");
        MockResponse existing = current.apply(resourcePath);
        if (existing.code() != 200) {
          return new Decision(null, copy(request, body, null), List.of());
        }
        stored = JSON.readTree(existing.getBody().getBytes());
        Optional<JsonNode> patched = applyPatch(request, stored, body);
        if (patched.isEmpty()) {
          return Decision.refuse(unsupportedPatch());
        }
        proposed = patched.get();
      } else {
        proposed = JSON.readTree(body);
      }
    } catch (IOException | RuntimeException e) {
      return Decision.refuse(
          status(400, "BadRequest", "the request body is not valid JSON: " + firstLine(e), null));
    }
    String name =
        matcher.group(2) != null ? matcher.group(2) : proposed.at("/metadata/name").asText("");
    CustomResourceValidator.Admission admission = validator.admit(proposed);
    if (!admission.allowed()) {
      return Decision.refuse(invalid(name, admission.errors()));
    }
    List<String> unknown = admission.unknownFields();
    String fieldValidation =
        QueryString.parameter(request.getPath(), "fieldValidation").orElse("Warn");
    if (!unknown.isEmpty() && fieldValidation.equalsIgnoreCase("Strict")) {
      return Decision.refuse(
          status(
              400,
              "BadRequest",
              validator.crd().kind()
                  + " in version \""
                  + validator.crd().version()
                  + "\" cannot be handled as a "
                  + validator.crd().kind()
                  + ": strict decoding error: "
                  + unknown.stream()
                      .map(field -> "unknown field \"" + field + "\"")
                      .collect(Collectors.joining(", ")),
              null));
    }
    List<String> warnings =
        fieldValidation.equalsIgnoreCase("Ignore")
            ? List.of()
            : unknown.stream().map(field -> "unknown field \"" + field + "\"").toList();
    if (stored != null) {
      // The store applies patches itself; give it the one that yields the admitted object.
      byte[] patch =
          MergePatch.diff(stored, admission.object()).toString().getBytes(StandardCharsets.UTF_8);
      return new Decision(null, copy(request, patch, "application/merge-patch+json"), warnings);
    }
    byte[] admitted = admission.object().toString().getBytes(StandardCharsets.UTF_8);
    return new Decision(null, copy(request, admitted, null), warnings);
  }

  /** The resource after the patch, or empty for a patch type custom resources do not take. */
  private static Optional<JsonNode> applyPatch(
      RecordedRequest request, JsonNode stored, byte[] body) throws IOException {
    String type = Optional.ofNullable(request.getHeader("Content-Type")).orElse("");
    if (type.startsWith("application/json-patch+json")) {
      return Optional.of(JsonPatch.apply(JSON.readTree(body), stored));
    }
    if (type.startsWith("application/merge-patch+json")) {
      JsonNode patch = JSON.readTree(body);
      if (!patch.isObject()) {
        throw new IOException("a merge patch must be a JSON object");
      }
      ObjectNode merged = stored.deepCopy();
      MergePatch.apply(merged, patch);
      return Optional.of(merged);
    }
    return Optional.empty();
  }

  private MockResponse invalid(String name, List<FieldError> errors) {
    String kind = validator.crd().kind() + "." + validator.crd().group();
    List<String> messages = errors.stream().map(FieldError::toString).toList();
    String summary =
        messages.size() == 1 ? messages.get(0) : "[" + String.join(", ", messages) + "]";
    ObjectNode details = JSON.createObjectNode();
    details
        .put("name", name)
        .put("group", validator.crd().group())
        .put("kind", validator.crd().kind());
    ArrayNode causes = details.putArray("causes");
    for (FieldError error : errors) {
      causes
          .addObject()
          .put("reason", error.type().reason())
          .put("message", error.message())
          .put("field", error.field());
    }
    return status(422, "Invalid", kind + " \"" + name + "\" is invalid: " + summary, details);
  }

  private static MockResponse unsupportedPatch() {
    return status(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include:"
            + " application/json-patch+json, application/merge-patch+json,"
            + " application/apply-patch+yaml",
        null);
  }

  /** A meta/v1 Status, as kube-apiserver answers a refused request. */
  static MockResponse status(int code, String reason, String message, ObjectNode details) {
    ObjectNode status = JSON.createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason);
    if (details != null) {
      status.set("details", details);
    }
    status.put("code", code);
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(status.toString());
  }

  private static RecordedRequest copy(RecordedRequest request, byte[] body, String contentType) {
    var headers = request.getHeaders().newBuilder();
    if (contentType != null) {
      headers.set("Content-Type", contentType);
    }
    headers.set("Content-Length", String.valueOf(body.length));
    return new RecordedRequest(
        request.getHttpVersion(),
        HttpMethod.valueOf(request.getMethod()),
        request.getPath(),
        headers.build(),
        new Buffer(body));
  }

  static String pathOf(RecordedRequest request) {
    return request.getPath().split("\\?", 2)[0];
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
