package com.northflank.operator.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.json.MergePatch;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mixed mock dispatcher (recorded expectations first, then the CRUD store) with JSON
 * merge patch done to RFC 7386, and writes of the custom resource admitted as kube-apiserver would
 * (schema, CEL rules, pruning). The stock CRUD store merges with Jackson's readerForUpdating, which
 * appends to arrays instead of replacing them, so a status patch of {@code conditions} would leave
 * the old conditions in front of the new ones.
 */
final class KubernetesApiDispatcher extends Dispatcher {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<ServerRequest, Queue<ServerResponse>> expectations;
  private final MockDispatcher expected;
  private final KubernetesCrudDispatcher crud = new Rfc7386CrudDispatcher();
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
      if (support.wantsTable(request)) {
        return support.toTable(crud.dispatch(request));
      }
    }
    Queue<ServerResponse> queued =
        expectations.get(
            new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
    if (queued != null && !queued.isEmpty()) {
      return expected.dispatch(request);
    }
    if (admission.reviews(request)) {
      return admit(request);
    }
    return crud.dispatch(request);
  }

  private MockResponse admit(RecordedRequest request) {
    CustomResourceAdmission.Decision decision = admission.review(request, crud::handleGet);
    if (decision.refusal() != null) {
      return decision.refusal();
    }
    MockResponse response = crud.dispatch(decision.admitted());
    for (String warning : decision.warnings()) {
      response.addHeader("Warning", "299 - \"" + warning.replace("\"", "\\\"") + "\"");
    }
    return response;
  }

  private static final class Rfc7386CrudDispatcher extends KubernetesCrudDispatcher {
    @Override
    public JsonNode merge(JsonNode baseResource, String patch)
        throws KubernetesCrudDispatcherException {
      JsonNode body;
      try {
        body = JSON.readTree(patch);
      } catch (java.io.IOException e) {
        throw new KubernetesCrudDispatcherException(
            e.getMessage(), HttpURLConnection.HTTP_BAD_REQUEST);
      }
      if (!body.isObject() || !baseResource.isObject()) {
        throw new KubernetesCrudDispatcherException("a merge patch must be an object", 422);
      }
      ObjectNode merged = ((ObjectNode) baseResource).deepCopy();
      MergePatch.apply(merged, body);
      return merged;
    }
  }
}
