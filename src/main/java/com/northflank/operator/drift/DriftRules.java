package com.northflank.operator.drift;

import java.util.Set;

/**
 * Which spec.job paths get special treatment during drift comparison. Kept as plain path sets in
 * one place so that a test can hold them against the generated CRD: a new enum or list field in the
 * model must be classified here, or that test fails.
 */
public final class DriftRules {

  /** Lists whose order and duplicates carry no meaning; compared as sets. */
  public static final Set<String> SET_LIKE_LISTS =
      Set.of(
          "tags",
          "buildConfiguration.pathIgnoreRules",
          "buildConfiguration.ciIgnoreFlags",
          "buildConfiguration.dockerCredentials");

  /**
   * Lists whose order matters (buildpacks run in the listed order). Any list not in {@link
   * #SET_LIKE_LISTS} is compared in order anyway; naming them here documents that the choice was
   * made on purpose.
   */
  public static final Set<String> ORDERED_LISTS =
      Set.of("buildEngineConfiguration.buildpack.buildpackLocators");

  /**
   * String enums whose values compare without regard to case: Get Job answers {@code Allow} where
   * PATCH takes {@code allow}, and the same value must not read as drift because of its casing.
   */
  public static final Set<String> ENUM_FIELDS =
      Set.of(
          "jobType",
          "vcsData.projectType",
          "buildEngineConfiguration.buildEngine",
          "buildEngineConfiguration.buildpack.builder",
          "deployment.buildpack.configType",
          "deployment.docker.configType",
          "settings.cron.concurrencyPolicy");

  private DriftRules() {}

  static boolean isSetLike(String path) {
    return SET_LIKE_LISTS.contains(path);
  }

  static boolean isEnum(String path) {
    return ENUM_FIELDS.contains(path);
  }
}
