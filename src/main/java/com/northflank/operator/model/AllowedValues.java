package com.northflank.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The enum values the Northflank API documents, used only to generate the CRD schema (through
 * {@code @SchemaFrom}). The Java fields stay {@code String} so that a value the operator does not
 * know yet never breaks reading a resource.
 */
public final class AllowedValues {

  private AllowedValues() {}

  public enum JobType {
    manual,
    cron
  }

  public enum VcsProvider {
    bitbucket,
    gitlab,
    github,
    @JsonProperty("self-hosted")
    selfHosted,
    azure
  }

  public enum BuildEngine {
    buildpack,
    kaniko,
    buildkit
  }

  public enum Builder {
    HEROKU_24,
    HEROKU_22,
    HEROKU_22_CLASSIC,
    HEROKU_20,
    HEROKU_18,
    GOOGLE_22,
    GOOGLE_V1,
    CNB_ALPINE,
    CNB_BIONIC,
    PAKETO_JAMMY_TINY,
    PAKETO_JAMMY_BASE,
    PAKETO_JAMMY_FULL,
    PAKETO_TINY,
    PAKETO_BASE,
    PAKETO_FULL
  }

  public enum BuildpackConfigType {
    @JsonProperty("default")
    defaultConfig,
    customProcess,
    customCommand,
    customEntrypointCustomCommand,
    originalEntrypointCustomCommand
  }

  public enum DockerConfigType {
    @JsonProperty("default")
    defaultConfig,
    customEntrypoint,
    customCommand,
    customEntrypointCustomCommand
  }

  /** Get Job returns the capitalised form, PATCH takes the lower-case one: both are accepted. */
  public enum ConcurrencyPolicy {
    Allow,
    Forbid,
    Replace,
    allow,
    forbid,
    replace
  }

  /** spec.driftPolicy. */
  public enum DriftPolicy {
    Report,
    Correct
  }

  /** spec.creationPolicy. */
  public enum CreationPolicy {
    Never,
    IfAbsent,
    MustCreate
  }

  /** spec.deletionPolicy. */
  public enum DeletionPolicy {
    Orphan,
    Delete
  }

  /** status.ownership. */
  public enum Ownership {
    Created,
    Adopted,
    Observed
  }
}
