package com.northflank.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The Northflank cluster a job runs on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterStatus(
    @JsonPropertyDescription("Cluster ID.") String id,
    @JsonPropertyDescription("Cluster name.") String name,
    @JsonPropertyDescription("Namespace the job runs in on that cluster.") String namespace) {}
