package com.northflank.operator.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One run as GET jobs/{jobId}/runs describes it. Every field may be null: the reconciler decides
 * what a run without a start time or status is worth. A field of the wrong JSON type (a boolean
 * sent as a string) makes the whole page an invalid response, as with Get Job; unknown fields are
 * ignored.
 *
 * @param status {@code SUCCESS | RUNNING | FAILED}, or a value newer than this client
 * @param concludedAt absent while the run is in progress (the API documents it as required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobRun(
    String id,
    String runName,
    String status,
    Integer active,
    Boolean concluded,
    Integer failed,
    Integer succeeded,
    Integer backoffLimit,
    Integer completions,
    String startedAt,
    String concludedAt) {

  public static final String SUCCESS = "SUCCESS";
  public static final String RUNNING = "RUNNING";
  public static final String FAILED = "FAILED";
}
