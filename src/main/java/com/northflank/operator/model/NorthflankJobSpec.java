package com.northflank.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Which Northflank job to watch, with which credentials, and what it should look like. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
// on the record, not its component: the generator would emit a component's rule twice (field and
// accessor); 10s is the default --min-sync-interval, 24h the longest interval
@ValidationRule(
    value =
        "!has(self.syncInterval) || !self.syncInterval.matches('"
            + NorthflankJobSpec.DURATION_PATTERN
            + "') || (duration(self.syncInterval) >= duration('10s')"
            + " && duration(self.syncInterval) <= duration('24h'))",
    message = "syncInterval must be between 10s and 24h",
    fieldPath = ".syncInterval")
public record NorthflankJobSpec(
    @Required
        @Pattern(NorthflankJobSpec.ID_PATTERN)
        @Size(max = 100)
        @JsonPropertyDescription("ID of the Northflank project that holds the job.")
        String projectId,
    @Required
        @Pattern(NorthflankJobSpec.ID_PATTERN)
        @Size(max = 100)
        @JsonPropertyDescription("ID of the Northflank job.")
        String jobId,
    @Pattern(NorthflankJobSpec.ID_PATTERN)
        @Size(max = 100)
        @JsonPropertyDescription(
            "ID of the Northflank team; when set the team-scoped API routes are used"
                + " (needed with organisation-scoped tokens).")
        String teamId,
    @JsonPropertyDescription("API token for this job; when absent the operator-wide token is used.")
        Credentials credentials,
    @Pattern(NorthflankJobSpec.DURATION_PATTERN)
        @Size(max = SchemaBounds.DURATION_LENGTH)
        @JsonPropertyDescription(
            "How often the live job is read, as a duration such as 90s, 5m or 1h;"
                + " defaults to the operator's --sync-interval.")
        String syncInterval,
    @JsonPropertyDescription(
            "Desired state of the job, mirroring the fields of Northflank's Get Job response."
                + " Only the fields set here are compared with the live job.")
        JobDefinition job,
    @SchemaFrom(type = AllowedValues.DriftPolicy.class)
        @Default(NorthflankJobSpec.REPORT)
        @JsonPropertyDescription(
            "Report (default): drift is only reported. Correct: the operator also sends one PATCH"
                + " with the drifted fields Northflank's PATCH can change, so the live job matches"
                + " spec.job again; it writes to the Northflank account with the token's"
                + " permissions (Project > Jobs > General > Update). Fields PATCH cannot change"
                + " stay reported.")
        String driftPolicy,
    @JsonPropertyDescription(
            "Whether the operator reads the job's runs (one more request per interval, counted in"
                + " the request budget) to show the last run in status.lastRun and the"
                + " LastRunSucceeded condition. Default: true, unless the operator runs with"
                + " --observe-runs=false, which turns it off for every resource. false: no runs"
                + " request at all, and lastRun is removed from the status.")
        Boolean observeRuns) {

  public static final String REPORT = "Report";
  public static final String CORRECT = "Correct";

  /** Without a drift policy ({@link #REPORT}), observing runs as the operator does. */
  public NorthflankJobSpec(
      String projectId,
      String jobId,
      String teamId,
      Credentials credentials,
      String syncInterval,
      JobDefinition job) {
    this(projectId, jobId, teamId, credentials, syncInterval, job, null, null);
  }

  /** Observing runs as the operator does. */
  public NorthflankJobSpec(
      String projectId,
      String jobId,
      String teamId,
      Credentials credentials,
      String syncInterval,
      JobDefinition job,
      String driftPolicy) {
    this(projectId, jobId, teamId, credentials, syncInterval, job, driftPolicy, null);
  }

  /** Whether the operator corrects drift rather than only reporting it; unset means Report. */
  public boolean corrects() {
    return CORRECT.equalsIgnoreCase(driftPolicy);
  }

  /** The same spec with another drift policy. */
  public NorthflankJobSpec withDriftPolicy(String policy) {
    return new NorthflankJobSpec(
        projectId, jobId, teamId, credentials, syncInterval, job, policy, observeRuns);
  }

  /** The same spec, observing runs or not (null: as the operator does). */
  public NorthflankJobSpec withObserveRuns(Boolean observe) {
    return new NorthflankJobSpec(
        projectId, jobId, teamId, credentials, syncInterval, job, driftPolicy, observe);
  }

  /** Whether this resource asks for its runs: unless it says false. */
  public boolean observesRuns() {
    return !Boolean.FALSE.equals(observeRuns);
  }

  /** Northflank IDs are slugs: letters, digits, '-' and '_'; never '/', '.' or spaces. */
  public static final String ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]*$";

  /** A Go-style duration made of whole-number parts, e.g. 90s, 5m, 1h30m. */
  public static final String DURATION_PATTERN = "^([0-9]+(ms|s|m|h))+$";
}
