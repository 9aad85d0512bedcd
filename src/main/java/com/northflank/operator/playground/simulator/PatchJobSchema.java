package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * PatchJobData, the request body of {@code PATCH jobs/{jobId}}, as Northflank's PATCH reference
 * page declares it: which fields exist (anything else is refused, naming the field), their types,
 * patterns, lengths and enums. Messages follow the API's validator ({@code "field" must be ...}),
 * with array elements as {@code tags[0]}. A JSON {@code null} passes here: the simulator treats it
 * as "remove" (JSON merge patch).
 */
final class PatchJobSchema {

  /** One value's rules; {@code check} throws a 400 naming the path. */
  private interface Rule {
    void check(String path, JsonNode value);
  }

  private static final Pattern SLUG = Pattern.compile("^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$");
  private static final Pattern DESCRIPTION =
      Pattern.compile("^[a-zA-Z0-9.,?\\s\\\\/'\"()\\[\\];`%^&*\\-_:!]+$");
  private static final Pattern CREDENTIAL_ID = Pattern.compile("^[A-Za-z0-9-]+$");
  private static final Pattern FILE_PATH =
      Pattern.compile("^\\/([a-zA-Z0-9-._]+\\/)*[a-zA-Z0-9-._]+$");
  private static final Pattern DIRECTORY =
      Pattern.compile("^\\/([a-zA-Z0-9-._]+\\/)*[a-zA-Z0-9-._]*$");
  private static final Pattern HEALTH_CHECK_PATH =
      Pattern.compile(
          "^\\/([a-zA-Z0-9-._]+\\/)*[a-zA-Z0-9-._]*((\\?([a-zA-Z0-9-._]+(=[a-zA-Z0-9-._]+)?)*)"
              + "(&([a-zA-Z0-9-._]+(=[a-zA-Z0-9-._]+)?)*)*)?$");

  /**
   * The documented schedule pattern has no anchors, and the API tests it the way a JavaScript
   * validator does, anywhere in the value; {@link Pattern#matcher} {@code .find()} does the same.
   */
  private static final Pattern SCHEDULE =
      Pattern.compile(
          "(@(annually|yearly|monthly|weekly|daily|hourly))"
              + "|((((\\d+,)+\\d+|(\\d+(\\/|-)\\d+)|\\d+|\\*) ?){5})");

  private static final Set<Long> STORAGE_SIZES =
      Set.of(16384L, 32768L, 65536L, 131072L, 262144L, 524288L);
  static final Set<String> BUILDERS =
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

  private static final Rule STORAGE =
      object(
          fields(
              "ephemeralStorage",
              object(fields("storageSize", integerOneOf(STORAGE_SIZES)), List.of())),
          List.of());

  private static final Rule BODY =
      object(
          fields(
              "description", string(DESCRIPTION, 0, 200),
              "stageId", string(SLUG, 3, 100),
              "tags", array(string(SLUG, 3, 100)),
              "billing",
                  object(
                      fields(
                          "buildPlan", string(SLUG, 3, 100),
                          "deploymentPlan", string(SLUG, 3, 100),
                          "gpu",
                              object(
                                  fields(
                                      "enabled", bool(),
                                      "configuration",
                                          object(
                                              fields(
                                                  "gpuType", string(null, 0, Integer.MAX_VALUE),
                                                  "gpuCount", integer(),
                                                  "timesliced", bool()),
                                              List.of())),
                                  List.of())),
                      List.of()),
              "disabledCI", bool(),
              "buildConfiguration",
                  object(
                      fields(
                          "pathIgnoreRules", array(string(null, 0, 260)),
                          "isAllowList", bool(),
                          "ciIgnoreFlagsEnabled", bool(),
                          "ciIgnoreFlags", array(string(null, 0, 72)),
                          "dockerfileTarget", string(null, 0, Integer.MAX_VALUE),
                          "dockerCredentials", array(string(CREDENTIAL_ID, 0, Integer.MAX_VALUE)),
                          "includeGitFolder", bool(),
                          "fullGitClone", bool(),
                          "enableGitLfs", bool(),
                          "storage", STORAGE),
                      List.of()),
              "buildSettings",
                  object(
                      fields(
                          "storage", STORAGE,
                          "dockerfile",
                              object(
                                  fields(
                                      "useCache", bool(),
                                      "buildEngine", oneOf(Set.of("buildkit", "kaniko")),
                                      "dockerFilePath", string(FILE_PATH, 0, Integer.MAX_VALUE),
                                      "dockerWorkDir", string(DIRECTORY, 0, Integer.MAX_VALUE),
                                      "buildkit",
                                          object(
                                              fields(
                                                  "useCache", bool(),
                                                  "cacheStorageSize", integer(),
                                                  "useInternalCache", bool(),
                                                  "internalCacheStorage", number()),
                                              List.of())),
                                  List.of()),
                          "buildpack",
                              object(
                                  fields(
                                      "builder", oneOf(BUILDERS),
                                      "buildpackLocators",
                                          array(string(null, 0, Integer.MAX_VALUE)),
                                      "buildContext", string(DIRECTORY, 0, Integer.MAX_VALUE),
                                      "useCache", bool()),
                                  List.of())),
                      List.of()),
              "runtimeEnvironment", anyObject(),
              "runtimeFiles", anyObject(),
              "buildArguments", anyObject(),
              "buildFiles", anyObject(),
              "dockerSecretMounts", anyObject(),
              "healthChecks",
                  array(
                      object(
                          fields(
                              "protocol", oneOf(Set.of("HTTP", "CMD", "TCP")),
                              "type",
                                  oneOf(Set.of("livenessProbe", "readinessProbe", "startupProbe")),
                              "path", string(HEALTH_CHECK_PATH, 0, Integer.MAX_VALUE),
                              "cmd", string(null, 0, Integer.MAX_VALUE),
                              "port", integer(),
                              "initialDelaySeconds", integer(),
                              "periodSeconds", integer(),
                              "timeoutSeconds", integer(),
                              "failureThreshold", integer(),
                              "successThreshold", integer()),
                          List.of(
                              "protocol",
                              "type",
                              "initialDelaySeconds",
                              "periodSeconds",
                              "timeoutSeconds",
                              "failureThreshold"))),
              "settings",
                  object(
                      fields(
                          "backoffLimit", integer(),
                          "runOnSourceChange", oneOf(Set.of("never", "cd-promote", "always")),
                          "activeDeadlineSeconds", integer(),
                          "cron",
                              object(
                                  fields(
                                      "schedule", schedule(),
                                      "suspended", bool(),
                                      "concurrencyPolicy", oneOf(ConcurrencyPolicy.REQUEST_VALUES)),
                                  List.of())),
                      List.of())),
          List.of());

