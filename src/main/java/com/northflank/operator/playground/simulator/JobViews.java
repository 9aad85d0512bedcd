package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Projections of a stored job (kept in the Get Job shape) into the other routes' shapes. */
final class JobViews {

  /** The fields of ListJobsResult, in its order; optional ones are left out when absent. */
  private static final List<String> SUMMARY_FIELDS =
      List.of(
          "id",
          "projectId",
          "appId",
          "name",
          "tags",
          "description",
          "jobType",
          "disabledCI",
          "disabledCD",
          "suspended");

  /** PatchJobData fields that Get Job does not show but PatchJobResult echoes. */
  static final List<String> WRITE_ONLY_FIELDS =
      List.of(
          "stageId",
          "runtimeEnvironment",
          "runtimeFiles",
          "buildArguments",
          "buildFiles",
          "dockerSecretMounts",
          "healthChecks");

  private JobViews() {}

  /** The shared subtrees are immutable snapshots, so the summary may reference them. */
  static ObjectNode summary(ObjectNode doc) {
    ObjectNode summary = Json.object();
    for (String field : SUMMARY_FIELDS) {
      JsonNode value = doc.get(field);
      if (value != null) {
        summary.set(field, value);
      }
    }
    return summary;
  }

  /**
   * The PatchJobResult shape: the job as a create/patch request would describe it (concurrency
   * policy in lower case, {@code settings.cron.suspended}, {@code buildSettings}, {@code
   * deployment.vcs}) plus id, appId, status, cluster and timestamps.
   */
  static ObjectNode patchResult(JobStore.Snapshot snapshot) {
    ObjectNode doc = snapshot.doc();
    ObjectNode writeOnly = snapshot.writeOnly();
    ObjectNode result = Json.object();
    copy(doc, result, "name");
    copy(doc, result, "description");
    copy(writeOnly, result, "stageId");
    copy(writeOnly, result, "infrastructure");
    copy(doc, result, "tags");
    copy(doc, result, "billing");
    copy(doc, result, "disabledCI");
    copy(doc, result, "buildConfiguration");
    ObjectNode buildSettings = buildSettings(doc, writeOnly);
    if (buildSettings != null) {
      result.set("buildSettings", buildSettings);
    }
    for (String field : WRITE_ONLY_FIELDS) {
      if (!field.equals("stageId")) {
        copy(writeOnly, result, field);
      }
    }
    result.set("settings", patchSettings(doc));
    copy(doc, result, "jobType");
    copy(doc, result, "id");
    copy(doc, result, "appId");
    ObjectNode deployment = patchDeployment(doc);
    // a created job's external image or internal build: Get Job does not show it
    JsonNode source = writeOnly.get("deployment");
    if (source != null && source.isObject() && !source.isEmpty()) {
      deployment = deployment == null ? Json.object() : deployment;
      for (Map.Entry<String, JsonNode> field : source.properties()) {
        deployment.set(field.getKey(), field.getValue().deepCopy());
      }
    }
    if (deployment != null) {
      result.set("deployment", deployment);
    }
    ObjectNode status = result.putObject("status");
    if (doc.has("vcsData")) {
      ObjectNode build = status.putObject("build");
      build.put("status", "SUCCESS");
      build.set("lastTransitionTime", doc.get("createdAt"));
    }
    copy(doc, result, "cluster");
    copy(doc, result, "createdAt");
    result.put("updatedAt", snapshot.updatedAt().toString());
    return result;
  }

  private static ObjectNode patchSettings(ObjectNode doc) {
    ObjectNode settings =
        doc.path("settings").isObject()
            ? ((ObjectNode) doc.get("settings")).deepCopy()
            : Json.object();
    JsonNode cron = settings.get("cron");
    if (cron != null && cron.isObject()) {
      ObjectNode patchCron = (ObjectNode) cron;
      JsonNode policy = patchCron.get("concurrencyPolicy");
      if (policy != null && policy.isTextual()) {
        patchCron.put("concurrencyPolicy", ConcurrencyPolicy.toRequestForm(policy.asText()));
      }
      if (doc.has("suspended")) {
        patchCron.set("suspended", doc.get("suspended"));
      }
    }
    return settings;
  }

  private static ObjectNode buildSettings(ObjectNode doc, ObjectNode writeOnly) {
    JsonNode engine = doc.path("buildEngineConfiguration");
    if (!engine.isObject()) {
      return null;
    }
    ObjectNode settings = Json.object();
    JsonNode storage = doc.path("buildConfiguration").path("storage");
    if (storage.isObject()) {
      settings.set("storage", storage.deepCopy());
    }
    String name = engine.path("buildEngine").asText("buildpack");
    if (name.equals("buildpack")) {
      ObjectNode buildpack =
          engine.path("buildpack").isObject()
              ? ((ObjectNode) engine.get("buildpack")).deepCopy()
              : Json.object();
      JsonNode context = writeOnly.path("buildSettings").path("buildpack").path("buildContext");
      if (context.isTextual()) {
        buildpack.set("buildContext", context);
      }
      settings.set("buildpack", buildpack);
    } else {
      ObjectNode dockerfile = settings.putObject("dockerfile");
      dockerfile.put("buildEngine", name);
      dockerfile.put(
          "dockerFilePath", doc.path("vcsData").path("dockerFilePath").asText("/Dockerfile"));
      dockerfile.put("dockerWorkDir", doc.path("vcsData").path("dockerWorkDir").asText("/"));
      if (name.equals("buildkit") && engine.path("buildkit").isObject()) {
        dockerfile.set("buildkit", engine.get("buildkit").deepCopy());
      }
    }
    return settings;
  }

  private static ObjectNode patchDeployment(ObjectNode doc) {
    JsonNode deployment = doc.get("deployment");
    JsonNode vcsData = doc.get("vcsData");
    if ((deployment == null || !deployment.isObject())
        && (vcsData == null || !vcsData.isObject())) {
      return null;
    }
    ObjectNode result = Json.object();
    if (deployment != null && deployment.isObject()) {
      copy((ObjectNode) deployment, result, "buildpack");
      copy((ObjectNode) deployment, result, "docker");
      copy((ObjectNode) deployment, result, "storage");
    }
    if (vcsData != null && vcsData.isObject()) {
      ObjectNode vcs = result.putObject("vcs");
      copy((ObjectNode) vcsData, vcs, "projectUrl");
      copy((ObjectNode) vcsData, vcs, "projectType");
      copy((ObjectNode) vcsData, vcs, "selfHostedVcsId");
      copy((ObjectNode) vcsData, vcs, "projectBranch");
    }
    return result;
  }

  private static void copy(ObjectNode from, ObjectNode to, String field) {
    JsonNode value = from.get(field);
    if (value != null) {
      to.set(field, value.deepCopy());
    }
  }

  static Instant parseInstant(JsonNode value, Instant fallback) {
    try {
      return value != null && value.isTextual() ? Instant.parse(value.asText()) : fallback;
    } catch (RuntimeException e) {
      return fallback;
    }
  }
}
