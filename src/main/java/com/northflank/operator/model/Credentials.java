package com.northflank.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Where the API token for one resource lives. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Credentials(
    @Required
        @JsonPropertyDescription(
            "Secret in the resource's own namespace that holds the Northflank API token.")
        SecretKeyRef secretRef) {}
