package com.northflank.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;

/**
 * The job's latest run in Northflank, as the operator last read it: the one with the latest start
 * on the first page of GET jobs/{jobId}/runs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LastRun(
    @JsonPropertyDescription("The run's name (runName), e.g. example-job-5fcf67bc56e1913e21d49504.")
        String name,
    @SchemaFrom(type = LastRun.Status.class)
        @JsonPropertyDescription("Succeeded, Failed, or Running while it is in progress.")
        String status,
    @JsonPropertyDescription("When it started (RFC 3339).") String startedAt,
    @JsonPropertyDescription("When it concluded (RFC 3339); absent while it is running.")
        String concludedAt) {

  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String RUNNING = "Running";

  public boolean concluded() {
    return SUCCEEDED.equals(status) || FAILED.equals(status);
  }

  public boolean failed() {
    return FAILED.equals(status);
  }

  /** Schema-only: the allowed values of {@link #status}. */
  public enum Status {
    Succeeded,
    Failed,
    Running
  }
}
