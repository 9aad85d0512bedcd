package com.northflank.operator.gitops;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.SecretKeyRef;
import com.northflank.operator.client.ProjectRef;

/**
 * The NorthflankJob that declares one exported job, keys in a fixed order: {@code apiVersion},
 * {@code kind}, {@code metadata} (name, then namespace when given), {@code spec} (projectId, jobId,
 * teamId, credentials, job).
 */
final class JobResourceBuilder {

  static final String API_VERSION = NorthflankJob.GROUP + "/" + NorthflankJob.VERSION;
  static final String KIND = "NorthflankJob";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ProjectRef project;
  private final String namespace;
  private final String secretName;

  /**
   * @param namespace null leaves metadata.namespace out, so the files apply into any namespace
   * @param secretName null leaves spec.credentials out: the operator-wide token is used
   */
  JobResourceBuilder(ProjectRef project, String namespace, String secretName) {
    this.project = project;
    this.namespace = namespace;
    this.secretName = secretName;
  }

  ObjectNode resource(String jobId, ObjectNode job) {
    ObjectNode resource = NODES.objectNode();
    resource.put("apiVersion", API_VERSION);
    resource.put("kind", KIND);
    ObjectNode metadata = resource.putObject("metadata");
    metadata.put("name", KubernetesNames.forJobId(jobId));
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    ObjectNode spec = resource.putObject("spec");
    spec.put("projectId", project.projectId());
    spec.put("jobId", jobId);
    if (project.teamId() != null) {
      spec.put("teamId", project.teamId());
    }
    if (secretName != null) {
      spec.putObject("credentials")
          .putObject("secretRef")
          .put("name", secretName)
          .put("key", SecretKeyRef.DEFAULT_KEY);
    }
    if (!job.isEmpty()) {
      spec.set("job", job);
    }
    return resource;
  }
}
