package com.northflank.operator.gitops;

import com.northflank.operator.validation.CrdSchema;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.northflank.operator.client.ProjectRef;
import java.util.List;
import java.util.Objects;

/**
 * What to export, checked up front against what the CRD and Kubernetes accept, so that no request
 * is spent on an export whose resources could not be applied.
 *
 * @param jobIds the jobs to export; empty exports every job of the project (listed first)
 * @param namespace metadata.namespace of every resource, or null to leave it out
 * @param secretName the Secret for spec.credentials.secretRef, or null for the operator-wide token
 */
public record ExportRequest(
    ProjectRef project, List<String> jobIds, String namespace, String secretName) {

  /** Which part of the request is wrong, so that the caller can name the option the user typed. */
  public enum Part {
    PROJECT,
    TEAM,
    JOB,
    NAMESPACE,
    SECRET
  }

  /** A value the resource could not carry. */
  public static final class Invalid extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final Part part;

    Invalid(Part part, String problem) {
      super(problem);
      this.part = part;
    }

    public Part part() {
      return part;
    }
  }

  public ExportRequest {
    Objects.requireNonNull(project, "project");
    jobIds = List.copyOf(jobIds);
    check(Part.PROJECT, project.projectId(), CrdSchema.northflankJob().specField("projectId"));
    if (project.teamId() != null) {
      check(Part.TEAM, project.teamId(), CrdSchema.northflankJob().specField("teamId"));
    }
    for (String jobId : jobIds) {
      check(Part.JOB, jobId, CrdSchema.northflankJob().specField("jobId"));
    }
    if (namespace != null && !KubernetesNames.isLabel(namespace)) {
      throw new Invalid(
          Part.NAMESPACE, "'" + namespace + "' is not a valid namespace name (RFC 1123 label)");
    }
    if (secretName != null) {
      check(Part.SECRET, secretName, CrdSchema.northflankJob().specField("credentials.secretRef.name"));
    }
  }

  /**
   * Checks every value before any is used.
   *
   * @param teamId null for a project outside any team
   * @throws Invalid naming the part that is wrong
   */
  public static ExportRequest of(
      String teamId, String projectId, List<String> jobIds, String namespace, String secretName) {
    check(Part.PROJECT, projectId, CrdSchema.northflankJob().specField("projectId"));
    if (teamId != null) {
      check(Part.TEAM, teamId, CrdSchema.northflankJob().specField("teamId"));
    }
    return new ExportRequest(new ProjectRef(teamId, projectId), jobIds, namespace, secretName);
  }

  /** Why a job ID cannot be spec.jobId, or null when it can. */
  static String jobIdProblem(String jobId) {
    try {
      SchemaValues.accept(
          JsonNodeFactory.instance.textNode(jobId), CrdSchema.northflankJob().specField("jobId"), false);
      return null;
    } catch (SchemaValues.Rejected e) {
      return e.getMessage();
    }
  }

  private static void check(Part part, String value, JsonNode schema) {
    try {
      SchemaValues.accept(JsonNodeFactory.instance.textNode(value), schema, false);
    } catch (SchemaValues.Rejected e) {
      throw new Invalid(part, e.getMessage());
    }
  }
}
