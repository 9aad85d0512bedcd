package com.northflank.operator.playground.simulator;

import java.util.Map;

/**
 * A request resolved to a route, with its decoded path parameters.
 *
 * @param key the route template as counted, e.g. {@code GET /v1/projects/{projectId}/jobs}
 * @param teamId null on the project-scoped form
 * @param jobId null on routes without a job
 */
record RouteMatch(Route route, String key, String teamId, String projectId, String jobId) {

  static RouteMatch of(Route route, String key, Map<String, String> params) {
    return new RouteMatch(
        route, key, params.get("teamId"), params.get("projectId"), params.get("jobId"));
  }
}
