package com.northflank.operator.client;

import java.util.Objects;

/**
 * Identifies a project. With a team ID the team-scoped routes are used, which organisation-scoped
 * tokens need.
 *
 * @param teamId optional; {@code null} selects the plain project routes
 */
public record ProjectRef(String teamId, String projectId) {

  public ProjectRef {
    requireId("projectId", projectId);
    if (teamId != null) {
      requireId("teamId", teamId);
    }
  }

  /** The job of this project with the given ID. */
  public JobRef job(String jobId) {
    return new JobRef(teamId, projectId, jobId);
  }

  /** How messages name the project: {@code project P} or {@code team T, project P}. */
  String describe() {
    return (teamId == null ? "" : "team " + teamId + ", ") + "project " + projectId;
  }

  // A blank ID would produce an empty path segment and so a different route.
  private static void requireId(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
