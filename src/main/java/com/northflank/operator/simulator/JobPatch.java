package com.northflank.operator.simulator;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.json.MergePatch;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * PATCH jobs/{jobId}: validates a PatchJobData body and merges it into a job kept in the Get Job
 * shape. The body is checked completely before anything changes, so a 400 leaves the job as it was.
 * Values follow JSON merge patch: {@code null} removes a field.
 *
 * <p>Where the request and Get Job shapes differ, the body is translated: a lower-case {@code
 * settings.cron.concurrencyPolicy} is stored capitalised, {@code settings.cron.suspended} becomes
 * the top-level {@code suspended}, and {@code buildSettings} lands in {@code
 * buildEngineConfiguration}, {@code vcsData} and {@code buildConfiguration.storage}. Fields Get Job
 * does not show (runtimeEnvironment, healthChecks, ...) are kept aside and only echoed by the PATCH
 * answer.
 */
final class JobPatch {

  /** PatchJobData's fields, plus Get Job fields a deep merge naturally accepts. */
  private static final Set<String> ALLOWED =
      Set.of(
          "description",
          "stageId",
          "tags",
          "billing",
          "disabledCI",
          "buildConfiguration",
          "buildSettings",
          "runtimeEnvironment",
          "runtimeFiles",
          "buildArguments",
          "buildFiles",
          "dockerSecretMounts",
          "healthChecks",
          "settings",
          "disabledCD",
          "deployment",
          "suspended");

