package com.northflank.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** A condition in the shape of Kubernetes' metav1.Condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@SchemaCustomizer(IntegerFormats.class)
public record Condition(
    @Required @JsonPropertyDescription("Ready, Synced, Drifted, Stalled or LastRunSucceeded.")
        String type,
    @Required
        @SchemaFrom(type = Condition.Status.class)
        @JsonPropertyDescription("True, False or Unknown.")
        String status,
    @Required @JsonPropertyDescription("CamelCase reason for the last transition.") String reason,
    @JsonPropertyDescription("Human-readable detail.") String message,
    @Required @JsonPropertyDescription("When status last changed (not reason or message).")
        String lastTransitionTime,
    @Min(0)
    @Max(SchemaBounds.INT64_EXACT_MAX)
    @JsonPropertyDescription("metadata.generation this condition was computed for.")
        Long observedGeneration) {

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  /** Schema-only: the allowed values of {@link #status}. */
  public enum Status {
    True,
    False,
    Unknown
  }
}
