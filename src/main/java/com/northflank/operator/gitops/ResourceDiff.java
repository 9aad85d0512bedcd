package com.northflank.operator.gitops;

import com.northflank.operator.model.FieldDrift;
import java.util.List;

/**
 * The outcome for one NorthflankJob document (or for a file or document that could not be one).
 *
 * @param source the file, and the document within it when it holds several
 * @param name metadata.name, null when the document is not a readable NorthflankJob
 * @param namespace metadata.namespace, often null in a Git repository
 * @param drift the comparator's report, in its order; empty when in sync or on error
 * @param error what went wrong, naming the cause; null unless the result is {@link Result#ERROR}
 * @param credentialsIgnored the resource names a Secret, which diff cannot read: it used the
 *     operator-wide token instead
 * @param wouldCreate the job does not exist and the resource's creationPolicy (IfAbsent or
 *     MustCreate) would have the operator create it: every declared field is drift against
 *     nothing
 */
public record ResourceDiff(
    String source,
    String file,
    Integer document,
    String namespace,
    String name,
    String projectId,
    String jobId,
    String teamId,
    Result result,
    List<FieldDrift> drift,
    String error,
    boolean credentialsIgnored,
    boolean wouldCreate) {

  public enum Result {
    IN_SYNC,
    DRIFTED,
    ERROR
  }

  public ResourceDiff {
    drift = List.copyOf(drift);
  }

  /** The same report, for a job that is not there and that the operator would create. */
  public ResourceDiff toBeCreated() {
    return new ResourceDiff(
        source,
        file,
        document,
        namespace,
        name,
        projectId,
        jobId,
        teamId,
        result,
        drift,
        error,
        credentialsIgnored,
        true);
  }

  /** How messages name the resource: {@code northflankjob NAMESPACE/NAME}, or its source. */
  public String resource() {
    if (name == null) {
      return source;
    }
    return "northflankjob " + (namespace == null ? "" : namespace + "/") + name;
  }
}
