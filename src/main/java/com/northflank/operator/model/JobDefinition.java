package com.northflank.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The desired state of a Northflank job: every user-declarable field of the Get Job response, all
 * optional. Server-owned fields (id, appId, projectId, createdAt, cluster) are not here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
    value =
        "!has(self.settings) || !has(self.settings.cron) || !has(self.jobType)"
            + " || self.jobType == 'cron'",
    message = "settings.cron applies only to cron jobs (jobType: cron)")
@ValidationRule(
    value =
        "!has(self.suspended) || !self.suspended || !has(self.jobType)"
            + " || self.jobType == 'cron'",
    message = "suspended: true applies only to cron jobs (jobType: cron)")
public record JobDefinition(
    @Size(max = 52)
    @JsonPropertyDescription("Job name.") String name,
    @Size(max = 200)
    @JsonPropertyDescription("A short description of the job.") String description,
    @Size(max = SchemaBounds.LIST_ITEMS)
    @JsonPropertyDescription("Tags that identify and group the job; compared as a set.")
        List<@Size(min = 3, max = 39) @Pattern(TAG_PATTERN) String> tags,
    @SchemaFrom(type = AllowedValues.JobType.class)
        @JsonPropertyDescription("Type of the job: manual or cron.")
        String jobType,
    @JsonPropertyDescription(
            "The repository the job is built from: VCS provider, URL, branch and where the"
                + " Dockerfile is.")
        VcsData vcsData,
    @JsonPropertyDescription(
            "How commits are built: which changed paths and commit messages trigger a build,"
                + " docker credentials, git options and the storage of each build.")
        BuildConfiguration buildConfiguration,
    @JsonPropertyDescription(
            "Which engine builds the job's image (buildpack, buildkit or kaniko), and its"
                + " settings.")
        BuildEngineConfiguration buildEngineConfiguration,
    @JsonProperty("disabledCI")
        @JsonPropertyDescription("Whether Continuous Integration is disabled.")
        Boolean disabledCI,
    @JsonProperty("disabledCD")
        @JsonPropertyDescription("Whether Continuous Deployment is disabled.")
        Boolean disabledCD,
    @JsonPropertyDescription(
            "Where and how the job's containers run: region, entrypoint and command overrides,"
                + " storage.")
        Deployment deployment,
    @JsonPropertyDescription("How the job is billed: the deployment plan its containers run on.")
        Billing billing,
    @JsonPropertyDescription("Cron jobs only: whether automatic scheduling is suspended.")
        Boolean suspended,
    @JsonPropertyDescription(
            "How runs go: the cron schedule and concurrency (cron jobs), retries and the time"
                + " limit of a run.")
        JobSettings settings) {

  public static final String TAG_PATTERN = "^[a-zA-Z](-?[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*)?$";

  /** The repository the job is built from. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VcsData(
      @Size(max = SchemaBounds.URL_LENGTH)
      @JsonPropertyDescription("URL of the repository being built.") String projectUrl,
      @SchemaFrom(type = AllowedValues.VcsProvider.class)
          @JsonPropertyDescription("VCS provider of the repository.")
          String projectType,
      @Size(max = SchemaBounds.ID_LENGTH)
      @JsonPropertyDescription("ID of the self-hosted VCS, if applicable.") String selfHostedVcsId,
      @Size(max = SchemaBounds.NAME_LENGTH)
      @JsonPropertyDescription("Branch of the repository being built.") String projectBranch,
      @JsonPropertyDescription("Whether the repository is read without authentication.")
          Boolean publicRepo,
      @Size(max = SchemaBounds.NAME_LENGTH)
      @JsonPropertyDescription("Working directory used by the Dockerfile.") String dockerWorkDir,
      @Size(max = SchemaBounds.NAME_LENGTH)
      @JsonPropertyDescription("File path of the Dockerfile.") String dockerFilePath) {}

  /** When and how commits are built. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BuildConfiguration(
      @Size(max = SchemaBounds.LIST_ITEMS)
      @JsonPropertyDescription("Path ignore rules in .gitignore syntax; compared as a set.")
          List<@Size(max = 260) String> pathIgnoreRules,
      @JsonProperty("isAllowList")
          @JsonPropertyDescription("If true, pathIgnoreRules selects what is built instead.")
          Boolean isAllowList,
      @JsonPropertyDescription("Whether commit ignore flags are enabled.")
          Boolean ciIgnoreFlagsEnabled,
      @Size(max = SchemaBounds.LIST_ITEMS)
      @JsonPropertyDescription("Commit ignore flags; compared as a set.")
          List<@Size(max = 72) String> ciIgnoreFlags,
      @Size(max = SchemaBounds.NAME_LENGTH)
      @JsonPropertyDescription("Target stage of a multi-stage Dockerfile.") String dockerfileTarget,
      @Size(max = SchemaBounds.LIST_ITEMS)
      @JsonPropertyDescription("IDs of the docker credentials to use; compared as a set.")
          List<@Size(max = SchemaBounds.ID_LENGTH) @Pattern("^[A-Za-z0-9-]+$") String>
              dockerCredentials,
      @JsonPropertyDescription("Include the .git folder in the build context.")
          Boolean includeGitFolder,
      @JsonPropertyDescription("Clone the entire git history (with includeGitFolder).")
          Boolean fullGitClone,
      @JsonPropertyDescription("Enable Git LFS support for the build.") Boolean enableGitLfs,
      @JsonPropertyDescription("Storage available to each build.") BuildStorage storage) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BuildStorage(
      @JsonPropertyDescription("The ephemeral disk of each build.")
          EphemeralBuildStorage ephemeralStorage) {}

  /**
   * The API documents both an enum and a 16384..65536 range for this value; the schema keeps both.
   * Annotations cannot express an integer enum, hence the customizer (which replaces the whole
   * property schema).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @SchemaCustomizer(
      value = SchemaCustomizer.MergePatchCustomizer.class,
      input =
          "{\"properties\":{\"storageSize\":{\"type\":\"integer\","
              + "\"description\":\"Ephemeral storage per build in MB.\","
              + "\"minimum\":16384,\"maximum\":65536,"
              + "\"enum\":[16384,32768,65536,131072,262144,524288]}}}")
  @SchemaCustomizer(IntegerFormats.class)
  public record EphemeralBuildStorage(Long storageSize) {}

  /** Which engine builds the image, and its settings. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @ValidationRule(
      value = "!has(self.buildpack) || !has(self.buildEngine) || self.buildEngine == 'buildpack'",
      message = "buildpack settings apply only with buildEngine: buildpack")
  @ValidationRule(
      value = "!has(self.buildkit) || !has(self.buildEngine) || self.buildEngine == 'buildkit'",
      message = "buildkit settings apply only with buildEngine: buildkit")
  @ValidationRule(
      value = "!has(self.kaniko) || !has(self.buildEngine) || self.buildEngine == 'kaniko'",
      message = "kaniko settings apply only with buildEngine: kaniko")
  public record BuildEngineConfiguration(
      @SchemaFrom(type = AllowedValues.BuildEngine.class)
          @JsonPropertyDescription("The build engine used.")
          String buildEngine,
      @JsonPropertyDescription("Settings of the buildpack engine (buildEngine: buildpack).")
          BuildpackEngine buildpack,
      @JsonPropertyDescription("Settings of the BuildKit engine (buildEngine: buildkit).")
          BuildkitEngine buildkit,
      @JsonPropertyDescription("Settings of the Kaniko engine (buildEngine: kaniko).")
          KanikoEngine kaniko) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BuildpackEngine(
      @SchemaFrom(type = AllowedValues.Builder.class)
          @JsonPropertyDescription("The Buildpack stack used.")
          String builder,
      @Size(max = SchemaBounds.LIST_ITEMS)
      @JsonPropertyDescription("Custom Buildpacks, in order.")
          List<@Size(max = SchemaBounds.URL_LENGTH) String> buildpackLocators,
      @JsonPropertyDescription("Whether build dependencies are cached.") Boolean useCache) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BuildkitEngine(
      @JsonPropertyDescription("Whether intermediate image layers are cached.") Boolean useCache,
      @JsonPropertyDescription("Whether all layers are kept on persistent storage.")
          Boolean useInternalCache,
      @JsonPropertyDescription("Storage for the internal cache.") Boolean internalCacheStorage) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KanikoEngine(
      @JsonPropertyDescription("Whether intermediate image layers are cached.") Boolean useCache) {}

  /** Where and how the job runs. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Deployment(
      @Size(max = SchemaBounds.ID_LENGTH)
      @JsonPropertyDescription("Region where the job is deployed and built.") String region,
      @JsonPropertyDescription("How an image built with buildpacks is run: process or command.")
          BuildpackOverride buildpack,
      @JsonPropertyDescription(
              "Which entrypoint and command (CMD) the image runs with, instead of its own.")
          DockerOverride docker,
      @JsonPropertyDescription("Storage of the job's containers.") DeploymentStorage storage) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BuildpackOverride(
      @SchemaFrom(type = AllowedValues.BuildpackConfigType.class)
          @JsonPropertyDescription("Type of buildpack run configuration.")
          String configType,
      @Size(max = SchemaBounds.COMMAND_LENGTH)
          @JsonPropertyDescription("Process to run; needed with configType customProcess.")
          String customProcess,
      @Size(max = SchemaBounds.COMMAND_LENGTH)
          @JsonPropertyDescription(
              "Entrypoint to run; needed with configType customEntrypointCustomCommand.")
          String customEntrypoint,
      @Size(max = SchemaBounds.COMMAND_LENGTH)
          @JsonPropertyDescription(
              "Command to run; needed with configType customCommand,"
                  + " customEntrypointCustomCommand or originalEntrypointCustomCommand.")
          String customCommand) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DockerOverride(
      @SchemaFrom(type = AllowedValues.DockerConfigType.class)
          @JsonPropertyDescription("Override configuration used at runtime.")
          String configType,
      @Size(max = SchemaBounds.COMMAND_LENGTH)
          @JsonPropertyDescription(
              "Entrypoint to run instead of the image's, when configType overrides the"
                  + " entrypoint.")
          String customEntrypoint,
      @Size(max = SchemaBounds.COMMAND_LENGTH)
          @JsonPropertyDescription(
              "Command (CMD) to run instead of the image's, when configType overrides the"
                  + " command.")
          String customCommand) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @SchemaCustomizer(IntegerFormats.class)
  public record DeploymentStorage(
      @JsonPropertyDescription("The ephemeral disk of each container.")
          EphemeralStorage ephemeralStorage,
      @Max(SchemaBounds.INT64_EXACT_MAX)
      @Min(0) @JsonPropertyDescription("Memory-backed disk space for /dev/shm, in MB.")
          Long shmSize) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @SchemaCustomizer(IntegerFormats.class)
  public record EphemeralStorage(
      @Max(SchemaBounds.INT64_EXACT_MAX)
      @Min(1) @JsonPropertyDescription("Ephemeral storage per container in MB.")
          Long storageSize) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Billing(
      @Size(min = 1, max = 100)
      @JsonPropertyDescription("ID of the billing plan, e.g. nf-compute-20.")
          String deploymentPlan) {}

  /** Run settings; cron applies to cron jobs only. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @SchemaCustomizer(IntegerFormats.class)
  public record JobSettings(
      @JsonPropertyDescription(
              "Cron jobs only: when runs start, and what happens when one is due while another"
                  + " still runs.")
          CronSettings cron,
      @Max(SchemaBounds.INT32_MAX)
      @Min(0) @JsonPropertyDescription("Attempts to rerun a job before it is marked as failed.")
          Integer backoffLimit,
      @Max(SchemaBounds.INT64_EXACT_MAX)
      @Min(1) @JsonPropertyDescription("Maximum run time in seconds before a run is marked failed.")
          Long activeDeadlineSeconds) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CronSettings(
      @Size(min = 1, max = SchemaBounds.CRON_SCHEDULE_LENGTH)
      @JsonPropertyDescription("Cron schedule in the five-field UNIX format.")
          String schedule,
      @SchemaFrom(type = AllowedValues.ConcurrencyPolicy.class)
          @JsonPropertyDescription(
              "What happens when a run is due while another still runs;"
                  + " Allow, Forbid or Replace (any case).")
          String concurrencyPolicy) {}
}
