package com.northflank.operator.playground.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests answered, by route template and by HTTP status, for tests and the bench. Route keys are
 * the templates, e.g. {@code GET /v1/projects/{projectId}/jobs/{jobId}} or its team-scoped twin
 * {@code GET /v1/teams/{teamId}/projects/{projectId}/jobs/{jobId}}; requests matching no route
 * count under {@link #UNMATCHED}. And by method and path, for what one job was asked while others
 * are read too.
 */
public final class RequestCounters {

  public static final String UNMATCHED = "UNMATCHED";

  private final Map<String, LongAdder> byRoute = new ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byMethod = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byRouteAndStatus = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byPath = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();

  void record(String method, String routeKey, String path, int status) {
    byMethod.computeIfAbsent(method, k -> new LongAdder()).increment();
    byPath.computeIfAbsent(method + " " + path, k -> new LongAdder()).increment();
    byRoute.computeIfAbsent(routeKey, k -> new LongAdder()).increment();
    byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
    byRouteAndStatus.computeIfAbsent(routeKey + " " + status, k -> new LongAdder()).increment();
    total.increment();
  }

  public long total() {
    return total.sum();
  }

  public long route(String routeKey) {
    LongAdder adder = byRoute.get(routeKey);
    return adder == null ? 0 : adder.sum();
  }

  /**
   * Requests with this method and path, the query left out, e.g. {@code GET
   * /v1/projects/default-project/jobs/nightly-report/runs}.
   */
  public long path(String methodAndPath) {
    LongAdder adder = byPath.get(methodAndPath);
    return adder == null ? 0 : adder.sum();
  }

  /** Requests with this HTTP method, matched to a route or not. */
  public long method(String method) {
    LongAdder adder = byMethod.get(method);
    return adder == null ? 0 : adder.sum();
  }

  /** Requests with any method but GET and HEAD: what could have changed something. */
  public long nonGet() {
    return total() - method("GET") - method("HEAD");
  }

  public long status(int status) {
    LongAdder adder = byStatus.get(status);
    return adder == null ? 0 : adder.sum();
  }

  public long routeAndStatus(String routeKey, int status) {
    LongAdder adder = byRouteAndStatus.get(routeKey + " " + status);
    return adder == null ? 0 : adder.sum();
  }

  /** A sorted copy, e.g. for printing in the bench report. */
  public Map<String, Long> byRoute() {
    Map<String, Long> copy = new TreeMap<>();
    byRoute.forEach((key, adder) -> copy.put(key, adder.sum()));
    return copy;
  }

  public Map<Integer, Long> byStatus() {
    Map<Integer, Long> copy = new TreeMap<>();
    byStatus.forEach((key, adder) -> copy.put(key, adder.sum()));
    return copy;
  }

  /**
   * Not atomic with respect to requests in flight: reset between phases, once traffic has stopped,
   * for exact numbers.
   */
  public void reset() {
    byRoute.clear();
    byStatus.clear();
    byMethod.clear();
    byRouteAndStatus.clear();
    byPath.clear();
    total.reset();
  }
}