  private PatchJobSchema() {}

  /** Throws {@link ApiException} (400) naming the first field that breaks the schema. */
  static void validate(JsonNode body) {
    BODY.check("", body);
  }

  private static Map<String, Rule> fields(Object... nameRulePairs) {
    Map<String, Rule> fields = new LinkedHashMap<>();
    for (int i = 0; i < nameRulePairs.length; i += 2) {
      fields.put((String) nameRulePairs[i], (Rule) nameRulePairs[i + 1]);
    }
    return fields;
  }

  private static Rule object(Map<String, Rule> fields, List<String> required) {
    return (path, value) -> {
      if (value.isNull()) {
        return;
      }
      require(value.isObject(), path, "an object");
      for (String name : required) {
        if (!value.has(name)) {
          throw invalid("\"" + child(path, name) + "\" is required");
        }
      }
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        String fieldPath = child(path, field.getKey());
        Rule rule = fields.get(field.getKey());
        if (rule == null) {
          throw invalid("\"" + fieldPath + "\" is not allowed");
        }
        rule.check(fieldPath, field.getValue());
      }
    };
  }

  /** A free-form map (environment variables, files): any keys, the API checks no more. */
  private static Rule anyObject() {
    return (path, value) -> require(value.isNull() || value.isObject(), path, "an object");
  }

  private static Rule array(Rule item) {
    return (path, value) -> {
      if (value.isNull()) {
        return;
      }
      require(value.isArray(), path, "an array");
      for (int i = 0; i < value.size(); i++) {
        item.check(path + "[" + i + "]", value.get(i));
      }
    };
  }

  private static Rule string(Pattern pattern, int min, int max) {
    return (path, value) -> {
      if (value.isNull()) {
        return;
      }
      require(value.isTextual(), path, "a string");
      String text = value.textValue();
      if (text.length() < min) {
        throw invalid("\"" + path + "\" length must be at least " + min + " characters long");
      }
      if (text.length() > max) {
        throw invalid(
            "\"" + path + "\" length must be less than or equal to " + max + " characters long");
      }
      if (pattern != null && !pattern.matcher(text).matches()) {
        throw invalid("\"" + path + "\" fails to match the required pattern: /" + pattern + "/");
      }
    };
  }

  private static Rule schedule() {
    return (path, value) -> {
      if (value.isNull()) {
        return;
      }
      require(value.isTextual(), path, "a string");
      if (!SCHEDULE.matcher(value.textValue()).find()) {
        throw invalid("\"" + path + "\" fails to match the required pattern: /" + SCHEDULE + "/");
      }
    };
  }

  private static Rule oneOf(Set<String> values) {
    List<String> sorted = List.copyOf(new TreeSet<>(values));
    return (path, value) -> {
      if (!value.isNull() && (!value.isTextual() || !values.contains(value.textValue()))) {
        throw invalid("\"" + path + "\" must be one of " + sorted);
      }
    };
  }

  private static Rule integer() {
    return (path, value) ->
        require(
            value.isNull() || value.isIntegralNumber() && value.canConvertToLong(),
            path,
            "an integer");
  }

  private static Rule integerOneOf(Set<Long> values) {
    List<Long> sorted = List.copyOf(new TreeSet<>(values));
    return (path, value) -> {
      integer().check(path, value);
      if (!value.isNull() && !values.contains(value.longValue())) {
        throw invalid("\"" + path + "\" must be one of " + sorted);
      }
    };
  }

  private static Rule number() {
    return (path, value) -> require(value.isNull() || value.isNumber(), path, "a number");
  }

  private static Rule bool() {
    return (path, value) -> require(value.isNull() || value.isBoolean(), path, "a boolean");
  }

  private static void require(boolean ok, String path, String type) {
    if (!ok) {
      throw invalid("\"" + path + "\" must be " + type);
    }
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  static ApiException invalid(String message) {
    return new ApiException(400, message);
  }
}
