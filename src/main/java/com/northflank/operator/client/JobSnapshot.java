package com.northflank.operator.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One successful Get Job read.
 *
 * @param job the typed view, for the fields the operator reads directly
 * @param document the raw {@code data} object exactly as received, so that drift can be judged on
 *     fields this client does not model yet; a fresh tree per call, owned by the caller
 */
public record JobSnapshot(LiveJob job, JsonNode document) {

  public JobSnapshot {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(document, "document");
  }
}
