package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static com.northflank.operator.it.OperatorHarness.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.Pause;
import com.northflank.operator.playground.simulator.RunStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * NorthflankJob resources exactly as the Kubernetes API serves them, in each state that Argo CD and
 * Flux have to judge. The real operator produces every status against the Northflank simulator; the
 * JSON is the API's own response body, read without going through the Java model, so a field the
 * model would drop or rename cannot hide here.
 *
 * <p>Built once per test JVM and shared by the health tests: one operator run covers them all.
 */
final class RealNorthflankJobs {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME = "example";
  private static RealNorthflankJobs instance;

  /** The API's response to the create: no status, the operator has not seen it yet. */
  final JsonNode created;

  /** Ready=True: the live job matches spec.job. */
  final JsonNode inSync;

  /** Drifted=True after the live job's schedule and tags changed in Northflank. */
  final JsonNode drifted;

  /** Stalled=True/JobNotFound after the job was deleted in Northflank. */
  final JsonNode stalled;

  /** Synced=False/ApiUnavailable while Northflank answers 500: retried, not stalled. */
  final JsonNode retrying;

  /** Synced=False/CredentialsMissing before the token Secret exists; never read yet. */
  final JsonNode credentialsMissing;

  /** Synced=False/Paused: annotated northflank.com/paused: "true" after a good read. */
  final JsonNode paused;

  /** Ready=True and LastRunSucceeded=False/RunFailed: the job's latest run failed. */
  final JsonNode runFailed;

  /** LastRunSucceeded still False while a newer run is in progress (lastRun Running). */
  final JsonNode runFailedNextRunning;

  /** LastRunSucceeded=True/RunSucceeded: the run in progress succeeded. */
  final JsonNode runRecovered;

  private RealNorthflankJobs(OperatorHarness harness) {
    created = createRaw(harness, sample("gitops-new", NAME, "gitops-new"));

    inSync = readyResource(harness, "gitops-sync");

    readyResource(harness, "gitops-drift");
    harness.northflank.updateJob(
        PROJECT,
        "gitops-drift",
        j -> {
          j.with("settings").with("cron").put("schedule", "0 * * * *");
          j.putArray("tags").add("other-tag");
        });
    drifted = awaitRaw(harness, "gitops-drift", hasCondition("Drifted", "True", "DriftDetected"));

    readyResource(harness, "gitops-gone");
    harness.northflank.deleteJob(PROJECT, "gitops-gone");
    stalled = awaitRaw(harness, "gitops-gone", hasCondition("Stalled", "True", "JobNotFound"));

    readyResource(harness, "gitops-flaky");
    harness.northflank.faults().job(PROJECT, "gitops-flaky").forceStatus(500, Integer.MAX_VALUE);
    retrying = awaitRaw(harness, "gitops-flaky", hasCondition("Synced", "False", "ApiUnavailable"));

    harness.liveJob("gitops-nosecret");
    harness.create(sample("gitops-nosecret", NAME, "gitops-nosecret"));
    credentialsMissing =
        awaitRaw(harness, "gitops-nosecret", hasCondition("Synced", "False", "CredentialsMissing"));

    readyResource(harness, "gitops-paused");
    harness.edit(
        "gitops-paused",
        NAME,
        j -> j.getMetadata().setAnnotations(Map.of(Pause.ANNOTATION, "true")));
    paused = awaitRaw(harness, "gitops-paused", hasCondition("Synced", "False", "Paused"));

    readyResource(harness, "gitops-runs");
    harness.northflank.addRun(PROJECT, "gitops-runs", RunStatus.FAILED, Duration.ofMinutes(3));
    runFailed =
        awaitRaw(harness, "gitops-runs", hasCondition("LastRunSucceeded", "False", "RunFailed"));
    String next = harness.northflank.addRun(PROJECT, "gitops-runs", RunStatus.RUNNING);
    runFailedNextRunning =
        awaitRaw(
            harness, "gitops-runs", r -> r.at("/status/lastRun/status").asText().equals("Running"));
    harness.northflank.concludeRun(PROJECT, "gitops-runs", next, RunStatus.SUCCESS);
    runRecovered =
        awaitRaw(harness, "gitops-runs", hasCondition("LastRunSucceeded", "True", "RunSucceeded"));
  }

  static synchronized RealNorthflankJobs get() {
    if (instance == null) {
      try (OperatorHarness harness = OperatorHarness.start()) {
        instance = new RealNorthflankJobs(harness);
      }
    }
    return instance;
  }

  /**
   * A copy whose metadata.generation is one ahead of what the status observed, as right after a
   * spec edit the operator has not yet processed. The one state built by hand: the operator reads a
   * spec change at once, so a real one is too short-lived to catch reliably.
   */
  static ObjectNode specEditedSince(JsonNode resource) {
    ObjectNode copy = resource.deepCopy();
    ObjectNode metadata = (ObjectNode) copy.get("metadata");
    metadata.put("generation", metadata.get("generation").asLong() + 1);
    return copy;
  }

  static JsonNode condition(JsonNode resource, String type) {
    for (JsonNode condition : resource.path("status").path("conditions")) {
      if (type.equals(condition.path("type").asText())) {
        return condition;
      }
    }
    return JSON.missingNode();
  }

  static Predicate<JsonNode> hasCondition(String type, String status, String reason) {
    return resource -> {
      JsonNode condition = condition(resource, type);
      return status.equals(condition.path("status").asText())
          && reason.equals(condition.path("reason").asText());
    };
  }

  /** A live job, its token Secret and a resource for it, awaited until Ready=True. */
  private static JsonNode readyResource(OperatorHarness harness, String namespace) {
    harness.liveJob(namespace);
    harness.tokenSecret(namespace, "northflank-api", CANARY);
    harness.create(sample(namespace, NAME, namespace));
    return awaitRaw(harness, namespace, hasCondition("Ready", "True", "InSync"));
  }

  private static JsonNode createRaw(OperatorHarness harness, NorthflankJob job) {
    String namespace = job.getMetadata().getNamespace();
    harness.liveJob(job.getSpec().jobId());
    harness.tokenSecret(namespace, "northflank-api", CANARY);
    return parse(
        harness.client.raw(url(harness, namespace, ""), "POST", Serialization.asJson(job)));
  }

  private static JsonNode awaitRaw(
      OperatorHarness harness, String namespace, Predicate<JsonNode> condition) {
    JsonNode[] last = new JsonNode[1];
    Awaitility.await()
        .atMost(OperatorHarness.TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .alias(namespace + "/" + NAME)
        .until(
            () -> {
              String body = harness.client.raw(url(harness, namespace, "/" + NAME));
              last[0] = body == null ? null : parse(body);
              return last[0] != null && condition.test(last[0]);
            });
    return last[0];
  }

  private static String url(OperatorHarness harness, String namespace, String name) {
    String master = harness.client.getMasterUrl().toString().replaceAll("/+$", "");
    return master
        + "/apis/northflank.com/v1alpha1/namespaces/"
        + namespace
        + "/northflankjobs"
        + name;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
