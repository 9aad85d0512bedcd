package com.northflank.operator.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A route of the job API: the template names the route in metrics and messages, the path (with its
 * query, if any) is what is sent.
 */
record JobRoute(String template, String path) {

  static final String PROJECT_TEMPLATE = "/v1/projects/{projectId}/jobs/{jobId}";
  static final String TEAM_TEMPLATE = "/v1/teams/{teamId}/projects/{projectId}/jobs/{jobId}";
  static final String LIST_PROJECT_TEMPLATE = "/v1/projects/{projectId}/jobs";
  static final String LIST_TEAM_TEMPLATE = "/v1/teams/{teamId}/projects/{projectId}/jobs";
  static final String RUNS_SUFFIX = "/runs";

  static JobRoute of(JobRef ref) {
    String projectPath =
        "/projects/" + encodeSegment(ref.projectId()) + "/jobs/" + encodeSegment(ref.jobId());
    if (ref.teamId() == null) {
      return new JobRoute(PROJECT_TEMPLATE, "/v1" + projectPath);
    }
    return new JobRoute(TEAM_TEMPLATE, "/v1/teams/" + encodeSegment(ref.teamId()) + projectPath);
  }

  /** The first page of a job's runs, {@code perPage} of them. */
  static JobRoute runs(JobRef ref, int perPage) {
    JobRoute job = of(ref);
    return new JobRoute(
        job.template() + RUNS_SUFFIX, job.path() + RUNS_SUFFIX + "?per_page=" + perPage);
  }

  /** Create Job: the project's jobs collection, without a query. */
  static JobRoute create(ProjectRef ref) {
    String projectPath = "/projects/" + encodeSegment(ref.projectId()) + "/jobs";
    if (ref.teamId() == null) {
      return new JobRoute(LIST_PROJECT_TEMPLATE, "/v1" + projectPath);
    }
    return new JobRoute(
        LIST_TEAM_TEMPLATE, "/v1/teams/" + encodeSegment(ref.teamId()) + projectPath);
  }

  /** List Jobs of a project: one page of {@code perPage} jobs, after {@code cursor} if given. */
  static JobRoute list(ProjectRef ref, String cursor, int perPage) {
    String query =
        "?per_page="
            + perPage
            + (cursor == null
                ? ""
                : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    String projectPath = "/projects/" + encodeSegment(ref.projectId()) + "/jobs" + query;
    if (ref.teamId() == null) {
      return new JobRoute(LIST_PROJECT_TEMPLATE, "/v1" + projectPath);
    }
    return new JobRoute(
        LIST_TEAM_TEMPLATE, "/v1/teams/" + encodeSegment(ref.teamId()) + projectPath);
  }

  /**
   * Encodes an ID so that it stays exactly one path segment: IDs come from user-written resources,
   * and "/", "..", "?" or "#" must not be able to reach another route. Dots are encoded too because
   * some servers and proxies resolve "." and ".." segments before routing.
   */
  static String encodeSegment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace(".", "%2E")
        .replace("*", "%2A");
  }
}
