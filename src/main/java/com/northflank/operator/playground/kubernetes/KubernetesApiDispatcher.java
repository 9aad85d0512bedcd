package com.northflank.operator.playground.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;

/**
 * fabric8's mixed mock dispatcher (recorded expectations first, then the CRUD store, {@link
 * IndexedCrudDispatcher}), with writes of the custom resource admitted as kube-apiserver would
 * (schema, CEL rules, pruning).
 */
final class KubernetesApiDispatcher extends Dispatcher {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<ServerRequest, Queue<ServerResponse>> expectations;
  private final MockDispatcher expected;
  private final IndexedCrudDispatcher crud = new IndexedCrudDispatcher();
  private final CustomResourceAdmission admission;
  private volatile KubectlSupport kubectl;

  KubernetesApiDispatcher(
      Map<ServerRequest, Queue<ServerResponse>> expectations, CustomResourceAdmission admission) {
    this.expectations = expectations;
    this.expected = new MockDispatcher(expectations);
    this.admission = admission;
  }

  /** From now on, answer kubectl's discovery and Table requests too. */
  void enableKubectl(KubectlSupport support) {
    this.kubectl = support;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    KubectlSupport support = kubectl;
    if (support != null) {
      var discovery = support.discovery(request);
      if (discovery.isPresent()) {
        return discovery.get();
      }
    }
    Queue<ServerResponse> queued =
        expectations.get(
            new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
    if (queued != null && !queued.isEmpty()) {
      return expected.dispatch(request);
    }
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.startsWith("application/vnd.kubernetes.protobuf")) {
      Optional<RecordedRequest> decoded = asJson(request, contentType);
      if (decoded.isEmpty()) {
        // Answer at once and plainly rather than leave the client waiting.
        return CustomResourceAdmission.status(
            415,
            "UnsupportedMediaType",
            "the embedded Kubernetes API decodes protobuf bodies of Namespaces, Secrets and"
                + " ConfigMaps only; send this object as application/json",
            null);
      }
      request = decoded.get();
    }
    if ("PATCH".equals(request.getMethod())
        && contentType != null
        && contentType.startsWith("application/apply-patch+yaml")) {
      return BuiltInAdmission.serverSideApplyRefused();
    }
    if (admission.reviews(request)) {
      return admit(request);
    }
    List<String> warnings = List.of();
    if (BuiltInAdmission.reviews(request)) {
      BuiltInAdmission.Decision decision = BuiltInAdmission.review(request, crud::handleGet);
      if (decision.refusal() != null) {
        return decision.refusal();
      }
      request = decision.admitted();
      warnings = decision.warnings();
    } else if ("PATCH".equals(request.getMethod())
        && contentType != null
        && contentType.startsWith(BuiltInAdmission.STRATEGIC_MERGE_PATCH)) {
      return BuiltInAdmission.strategicMergePatchRefused();
    }
    MockResponse answer = read(request);
    for (String warning : warnings) {
      warn(answer, warning);
    }
    if (support != null && support.wantsTable(request)) {
      return support.toTable(request, answer);
    }
    if (answer.getHeaders().get("Content-Type") == null && answer.getBody() != null) {
      // Without it, a client that asked for protobuf first (kubectl) takes JSON for protobuf.
      answer.setHeader("Content-Type", "application/json");
    }
    return answer;
  }

  private static Optional<RecordedRequest> asJson(RecordedRequest request, String contentType) {
    try {
      return ProtobufBodies.toJson(request.getBody().getBytes())
          .map(
              json ->
                  new RecordedRequest(
                      request.getHttpVersion(),
                      HttpMethod.valueOf(request.getMethod()),
                      request.getPath(),
                      request
                          .getHeaders()
                          .newBuilder()
                          .set("Content-Type", "application/json")
                          .build(),
                      new io.fabric8.mockwebserver.http.Buffer(
                          json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  /** The store's answer, with a list narrowed by the field selector the store ignores. */
  private MockResponse read(RecordedRequest request) {
    var selectorParameter = QueryString.parameter(request.getPath(), "fieldSelector");
    // A watch (WebSocket) is left to the store, which honours metadata.name; kubectl's chunked
    // watches are filtered by ClientEndpoint.
    if (!"GET".equals(request.getMethod()) || QueryString.isWatch(request.getPath())) {
      return crud.dispatch(request);
    }
    if (selectorParameter.isEmpty()) {
      return crud.dispatch(request);
    }
    FieldSelector selector;
    try {
      selector = FieldSelector.parse(selectorParameter.get());
    } catch (IllegalArgumentException e) {
      return CustomResourceAdmission.status(400, "BadRequest", e.getMessage(), null);
    }
    MockResponse answer =
        crud.dispatch(
            new RecordedRequest(
                request.getHttpVersion(),
                HttpMethod.valueOf(request.getMethod()),
                QueryString.without(request.getPath(), "fieldSelector"),
                request.getHeaders(),
                request.getBody()));
    if (answer.code() != 200) {
      return answer;
    }
    try {
      JsonNode list = JSON.readTree(answer.getBody().getBytes());
      if (!list.path("items").isArray()) {
        return answer;
      }
      ArrayNode items = (ArrayNode) list.get("items");
      for (int i = items.size() - 1; i >= 0; i--) {
        if (!selector.matches(items.get(i))) {
          items.remove(i);
        }
      }
      return answer.setBody(list.toString());
    } catch (java.io.IOException e) {
      return answer;
    }
  }

  /**
   * Hands a write to the store as it is, without admission: what an API server holds that was
   * admitted under an older, looser CRD.
   */
  MockResponse storeUnadmitted(RecordedRequest request) {
    return crud.dispatch(request);
  }

  private MockResponse admit(RecordedRequest request) {
    CustomResourceAdmission.Decision decision = admission.review(request, crud::handleGet);
    if (decision.refusal() != null) {
      return decision.refusal();
    }
    MockResponse response = crud.dispatch(decision.admitted());
    decision.warnings().forEach(warning -> warn(response, warning));
    return response;
  }

  private static void warn(MockResponse response, String warning) {
    response.addHeader("Warning", "299 - \"" + warning.replace("\"", "\\\"") + "\"");
  }
}
