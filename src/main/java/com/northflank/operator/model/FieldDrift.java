package com.northflank.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One declared field whose live value differs; values are rendered as text. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FieldDrift(
    @JsonPropertyDescription(
            "Dotted path of the field under spec.job, e.g. settings.cron.schedule.")
        String field,
    @JsonPropertyDescription("Declared value.") String desired,
    @JsonPropertyDescription("Live value, or <absent> when the live job lacks the field.")
        String actual,
    @JsonPropertyDescription(
            "Whether Northflank's PATCH can change this field, so that driftPolicy: Correct puts"
                + " it back; false means it needs a change in Northflank by hand.")
        Boolean correctable) {

  /**
   * The longest desired or actual value a status shows: the status holds up to {@link
   * NorthflankJobStatus#MAX_DRIFT_ENTRIES} entries and must stay far below what the API server
   * stores.
   */
  public static final int MAX_VALUE_LENGTH = 256;

  /** The same entry with its values cut to {@link #MAX_VALUE_LENGTH}, marked where cut. */
  public FieldDrift bounded() {
    String shownDesired = TextLimit.cut(desired, MAX_VALUE_LENGTH);
    String shownActual = TextLimit.cut(actual, MAX_VALUE_LENGTH);
    return shownDesired == desired && shownActual == actual
        ? this
        : new FieldDrift(field, shownDesired, shownActual, correctable);
  }

  /** What {@link #actual} shows for a declared field the live job does not have. */
  public static final String ABSENT = "<absent>";
}
