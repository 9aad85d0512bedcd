package com.northflank.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/**
 * The last correcting PATCH the API answered, applied or rejected. Kept in the status, so that the
 * limit of one correction per interval and the hold on a rejected spec survive an operator restart,
 * and so that people can see what the operator changed in Northflank.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@SchemaCustomizer(IntegerFormats.class)
public record LastCorrection(
    @JsonPropertyDescription("When the PATCH was answered.") String time,
    @JsonPropertyDescription("The spec.job fields it carried.") List<String> fields,
    @SchemaFrom(type = LastCorrection.Result.class)
        @JsonPropertyDescription(
            "Applied: Northflank took the change. Rejected: Northflank refused it; not tried again"
                + " until the spec changes.")
        String result,
    @Min(0)
    @Max(SchemaBounds.INT64_EXACT_MAX)
    @JsonPropertyDescription("metadata.generation of the spec it was computed from.")
        Long generation,
    @JsonPropertyDescription("Northflank's reason, when it refused the change.") String message) {

  public static final String APPLIED = "Applied";
  public static final String REJECTED = "Rejected";

  public LastCorrection {
    fields = fields == null ? null : List.copyOf(fields);
  }

  public boolean applied() {
    return APPLIED.equals(result);
  }

  public boolean rejected() {
    return REJECTED.equals(result);
  }

  /** Schema-only: the allowed values of {@link #result}. */
  public enum Result {
    Applied,
    Rejected
  }
}
