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
@ValidationRule(
    value =
        "!has(self.creationPolicy) || self.creationPolicy == 'Never' || (has(self.job)"
            + " && has(self.job.name) && has(self.job.billing)"
            + " && has(self.job.billing.deploymentPlan) && has(self.job.settings)"
            + " && has(self.job.settings.backoffLimit) && has(self.creation)"
            + " && has(self.creation.deployment))",
    message = NorthflankJobSpec.CREATION_NEEDS)
@ValidationRule(
    value =
        "!has(self.creationPolicy) || self.creationPolicy == 'Never' || !has(self.job)"
            + " || !has(self.job.name) || (self.job.name.size() >= 3 && self.job.name.matches('"
            + JobNames.CREATABLE_NAME_PATTERN
            + "') && self.job.name.lowerAscii().replace(' ', '-') == self.jobId)",
    message = JobNames.DERIVATION_MESSAGE,
    fieldPath = ".job.name")
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
        Boolean observeRuns,
    // no schema default: unset reads as Never (creationPolicyOrDefault), so that a resource
    // stored before the field existed, or written without it, stays exactly as it was
    @SchemaFrom(type = AllowedValues.CreationPolicy.class)
        @JsonPropertyDescription(
            "Never (the default when unset): the job must exist; the operator only reads it (and corrects it"
                + " under driftPolicy Correct). IfAbsent: the operator creates the job when no job"
                + " with jobId exists, and adopts an existing one that no other resource owns."
                + " MustCreate: the operator creates the job; an existing job it did not create is"
                + " left alone (Synced=False, AlreadyExists). Creating needs job.name (from which"
                + " Northflank derives jobId), job.billing.deploymentPlan, job.settings.backoffLimit"
                + " and creation.deployment, and the token's permission Project > Jobs > General >"
                + " Create.")
        String creationPolicy,
    // unset reads as Orphan (deletesOwnedJob), for the same reason
    @SchemaFrom(type = AllowedValues.DeletionPolicy.class)
        @JsonPropertyDescription(
            "Orphan (the default when unset): deleting the resource leaves the job in Northflank. Delete: deleting"
                + " the resource deletes the job, only if this resource owns it (created it, or"
                + " adopted it under IfAbsent); a finalizer holds the resource until the job is"
                + " gone. Setting Orphan again lets a resource being deleted go at once.")
        String deletionPolicy,
    @JsonPropertyDescription(
            "Create-only fields, applied once when the operator creates the job (creationPolicy"
                + " IfAbsent or MustCreate) and never again: the deployment source and the Secret"
                + " whose keys become runtime variables.")
        JobCreation creation) {

  public static final String REPORT = "Report";
  public static final String CORRECT = "Correct";
  public static final String NEVER = "Never";
  public static final String IF_ABSENT = "IfAbsent";
  public static final String MUST_CREATE = "MustCreate";
  public static final String ORPHAN = "Orphan";
  public static final String DELETE = "Delete";

  /** Why a resource with a creation policy is refused, for the CRD and the operator alike. */
  public static final String CREATION_NEEDS =
      "a creationPolicy other than Never needs job.name, job.billing.deploymentPlan,"
          + " job.settings.backoffLimit and creation.deployment (exactly one source)";

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

  /** Without lifecycle policies: Never creates, Orphans on deletion, as before they existed. */
  public NorthflankJobSpec(
      String projectId,
      String jobId,
      String teamId,
      Credentials credentials,
      String syncInterval,
      JobDefinition job,
      String driftPolicy,
      Boolean observeRuns) {
    this(
        projectId,
        jobId,
        teamId,
        credentials,
        syncInterval,
        job,
        driftPolicy,
        observeRuns,
        null,
        null,
        null);
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

  /** The same spec with other lifecycle policies and create-only fields. */
  public NorthflankJobSpec withLifecycle(
      String creation, String deletion, JobCreation createOnly) {
    Copy copy = new Copy(this);
    copy.creationPolicy = creation;
    copy.deletionPolicy = deletion;
    copy.creation = createOnly;
    return copy.spec();
  }

  /** creationPolicy, Never when unset. */
  public String creationPolicyOrDefault() {
    if (IF_ABSENT.equalsIgnoreCase(creationPolicy)) {
      return IF_ABSENT;
    }
    return MUST_CREATE.equalsIgnoreCase(creationPolicy) ? MUST_CREATE : NEVER;
  }

  /** Whether the resource asks the operator to create its job (IfAbsent or MustCreate). */
  public boolean creates() {
    return !NEVER.equals(creationPolicyOrDefault());
  }

  /**
   * What keeps the operator from creating the job this spec declares, when it asks for a create:
   * a field the create request needs, or a name that would not give spec.jobId. The CRD's CEL rules
   * say the same; this is the operator's own check, for a cluster that does not enforce them.
   */
  public java.util.Optional<String> creationProblem() {
    if (!creates()) {
      return java.util.Optional.empty();
    }
    if (job == null
        || job.name() == null
        || job.billing() == null
        || job.billing().deploymentPlan() == null
        || job.settings() == null
        || job.settings().backoffLimit() == null
        || creation == null
        || creation.deployment() == null
        || creation.deployment().sources() != 1) {
      return java.util.Optional.of(CREATION_NEEDS);
    }
    if (!JobNames.derivedId(job.name()).map(jobId::equals).orElse(false)) {
      return java.util.Optional.of(JobNames.DERIVATION_MESSAGE);
    }
    return java.util.Optional.empty();
  }

  /** Whether deleting the resource deletes the job it owns (deletionPolicy Delete). */
  public boolean deletesOwnedJob() {
    return DELETE.equalsIgnoreCase(deletionPolicy);
  }

  /**
   * Whether the resource ever writes to its job: creates it, corrects it or deletes it. A resource
   * that does none of these only observes, and claims no job.
   */
  public boolean writes() {
    return creates() || corrects() || deletesOwnedJob();
  }

  /** Whether the operator corrects drift rather than only reporting it; unset means Report. */
  public boolean corrects() {
    return CORRECT.equalsIgnoreCase(driftPolicy);
  }

  /** The same spec with another drift policy. */
  public NorthflankJobSpec withDriftPolicy(String policy) {
    Copy copy = new Copy(this);
    copy.driftPolicy = policy;
    return copy.spec();
  }

  /** The same spec, observing runs or not (null: as the operator does). */
  public NorthflankJobSpec withObserveRuns(Boolean observe) {
    Copy copy = new Copy(this);
    copy.observeRuns = observe;
    return copy.spec();
  }

  /** Whether this resource asks for its runs: unless it says false. */
  public boolean observesRuns() {
    return !Boolean.FALSE.equals(observeRuns);
  }

  /** Northflank IDs are slugs: letters, digits, '-' and '_'; never '/', '.' or spaces. */
  public static final String ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]*$";

  /** A Go-style duration made of whole-number parts, e.g. 90s, 5m, 1h30m. */
  public static final String DURATION_PATTERN = "^([0-9]+(ms|s|m|h))+$";

  /**
   * The spec field by field, for the withers: each changes what it names and keeps the rest, so
   * the whole list is written here once.
   */
  private static final class Copy {
    private String projectId;
    private String jobId;
    private String teamId;
    private Credentials credentials;
    private String syncInterval;
    private JobDefinition job;
    private String driftPolicy;
    private Boolean observeRuns;
    private String creationPolicy;
    private String deletionPolicy;
    private JobCreation creation;

    Copy(NorthflankJobSpec spec) {
      projectId = spec.projectId;
      jobId = spec.jobId;
      teamId = spec.teamId;
      credentials = spec.credentials;
      syncInterval = spec.syncInterval;
      job = spec.job;
      driftPolicy = spec.driftPolicy;
      observeRuns = spec.observeRuns;
      creationPolicy = spec.creationPolicy;
      deletionPolicy = spec.deletionPolicy;
      creation = spec.creation;
    }

    NorthflankJobSpec spec() {
      return new NorthflankJobSpec(
          projectId,
          jobId,
          teamId,
          credentials,
          syncInterval,
          job,
          driftPolicy,
          observeRuns,
          creationPolicy,
          deletionPolicy,
          creation);
    }
  }
}
