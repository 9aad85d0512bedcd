package com.northflank.operator.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Turns a Create Job answer (CreateJobResult) into the Get Job shape the rest of the operator
 * speaks. The answer is in the dialect of the create request, as the PATCH answer is ({@link
 * PatchResultShape} translates what the two share), and it echoes what Get Job never returns: the
 * runtime variables and files, build arguments and secret mounts. Only the Get Job fields are kept,
 * so those never reach a snapshot, a status or a log.
 *
 * <p>The deployment keeps the parts Get Job has in the same shape ({@code buildpack}, {@code
 * docker}, {@code storage}); the source ({@code deployment.vcs}) becomes {@code vcsData}, as Get
 * Job reports it. What Get Job has and the answer lacks (the region, the build engine) stays absent
 * until the next read.
 */
public final class CreateResultShape {

  private static final List<String> DEPLOYMENT_IN_GET_SHAPE =
      List.of("buildpack", "docker", "storage");

  private static final List<String> VCS_DATA_FIELDS =
      List.of("projectUrl", "projectType", "selfHostedVcsId", "projectBranch");

  private CreateResultShape() {}

  /**
   * @param answer the {@code data} object of the Create Job answer
   * @param projectId the project the job was created in; Get Job names it, the answer does not
   * @return a new tree in the Get Job shape; the answer is not changed
   */
  public static ObjectNode toGetJobShape(JsonNode answer, String projectId) {
    ObjectNode result = PatchResultShape.toGetJobShape(null, answer);
    if (answer == null || !answer.isObject()) {
      return result;
    }
    if (!result.has("projectId")) {
      result.put("projectId", projectId);
    }
    JsonNode deployment = answer.get("deployment");
    if (deployment != null && deployment.isObject()) {
      ObjectNode kept = result.objectNode();
      for (String field : DEPLOYMENT_IN_GET_SHAPE) {
        if (deployment.has(field)) {
          kept.set(field, deployment.get(field).deepCopy());
        }
      }
      if (!kept.isEmpty()) {
        result.set("deployment", kept);
      }
      JsonNode vcs = deployment.get("vcs");
      if (vcs != null && vcs.isObject() && !result.has("vcsData")) {
        ObjectNode vcsData = result.objectNode();
        for (String field : VCS_DATA_FIELDS) {
          if (vcs.has(field)) {
            vcsData.set(field, vcs.get(field).deepCopy());
          }
        }
        result.set("vcsData", vcsData);
      }
    }
    return result;
  }
}
