package com.northflank.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What Northflank needs only to create a job and Get Job never returns, shaped like the create
 * request (Crossplane's {@code initProvider}): applied once, when the operator creates the job, and
 * never again. A later change is reported in a condition message, not applied.
 *
 * @param deployment where the job's image comes from: exactly one source
 * @param runtimeEnvironmentSecretRef a Secret of the resource's namespace whose keys become the
 *     job's runtime variables; read only to create the job, never logged or shown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobCreation(
    @JsonPropertyDescription(
            "Where the job's image comes from, as the create request takes it: exactly one of"
                + " external, internal or vcs.")
        Source deployment,
    @JsonPropertyDescription(
            "A Secret in the resource's own namespace whose keys become the job's runtime"
                + " variables when the job is created. Its values are never logged, nor shown in"
                + " status or Events.")
        SecretRef runtimeEnvironmentSecretRef) {

  /** The deployment source of the create request: exactly one of the three. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @ValidationRule(
      value =
          "(has(self.external) ? 1 : 0) + (has(self.internal) ? 1 : 0)"
              + " + (has(self.vcs) ? 1 : 0) == 1",
      message = "deployment needs exactly one source: external, internal or vcs")
  public record Source(
      @JsonPropertyDescription("Deploy an image from a container registry.")
          ExternalImage external,
      @JsonPropertyDescription("Deploy what a Northflank build service built.")
          InternalBuild internal,
      @JsonPropertyDescription("Build the job from a Git repository.") VcsSource vcs) {

    /** How many sources are set: 1 for a valid source. */
    public int sources() {
      return (external == null ? 0 : 1) + (internal == null ? 0 : 1) + (vcs == null ? 0 : 1);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ExternalImage(
      @Required
          @Size(min = 1, max = SchemaBounds.URL_LENGTH)
          @JsonPropertyDescription(
              "Image to deploy, e.g. ghcr.io/acme/report:1.4; without a registry host, Docker"
                  + " Hub.")
          String imagePath,
      @Size(max = SchemaBounds.ID_LENGTH)
          @Pattern("^[A-Za-z0-9-]+$")
          @JsonPropertyDescription(
              "ID of the registry credentials saved in Northflank to pull the image with.")
          String credentials) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InternalBuild(
      @Required
          @Size(min = 3, max = 54)
          @Pattern("^[a-zA-Z](-?[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*)?$")
          @JsonPropertyDescription("ID of the Northflank build service whose builds are deployed.")
          String id,
      @Size(max = SchemaBounds.NAME_LENGTH)
          @JsonPropertyDescription("Branch whose build is deployed.")
          String branch,
      @Size(max = 40)
          @JsonPropertyDescription("Commit SHA of the build to deploy (40 characters), or latest.")
          String buildSHA,
      @Size(max = SchemaBounds.ID_LENGTH)
          @JsonPropertyDescription("ID of the build to deploy.")
          String buildId) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VcsSource(
      @Required
          @Size(min = 1, max = SchemaBounds.URL_LENGTH)
          @JsonPropertyDescription("URL of the Git repository to build.")
          String projectUrl,
      @Required
          @SchemaFrom(type = AllowedValues.VcsProvider.class)
          @JsonPropertyDescription("VCS provider of the repository.")
          String projectType,
      @Required
          @Size(min = 1, max = SchemaBounds.NAME_LENGTH)
          @JsonPropertyDescription("Branch to build.")
          String projectBranch,
      @Size(max = SchemaBounds.ID_LENGTH)
          @JsonPropertyDescription("ID of the self-hosted VCS (projectType self-hosted).")
          String selfHostedVcsId,
      @Size(max = SchemaBounds.NAME_LENGTH)
          @JsonPropertyDescription("Login of the linked VCS account to use, when several are linked.")
          String accountLogin,
      @Size(min = 24, max = 24)
          @JsonPropertyDescription("ID of the linked VCS account to use, when several are linked.")
          String vcsLinkId) {}

  /** A Secret of the resource's own namespace, by name: every key of it is used. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SecretRef(
      @Required
          @Size(max = SchemaBounds.DNS_SUBDOMAIN_LENGTH)
          @Pattern(SchemaBounds.DNS_SUBDOMAIN)
          @JsonPropertyDescription("Name of the Secret, in the resource's own namespace.")
          String name) {}
}