  private static final Set<String> SETTINGS_FIELDS =
      Set.of("backoffLimit", "runOnSourceChange", "activeDeadlineSeconds", "cron");
  private static final Set<String> CRON_FIELDS =
      Set.of("schedule", "suspended", "concurrencyPolicy");
  private static final Set<String> RUN_ON_SOURCE_CHANGE = Set.of("never", "cd-promote", "always");
  private static final Set<String> DOCKER_ENGINES = Set.of("buildkit", "kaniko");
  private static final Set<String> BUILDERS =
      Set.of(
          "HEROKU_24",
          "HEROKU_22",
          "HEROKU_22_CLASSIC",
          "HEROKU_20",
          "HEROKU_18",
          "GOOGLE_22",
          "GOOGLE_V1",
          "CNB_ALPINE",
          "CNB_BIONIC",
          "PAKETO_JAMMY_TINY",
          "PAKETO_JAMMY_BASE",
          "PAKETO_JAMMY_FULL",
          "PAKETO_TINY",
          "PAKETO_BASE",
          "PAKETO_FULL");
  private static final Pattern TAG = Pattern.compile("^[a-zA-Z](-?[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*)?$");
  private static final CronDefinition UNIX_CRON =
      CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);

  private JobPatch() {}

  /** Throws {@link ApiException} (400) for a body the API would refuse for this job. */
  static void validate(ObjectNode doc, ObjectNode body) {
    boolean cron = "cron".equals(doc.path("jobType").asText());
    for (Map.Entry<String, JsonNode> entry : body.properties()) {
      String field = entry.getKey();
      JsonNode value = entry.getValue();
      if (!ALLOWED.contains(field)) {
        throw invalid("\"" + field + "\" is not allowed");
      }
      if (value.isNull()) {
        continue;
      }
      switch (field) {
        case "description" -> requireType(value.isTextual(), field, "a string");
        case "stageId" -> requireType(value.isTextual(), field, "a string");
        case "disabledCI", "disabledCD" -> requireType(value.isBoolean(), field, "a boolean");
        case "suspended" -> {
          requireType(value.isBoolean(), field, "a boolean");
          requireCron(cron, field);
        }
        case "tags" -> validateTags(value);
        case "healthChecks" -> requireType(value.isArray(), field, "an array");
        case "settings" -> validateSettings(value, cron);
        case "buildSettings" -> validateBuildSettings(value);
        default -> requireType(value.isObject(), field, "an object");
      }
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
        case "billing", "buildConfiguration", "deployment" -> mergeObject(doc, field, value);
        default -> {
          ObjectNode target = JobViews.WRITE_ONLY_FIELDS.contains(field) ? writeOnly : doc;
          if (value.isNull()) {
            target.remove(field);
          } else {
            target.set(field, value.deepCopy());
          }
        }
      }
    }
  }

  private static void validateTags(JsonNode value) {
    requireType(value.isArray(), "tags", "an array");
    for (JsonNode tag : value) {
      String text = tag.isTextual() ? tag.asText() : null;
      if (text == null || text.length() < 3 || text.length() > 39 || !TAG.matcher(text).matches()) {
        throw invalid("\"tags\" must contain tags of 3 to 39 letters, digits and single hyphens");
      }
    }
  }

  private static void validateSettings(JsonNode settings, boolean cron) {
    requireType(settings.isObject(), "settings", "an object");
    for (Map.Entry<String, JsonNode> entry : settings.properties()) {
      String field = "settings." + entry.getKey();
      JsonNode value = entry.getValue();
      if (!SETTINGS_FIELDS.contains(entry.getKey())) {
        throw invalid("\"" + field + "\" is not allowed");
      }
      switch (entry.getKey()) {
        case "backoffLimit" -> requireInteger(value, field, 0);
        case "activeDeadlineSeconds" -> {
          if (!value.isNull()) {
            requireInteger(value, field, 1);
          }
        }
        case "runOnSourceChange" -> requireOneOf(value, field, RUN_ON_SOURCE_CHANGE);
        default -> validateCron(value, cron);
      }
    }
  }

  private static void validateCron(JsonNode cronSettings, boolean cron) {
    requireCron(cron, "settings.cron");
    requireType(cronSettings.isObject(), "settings.cron", "an object");
    for (Map.Entry<String, JsonNode> entry : cronSettings.properties()) {
      String field = "settings.cron." + entry.getKey();
      JsonNode value = entry.getValue();
      if (!CRON_FIELDS.contains(entry.getKey())) {
        throw invalid("\"" + field + "\" is not allowed");
      }
      switch (entry.getKey()) {
        case "schedule" -> {
          if (!value.isNull()) {
            requireType(value.isTextual(), field, "a string");
            requireSchedule(value.asText());
          }
        }
        case "suspended" -> requireType(value.isBoolean(), field, "a boolean");
        default -> requireOneOf(value, field, ConcurrencyPolicy.REQUEST_VALUES);
      }
    }
  }

  private static void validateBuildSettings(JsonNode value) {
    requireType(value.isObject(), "buildSettings", "an object");
    JsonNode dockerfile = value.get("dockerfile");
    JsonNode buildpack = value.get("buildpack");
    if (dockerfile != null && buildpack != null) {
      throw invalid("\"buildSettings\" must contain only one of [dockerfile, buildpack]");
    }
    if (dockerfile != null) {
      requireType(dockerfile.isObject(), "buildSettings.dockerfile", "an object");
      if (dockerfile.has("buildEngine")) {
        requireOneOf(
            dockerfile.get("buildEngine"), "buildSettings.dockerfile.buildEngine", DOCKER_ENGINES);
      }
    }
    if (buildpack != null) {
      requireType(buildpack.isObject(), "buildSettings.buildpack", "an object");
      if (buildpack.has("builder")) {
        requireOneOf(buildpack.get("builder"), "buildSettings.buildpack.builder", BUILDERS);
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
      if (policy != null) {
        storedCron.put("concurrencyPolicy", ConcurrencyPolicy.toStoredForm(policy.asText()));
      }
      JsonNode suspended = cron.get("suspended");
      if (suspended != null) {
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

  private static void requireCron(boolean cron, String field) {
    if (!cron) {
      throw invalid("\"" + field + "\" is only available for cron jobs");
    }
  }

  private static void requireSchedule(String schedule) {
    try {
      new CronParser(UNIX_CRON).parse(schedule);
    } catch (RuntimeException e) {
      throw invalid("\"settings.cron.schedule\" must be a valid cron expression");
    }
  }

  private static void requireType(boolean ok, String field, String type) {
    if (!ok) {
      throw invalid("\"" + field + "\" must be " + type);
    }
  }

  private static void requireInteger(JsonNode value, String field, int min) {
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw invalid("\"" + field + "\" must be an integer");
    }
    if (value.asInt() < min) {
      throw invalid("\"" + field + "\" must be greater than or equal to " + min);
    }
  }

  private static void requireOneOf(JsonNode value, String field, Set<String> allowed) {
    if (!value.isTextual() || !allowed.contains(value.asText())) {
      throw invalid("\"" + field + "\" must be one of " + allowed.stream().sorted().toList());
    }
  }

  private static ApiException invalid(String message) {
    return new ApiException(400, message);
  }
}
