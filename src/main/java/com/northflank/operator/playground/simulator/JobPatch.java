package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.json.MergePatch;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PATCH jobs/{jobId}: validates a PatchJobData body ({@link PatchJobSchema}, then what depends on
 * the job) and merges it into a job kept in the Get Job shape. The body is checked completely
 * before anything changes, so a 400 leaves the job as it was. Values follow JSON merge patch:
 * {@code null} removes a field, objects merge key by key.
 *
 * <p>Where the request and Get Job shapes differ, the body is translated: a lower-case {@code
 * settings.cron.concurrencyPolicy} is stored capitalised, {@code settings.cron.suspended} becomes
 * the top-level {@code suspended}, and {@code buildSettings} lands in {@code
 * buildEngineConfiguration}, {@code vcsData} and {@code buildConfiguration.storage}. Fields Get Job
 * does not show (runtimeEnvironment, healthChecks, ...) are kept aside and only echoed by the PATCH
 * answer.
 */
final class JobPatch {

  private static final Set<String> DOCKER_ENGINES = Set.of("buildkit", "kaniko");

  private JobPatch() {}

  /** Throws {@link ApiException} (400) for a body the API would refuse for this job. */
  static void validate(ObjectNode doc, ObjectNode body) {
    PatchJobSchema.validate(body);
    boolean cron = "cron".equals(doc.path("jobType").asText());
    JsonNode settings = body.path("settings");
    if (settings.isObject()) {
      if (settings.has("cron") && !settings.get("cron").isNull() && !cron) {
        throw PatchJobSchema.invalid("\"settings.cron\" is only available for cron jobs");
      }
      requireAtLeast(settings.get("backoffLimit"), "settings.backoffLimit", 0);
      requireAtLeast(settings.get("activeDeadlineSeconds"), "settings.activeDeadlineSeconds", 1);
    }
    JsonNode buildSettings = body.path("buildSettings");
    if (buildSettings.has("dockerfile") && buildSettings.has("buildpack")) {
      throw PatchJobSchema.invalid(
          "\"buildSettings\" must contain only one of [dockerfile, buildpack]");
    }
  }

  /** Applies a body that {@link #validate} accepted. */
  static void apply(ObjectNode doc, ObjectNode writeOnly, ObjectNode body) {
    for (Map.Entry<String, JsonNode> entry : body.properties()) {
      String field = entry.getKey();
      JsonNode value = entry.getValue();
      switch (field) {
        case "settings" -> applySettings(doc, value);
        case "buildSettings" -> applyBuildSettings(doc, writeOnly, value);
        case "billing", "buildConfiguration" -> mergeObject(doc, field, value);
        default -> {
          ObjectNode target = JobViews.WRITE_ONLY_FIELDS.contains(field) ? writeOnly : doc;
          if (value.isObject()) {
            mergeObject(target, field, value);
          } else if (value.isNull()) {
            target.remove(field);
          } else {
            target.set(field, value.deepCopy());
          }
        }
      }
    }
  }

  private static void applySettings(ObjectNode doc, JsonNode settings) {
    if (settings.isNull()) {
      return;
    }
    ObjectNode stored = Json.child(doc, "settings");
    for (Map.Entry<String, JsonNode> entry : settings.properties()) {
      if (!entry.getKey().equals("cron")) {
        if (entry.getValue().isNull()) {
          stored.remove(entry.getKey());
        } else {
          stored.set(entry.getKey(), entry.getValue().deepCopy());
        }
        continue;
      }
      JsonNode cron = entry.getValue();
      if (cron.isNull()) {
        continue;
      }
      ObjectNode storedCron = Json.child(stored, "cron");
      JsonNode schedule = cron.get("schedule");
      if (schedule != null) {
        if (schedule.isNull()) {
          storedCron.remove("schedule");
        } else {
          storedCron.put("schedule", schedule.asText());
        }
      }
      JsonNode policy = cron.get("concurrencyPolicy");
      if (policy != null && policy.isNull()) {
        storedCron.remove("concurrencyPolicy");
      } else if (policy != null) {
        storedCron.put("concurrencyPolicy", ConcurrencyPolicy.toStoredForm(policy.asText()));
      }
      JsonNode suspended = cron.get("suspended");
      if (suspended != null && suspended.isNull()) {
        doc.remove("suspended");
      } else if (suspended != null) {
        // Get Job reports suspension at the top level, not under settings.cron.
        doc.put("suspended", suspended.asBoolean());
      }
    }
  }

  private static void applyBuildSettings(ObjectNode doc, ObjectNode writeOnly, JsonNode value) {
    if (value.isNull()) {
      return;
    }
    MergePatch.apply(Json.child(writeOnly, "buildSettings"), value);
    JsonNode storage = value.get("storage");
    if (storage != null && storage.isObject()) {
      MergePatch.apply(Json.child(Json.child(doc, "buildConfiguration"), "storage"), storage);
    }
    JsonNode dockerfile = value.get("dockerfile");
    if (dockerfile != null && dockerfile.isObject()) {
      ObjectNode engine = Json.child(doc, "buildEngineConfiguration");
      String current = engine.path("buildEngine").asText();
      // Switching from buildpack to a Dockerfile picks the API's recommended engine.
      String name =
          dockerfile
              .path("buildEngine")
              .asText(DOCKER_ENGINES.contains(current) ? current : "buildkit");
      engine.remove(List.of("buildpack", name.equals("buildkit") ? "kaniko" : "buildkit"));
      engine.put("buildEngine", name);
      JsonNode buildkit = dockerfile.get("buildkit");
      if (name.equals("buildkit") && buildkit != null && buildkit.isObject()) {
        MergePatch.apply(Json.child(engine, "buildkit"), buildkit);
      }
      if (doc.path("vcsData").isObject()) {
        ObjectNode vcsData = (ObjectNode) doc.get("vcsData");
        copyText(dockerfile, vcsData, "dockerFilePath");
        copyText(dockerfile, vcsData, "dockerWorkDir");
      }
    }
    JsonNode buildpack = value.get("buildpack");
    if (buildpack != null && buildpack.isObject()) {
      ObjectNode engine = Json.child(doc, "buildEngineConfiguration");
      engine.remove(List.of("buildkit", "kaniko"));
      engine.put("buildEngine", "buildpack");
      ObjectNode stored = Json.child(engine, "buildpack");
      for (String field : List.of("builder", "buildpackLocators", "useCache")) {
        if (buildpack.has(field)) {
          stored.set(field, buildpack.get(field).deepCopy());
        }
      }
    }
  }

  private static void mergeObject(ObjectNode doc, String field, JsonNode value) {
    if (value.isNull()) {
      doc.remove(field);
    } else {
      MergePatch.apply(Json.child(doc, field), value);
    }
  }

  private static void copyText(JsonNode from, ObjectNode to, String field) {
    if (from.path(field).isTextual()) {
      to.put(field, from.get(field).asText());
    }
  }

  private static void requireAtLeast(JsonNode value, String field, long min) {
    if (value != null && value.isIntegralNumber() && value.longValue() < min) {
      throw PatchJobSchema.invalid("\"" + field + "\" must be greater than or equal to " + min);
    }
  }
}
