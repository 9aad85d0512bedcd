package com.northflank.operator.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.model.JobCreation;
import com.northflank.operator.model.JobDefinition;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.OwnershipTag;
import java.util.Locale;
import java.util.Map;

/**
 * The body of Northflank's create-job request: spec.job mapped from the Get Job shape it mirrors to
 * the create shape, spec.creation's deployment source, the runtime variables, and the ownership
 * tag. Where the shapes differ: there is no {@code jobType} (a job with {@code settings.cron} is a
 * cron job), {@code suspended} is {@code settings.cron.suspended}, {@code concurrencyPolicy} is
 * lower-case, the deployment source sits beside the overrides in {@code deployment}, and a VCS
 * job's Dockerfile paths are its {@code buildSettings.dockerfile}. The body carries runtime
 * variables: it is never logged, and nothing built from it is shown.
 */
public final class CreateRequest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CreateRequest() {}

  /**
   * @param spec a spec with no {@link NorthflankJobSpec#creationProblem()}
   * @param ownerUid the resource's UID, named by the ownership tag
   * @param runtimeEnvironment the runtime-environment Secret's keys and values (empty: none)
   */
  public static ObjectNode of(
      NorthflankJobSpec spec, String ownerUid, Map<String, String> runtimeEnvironment) {
    JobDefinition job = spec.job();
    ObjectNode declared = JSON.valueToTree(job);
    ObjectNode body = JSON.createObjectNode();
    body.put("name", job.name());
    copy(declared, body, "description");
    ArrayNode tags = body.putArray("tags");
    if (job.tags() != null) {
      job.tags().stream().filter(t -> !OwnershipTag.isOwnershipTag(t)).forEach(tags::add);
    }
    tags.add(OwnershipTag.of(ownerUid));
    copy(declared, body, "billing");
    copy(declared, body, "buildConfiguration");
    copy(declared, body, "disabledCI");

    ObjectNode settings = body.putObject("settings");
    JsonNode declaredSettings = declared.path("settings");
    settings.put("backoffLimit", job.settings().backoffLimit());
    copy(declaredSettings, settings, "activeDeadlineSeconds");
    if (declaredSettings.has("cron")) {
      ObjectNode cron = settings.putObject("cron");
      copy(declaredSettings.get("cron"), cron, "schedule");
      if (declaredSettings.get("cron").hasNonNull("concurrencyPolicy")) {
        cron.put(
            "concurrencyPolicy",
            declaredSettings
                .get("cron")
                .get("concurrencyPolicy")
                .asText()
                .toLowerCase(Locale.ROOT));
      }
      if (job.suspended() != null) {
        cron.put("suspended", job.suspended());
      }
    }

    ObjectNode deployment = body.putObject("deployment");
    JsonNode overrides = declared.path("deployment");
    copy(overrides, deployment, "docker");
    copy(overrides, deployment, "buildpack");
    copy(overrides, deployment, "storage");
    JobCreation.Source source = spec.creation().deployment();
    if (source.external() != null) {
      deployment.set("external", JSON.valueToTree(source.external()));
    } else if (source.internal() != null) {
      deployment.set("internal", JSON.valueToTree(source.internal()));
    } else {
      deployment.set("vcs", JSON.valueToTree(source.vcs()));
      if (job.vcsData() != null
          && job.vcsData().dockerFilePath() != null
          && job.vcsData().dockerWorkDir() != null) {
        ObjectNode dockerfile = body.putObject("buildSettings").putObject("dockerfile");
        dockerfile.put("dockerFilePath", job.vcsData().dockerFilePath());
        dockerfile.put("dockerWorkDir", job.vcsData().dockerWorkDir());
      }
    }
    if (!runtimeEnvironment.isEmpty()) {
      ObjectNode variables = body.putObject("runtimeEnvironment");
      runtimeEnvironment.forEach(variables::put);
    }
    return body;
  }

  private static void copy(JsonNode from, ObjectNode to, String field) {
    if (from.hasNonNull(field)) {
      to.set(field, from.get(field).deepCopy());
    }
  }
}
