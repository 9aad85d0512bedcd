package com.northflank.operator.client;

import java.util.Objects;

/**
 * Identifies a job. With a team ID the team-scoped route is used, which organisation-scoped tokens
 * need.
 *
 * @param teamId optional; {@code null} selects the plain project route
 */
public record JobRef(String teamId, String projectId, String jobId) {

  public JobRef {
    requireId("projectId", projectId);
    requireId("jobId", jobId);
    if (teamId != null) {
      requireId("teamId", teamId);
    }
  }

  /**
   * Names the job for messages, e.g. {@code project default-project, job example-job}; route
   * templates stay apart from it because they are bounded metrics labels.
   */
  public String describe() {
    String job = "project " + projectId + ", job " + jobId;
    return teamId == null ? job : "team " + teamId + ", " + job;
  }

  // A blank ID would produce an empty path segment and so a different route.
  private static void requireId(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
