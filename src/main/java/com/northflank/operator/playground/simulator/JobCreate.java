package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * POST jobs: validates a CreateJobData body as Northflank's Create Job reference declares it and
 * turns it into a job in the Get Job shape. What the reference marks required is checked first
 * ({@code name} with its pattern and length, {@code billing.deploymentPlan}, exactly one deployment
 * source among {@code external}, {@code internal} and {@code vcs}, {@code settings.backoffLimit});
 * the rest of the body is a PatchJobData body and is validated and applied as a PATCH is ({@link
 * JobPatch}), so the two routes store a field the same way. Fields Get Job does not show (the
 * runtime variables, an external image or internal build) are kept aside: the create and PATCH
 * answers echo them ({@link JobViews#patchResult}), Get Job never does.
 */
final class JobCreate {

  /** The job name of the Create Job reference: words split by single dashes or whitespace. */
  static final Pattern NAME =
      Pattern.compile("^[a-zA-Z]((-|\\s)?[a-zA-Z0-9]+((-|\\s)[a-zA-Z0-9]+)*)?$");

  static final int NAME_MIN = 3;
  static final int NAME_MAX = 52;

  /** What a create without {@code settings.activeDeadlineSeconds} gets (a simulator choice). */
  static final int DEFAULT_ACTIVE_DEADLINE_SECONDS = 600;

  /** The deployment sources, exactly one of which a create names. */
  static final List<String> SOURCES = List.of("external", "internal", "vcs");

  /** What else a create's {@code deployment} may hold (overrides, storage, ...). */
  private static final Set<String> DEPLOYMENT_SETTINGS =
      Set.of("buildpack", "docker", "storage", "gpu", "gracePeriodSeconds", "metadata");

  /** Create-only fields, handled here rather than by the PATCH schema. */
  private static final Set<String> CREATE_ONLY = Set.of("name", "deployment", "infrastructure");

  private static final Pattern IMAGE_PATH =
      Pattern.compile(
          "^(?:(?:https?:\\/\\/)?([a-zA-Z0-9\\-]+\\.[a-zA-Z0-9\\.\\-]+)(\\/v1)?)?(?:\\/)?"
              + "([a-zA-Z/-9\\.\\-_]+)(?:\\:([a-zA-Z/-9\\.\\-_\\:]+)|\\@([a-zA-Z/-9\\.\\-_\\:]+))$");
  private static final Pattern CREDENTIAL_ID = Pattern.compile("^[A-Za-z0-9-]+$");
  private static final Set<String> VCS_TYPES =
      Set.of("bitbucket", "gitlab", "github", "self-hosted", "azure");

  private JobCreate() {}

  /**
   * The id Northflank derives from a job's name (its example: "Example Job" becomes {@code
   * example-job}): lower case, each whitespace character a dash. The name pattern allows no two
   * separators in a row, so nothing needs collapsing.
   */
  static String idFor(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("\\s", "-");
  }

  /**
   * Throws {@link ApiException} (400) for a body the API would refuse, naming the first field that
   * is missing or wrong; nothing is stored then.
   */
  static void validate(ObjectNode body) {
    JsonNode name = required(body, "name", "");
    if (!name.isTextual()) {
      throw PatchJobSchema.invalid("\"name\" must be a string");
    }
    String text = name.textValue();
    if (text.length() < NAME_MIN) {
      throw PatchJobSchema.invalid(
          "\"name\" length must be at least " + NAME_MIN + " characters long");
    }
    if (text.length() > NAME_MAX) {
      throw PatchJobSchema.invalid(
          "\"name\" length must be less than or equal to " + NAME_MAX + " characters long");
    }
    if (!NAME.matcher(text).matches()) {
      throw PatchJobSchema.invalid("\"name\" fails to match the required pattern: /" + NAME + "/");
    }
    requireObject(required(body, "billing", ""), "billing");
    required(body.get("billing"), "deploymentPlan", "billing");
    validateDeployment(requireObject(required(body, "deployment", ""), "deployment"));
    requireObject(required(body, "settings", ""), "settings");
    required(body.get("settings"), "backoffLimit", "settings");
    JsonNode infrastructure = body.get("infrastructure");
    if (infrastructure != null) {
      JsonNode architecture = requireObject(infrastructure, "infrastructure").get("architecture");
      if (architecture != null && !Set.of("x86", "arm").contains(architecture.asText())) {
        throw PatchJobSchema.invalid("\"infrastructure.architecture\" must be one of [arm, x86]");
      }
    }
    ObjectNode patchPart = patchPart(body);
    JobPatch.validate(jobTypeOnly(body), patchPart);
  }

  /**
   * The job a validated body describes, in the Get Job shape, and the fields Get Job does not show.
   *
   * @return {@code [doc, writeOnly]}
   */
  static ObjectNode[] build(ObjectNode body, String projectId, String jobId, Instant now) {
    ObjectNode doc = jobTypeOnly(body);
    ObjectNode writeOnly = Json.object();
    doc.put("id", jobId);
    doc.put("name", body.get("name").textValue());
    doc.put("createdAt", now.toString());
    doc.put("disabledCI", false);
    doc.put("disabledCD", false);
    if (doc.path("jobType").asText().equals("cron")) {
      doc.put("suspended", false);
    }
    ObjectNode deployment = (ObjectNode) body.get("deployment");
    ObjectNode stored = doc.putObject("deployment");
    // where Northflank runs it: the simulator has one region and cluster, as the seed jobs show
    stored.put("region", "europe-west");
    doc.putObject("cluster")
        .put("id", "nf-europe-west")
        .put("name", "nf-europe-west")
        .put("namespace", "ns-" + projectId);
    ObjectNode source = writeOnly.putObject("deployment");
    for (Map.Entry<String, JsonNode> field : deployment.properties()) {
      String key = field.getKey();
      if (key.equals("vcs")) {
        doc.set("vcsData", vcsData(field.getValue()));
      } else if (SOURCES.contains(key)) {
        source.set(key, field.getValue().deepCopy());
      } else if (Set.of("buildpack", "docker", "storage").contains(key)) {
        stored.set(key, field.getValue().deepCopy());
      } else {
        source.set(key, field.getValue().deepCopy());
      }
    }
    if (body.has("infrastructure")) {
      writeOnly.set("infrastructure", body.get("infrastructure").deepCopy());
    }
    JobPatch.apply(doc, writeOnly, patchPart(body));
    // Get Job declares both required; a create may leave them out. The reference documents no
    // default deadline: the simulator picks the seed jobs' 600 s.
    if (!doc.has("tags")) {
      doc.putArray("tags");
    }
    ObjectNode settings = Json.child(doc, "settings");
    if (!settings.has("activeDeadlineSeconds")) {
      settings.put("activeDeadlineSeconds", DEFAULT_ACTIVE_DEADLINE_SECONDS);
    }
    // Get Job's billing names the deployment plan only
    JsonNode plan = body.get("billing").get("deploymentPlan");
    doc.putObject("billing").set("deploymentPlan", plan.deepCopy());
    return new ObjectNode[] {doc, writeOnly};
  }

  /** Get Job's {@code vcsData}: the repository part of a create's {@code deployment.vcs}. */
  private static ObjectNode vcsData(JsonNode vcs) {
    ObjectNode vcsData = Json.object();
    for (String field : List.of("projectUrl", "projectType", "selfHostedVcsId", "projectBranch")) {
      if (vcs.has(field)) {
        vcsData.set(field, vcs.get(field).deepCopy());
      }
    }
    return vcsData;
  }

  private static void validateDeployment(ObjectNode deployment) {
    List<String> sources = new ArrayList<>();
    for (String source : SOURCES) {
      if (deployment.has(source)) {
        sources.add(source);
      }
    }
    if (sources.isEmpty()) {
      throw PatchJobSchema.invalid("\"deployment\" must contain at least one of " + SOURCES);
    }
    if (sources.size() > 1) {
      throw PatchJobSchema.invalid(
          "\"deployment\" contains a conflict between exclusive peers " + sources);
    }
    for (Map.Entry<String, JsonNode> field : deployment.properties()) {
      if (!SOURCES.contains(field.getKey()) && !DEPLOYMENT_SETTINGS.contains(field.getKey())) {
        throw PatchJobSchema.invalid("\"deployment." + field.getKey() + "\" is not allowed");
      }
    }
    String source = sources.get(0);
    ObjectNode value = requireObject(deployment.get(source), "deployment." + source);
    String path = "deployment." + source;
    switch (source) {
      case "external" -> {
        text(value, "imagePath", path, IMAGE_PATH, true);
        text(value, "credentials", path, CREDENTIAL_ID, false);
      }
      case "internal" -> {
        text(value, "id", path, null, true);
        text(value, "branch", path, null, false);
        text(value, "buildSHA", path, null, false);
        text(value, "buildId", path, null, false);
      }
      default -> {
        text(value, "projectUrl", path, null, true);
        JsonNode type = required(value, "projectType", path);
        if (!type.isTextual() || !VCS_TYPES.contains(type.textValue())) {
          throw PatchJobSchema.invalid(
              "\"" + path + ".projectType\" must be one of " + List.copyOf(new TreeSet<>(VCS_TYPES)));
        }
        text(value, "projectBranch", path, null, true);
      }
    }
  }

  private static void text(
      ObjectNode parent, String field, String path, Pattern pattern, boolean required) {
    JsonNode value = required ? required(parent, field, path) : parent.get(field);
    if (value == null) {
      return;
    }
    String at = path + "." + field;
    if (!value.isTextual()) {
      throw PatchJobSchema.invalid("\"" + at + "\" must be a string");
    }
    if (pattern != null && !pattern.matcher(value.textValue()).matches()) {
      throw PatchJobSchema.invalid(
          "\"" + at + "\" fails to match the required pattern: /" + pattern + "/");
    }
  }

  private static JsonNode required(JsonNode parent, String field, String path) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw PatchJobSchema.invalid(
          "\"" + (path.isEmpty() ? field : path + "." + field) + "\" is required");
    }
    return value;
  }

  private static ObjectNode requireObject(JsonNode value, String path) {
    if (!value.isObject()) {
      throw PatchJobSchema.invalid("\"" + path + "\" must be an object");
    }
    return (ObjectNode) value;
  }

  /** The body without the create-only fields: a PatchJobData body. */
  private static ObjectNode patchPart(ObjectNode body) {
    ObjectNode patch = body.deepCopy();
    patch.remove(CREATE_ONLY);
    return patch;
  }

  /** "Manual or cron based on settings.cron presence", as the reference says. */
  private static ObjectNode jobTypeOnly(ObjectNode body) {
    ObjectNode doc = Json.object();
    doc.put("jobType", body.path("settings").path("cron").isObject() ? "cron" : "manual");
    return doc;
  }

}
