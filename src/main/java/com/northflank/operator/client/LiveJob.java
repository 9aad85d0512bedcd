package com.northflank.operator.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code data} object of a Get Job response, after {@code GetJobResult} in
 * {@code @northflank/js-client} 0.9.5 (newer than the public docs page).
 *
 * <p>The API is a moving target: enum-like values are plain strings so that a new value never fails
 * a read, unknown fields are ignored, and every field may be {@code null} because optional objects
 * may be absent. Integers the docs call {@code integer} are {@code Long}; those typed only as
 * {@code number} are {@code BigDecimal} so that a fractional value is not rejected.
 *
 * @param jobType {@code manual | cron}
 * @param createdAt kept as text: the status echoes it verbatim, and a format change must not fail a
 *     read
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LiveJob(
    String id,
    String appId,
    String name,
    List<String> tags,
    String description,
    String projectId,
    String jobType,
    String createdAt,
    VcsData vcsData,
    BuildConfiguration buildConfiguration,
    BuildEngineConfiguration buildEngineConfiguration,
    @JsonProperty("disabledCI") Boolean disabledCI,
    @JsonProperty("disabledCD") Boolean disabledCD,
    Deployment deployment,
    Billing billing,
    Boolean suspended,
    Settings settings,
    Cluster cluster) {

  public LiveJob {
    tags = frozen(tags);
  }

  /**
   * @param projectType {@code bitbucket | gitlab | github | self-hosted | azure}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VcsData(
      String projectUrl,
      String projectType,
      String selfHostedVcsId,
      String projectBranch,
      Boolean publicRepo,
      String dockerWorkDir,
      String dockerFilePath) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BuildConfiguration(
      List<String> pathIgnoreRules,
      @JsonProperty("isAllowList") Boolean isAllowList,
      Boolean ciIgnoreFlagsEnabled,
      List<String> ciIgnoreFlags,
      String dockerfileTarget,
      List<String> dockerCredentials,
      Boolean includeGitFolder,
      Boolean fullGitClone,
      Boolean enableGitLfs,
      BuildStorage storage) {

    public BuildConfiguration {
      pathIgnoreRules = frozen(pathIgnoreRules);
      ciIgnoreFlags = frozen(ciIgnoreFlags);
      dockerCredentials = frozen(dockerCredentials);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BuildStorage(BuildEphemeralStorage ephemeralStorage) {}

  /** Per build, in MB. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BuildEphemeralStorage(Long storageSize) {}

  /**
   * @param buildEngine {@code buildpack | buildkit | kaniko}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BuildEngineConfiguration(
      String buildEngine, Buildpack buildpack, Buildkit buildkit, Kaniko kaniko) {}

  /**
   * @param builder {@code HEROKU_24 | HEROKU_22 | ... | PAKETO_FULL}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Buildpack(String builder, List<String> buildpackLocators, Boolean useCache) {

    public Buildpack {
      buildpackLocators = frozen(buildpackLocators);
    }
  }

  /**
   * {@code internalCacheStorage} is raw JSON on purpose: GetJobResult types it {@code boolean}
   * while its own description ("Storage size to use for internal cache") and every other buildkit
   * type in the same package say {@code number}. Either shape must not fail a read.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Buildkit(
      Boolean useCache, Boolean useInternalCache, JsonNode internalCacheStorage) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Kaniko(Boolean useCache) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Deployment(
      String region,
      BuildpackOverride buildpack,
      DockerOverride docker,
      DeploymentStorage storage) {}

  /**
   * @param configType {@code default | customProcess | customCommand |
   *     customEntrypointCustomCommand | originalEntrypointCustomCommand}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BuildpackOverride(
      String configType, String customProcess, String customEntrypoint, String customCommand) {}

  /**
   * @param configType {@code default | customEntrypoint | customCommand |
   *     customEntrypointCustomCommand}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DockerOverride(String configType, String customEntrypoint, String customCommand) {}

  /** Sizes in MB. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DeploymentStorage(
      DeploymentEphemeralStorage ephemeralStorage, BigDecimal shmSize) {}

  /** Per container, in MB. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DeploymentEphemeralStorage(BigDecimal storageSize) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Billing(String deploymentPlan) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Settings(Cron cron, Long backoffLimit, Long activeDeadlineSeconds) {}

  /**
   * @param concurrencyPolicy {@code Allow | Forbid | Replace} here; the PATCH endpoints take lower
   *     case
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Cron(String schedule, String concurrencyPolicy) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Cluster(String id, String name, String namespace, List<String> loadBalancers) {

    public Cluster {
      loadBalancers = frozen(loadBalancers);
    }
  }

  // Unmodifiable but null-tolerant: a null element is odd, not worth failing a read over.
  private static <T> List<T> frozen(List<T> list) {
    return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
  }
}
