package com.northflank.operator.northflank;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The Get Job route of a {@link JobRef}: the template names the route in metrics and messages, the
 * path is what is sent.
 */
record JobRoute(String template, String path) {

  static final String PROJECT_TEMPLATE = "/v1/projects/{projectId}/jobs/{jobId}";
  static final String TEAM_TEMPLATE = "/v1/teams/{teamId}/projects/{projectId}/jobs/{jobId}";

  static JobRoute of(JobRef ref) {
    String projectPath =
        "/projects/" + encodeSegment(ref.projectId()) + "/jobs/" + encodeSegment(ref.jobId());
    if (ref.teamId() == null) {
      return new JobRoute(PROJECT_TEMPLATE, "/v1" + projectPath);
    }
    return new JobRoute(TEAM_TEMPLATE, "/v1/teams/" + encodeSegment(ref.teamId()) + projectPath);
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
