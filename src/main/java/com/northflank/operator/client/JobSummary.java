package com.northflank.operator.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One job as List Jobs describes it ({@code ListJobsResult}): enough to name and pick jobs, not
 * their full state, which only Get Job returns. Lenient in the same way as {@link LiveJob}: unknown
 * fields are ignored and every field but {@code id} may be null.
 *
 * @param jobType {@code manual | cron}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobSummary(
    String id,
    String projectId,
    String appId,
    String name,
    List<String> tags,
    String description,
    String jobType,
    @JsonProperty("disabledCI") Boolean disabledCI,
    @JsonProperty("disabledCD") Boolean disabledCD,
    Boolean suspended) {

  public JobSummary {
    tags = tags == null ? null : Collections.unmodifiableList(new ArrayList<>(tags));
  }
}
