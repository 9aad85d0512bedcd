package com.northflank.operator.playground.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.model.NorthflankJob;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

/**
 * The least any operator must do to sync one job, shared by both ceilings so that they compare like
 * with like: Get Job, the runs when the operator reads them too, and one status JSON merge patch
 * with about the operator's content, through the same Kubernetes client.
 */
final class MinimalSync {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final URI api;
  private final boolean observeRuns;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  MinimalSync(KubernetesClient client, URI api, boolean observeRuns) {
    this.client = client;
    this.api = api;
    this.observeRuns = observeRuns;
  }

  void sync(String namespace, String jobId) throws IOException, InterruptedException {
    String job = "/v1/projects/" + ThroughputRun.PROJECT + "/jobs/" + jobId;
    JsonNode live = JSON.readTree(get(job)).path("data");
    if (observeRuns) {
      get(job + "/runs?per_page=10");
    }
    NorthflankJob target = new NorthflankJob();
    target.setMetadata(new ObjectMetaBuilder().withName(jobId).withNamespace(namespace).build());
    client
        .resource(target)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), statusOf(live));
  }

  private String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(api.resolve(path))
                .header("Authorization", "Bearer " + ThroughputRun.TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode());
    }
    return response.body();
  }

  /** What a minimal operator would write: the observed fields and four conditions, no diff. */
  private static String statusOf(JsonNode live) {
    ObjectNode status = JSON.createObjectNode();
    status.put("observedGeneration", 1);
    status.set("jobType", live.path("jobType"));
    status.set("suspended", live.path("suspended"));
    status.set("schedule", live.at("/settings/cron/schedule"));
    status.set("concurrencyPolicy", live.at("/settings/cron/concurrencyPolicy"));
    status.set("cluster", live.path("cluster"));
    status.set("appId", live.path("appId"));
    status.set("createdAt", live.path("createdAt"));
    status.put("lastSyncTime", Instant.now().toString());
    status.putArray("drift");
    status.put("driftCount", 0);
    var conditions = status.putArray("conditions");
    for (String type : List.of("Ready", "Synced", "Drifted", "Stalled")) {
      conditions
          .addObject()
          .put("type", type)
          .put("status", type.equals("Ready") || type.equals("Synced") ? "True" : "False")
          .put("reason", "Observed")
          .put("lastTransitionTime", Instant.now().toString());
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("status", status);
    return body.toString();
  }
}
