package com.northflank.operator.playground.simulator;

/**
 * The job operations the simulator serves, each with the path suffix the official js-client builds
 * under {@code /v1/projects/{projectId}/} and its team-scoped twin.
 */
enum Route {
  LIST_JOBS("GET", "jobs"),
  CREATE_JOB("POST", "jobs"),
  GET_JOB("GET", "jobs/{jobId}"),
  PATCH_JOB("PATCH", "jobs/{jobId}"),
  DELETE_JOB("DELETE", "jobs/{jobId}"),
  SUSPEND_JOB("POST", "jobs/{jobId}/suspend"),
  GET_JOB_RUNS("GET", "jobs/{jobId}/runs");

  static final String PROJECT_PREFIX = "/v1/projects/{projectId}/";
  static final String TEAM_PREFIX = "/v1/teams/{teamId}/projects/{projectId}/";

  private final String method;
  private final String suffix;

  Route(String method, String suffix) {
    this.method = method;
    this.suffix = suffix;
  }

  String method() {
    return method;
  }

  /** The counter key of the project-scoped form, e.g. {@code GET /v1/projects/{projectId}/jobs}. */
  String projectKey() {
    return method + " " + PROJECT_PREFIX + suffix;
  }

  /** The counter key of the team-scoped form. */
  String teamKey() {
    return method + " " + TEAM_PREFIX + suffix;
  }

  String suffix() {
    return suffix;
  }
}
