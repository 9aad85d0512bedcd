package com.northflank.operator.gitops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.client.JobPage;
import com.northflank.operator.client.JobRef;
import com.northflank.operator.client.JobSnapshot;
import com.northflank.operator.client.JobSummary;
import com.northflank.operator.client.LiveJob;
import com.northflank.operator.client.NorthflankApiException;
import com.northflank.operator.client.ProjectRef;
import com.northflank.operator.client.UnexpectedCalls;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory Northflank for the services' unit tests: one project's jobs, served by List Jobs in
 * pages of a chosen size and by Get Job, with scripted failures. Records every call.
 */
final class FakeNorthflank extends UnexpectedCalls {

  static final ApiToken TOKEN = ApiToken.of("nf-fake-token");

  final List<String> calls = new CopyOnWriteArrayList<>();
  private final Map<String, ObjectNode> jobs = new TreeMap<>();
  private final Map<String, List<NorthflankApiException>> failures = new HashMap<>();
  private final String projectId;
  private int pageSize = 100;
  private NorthflankApiException listFailure;

  FakeNorthflank(String projectId) {
    super("export and diff");
    this.projectId = projectId;
  }

  FakeNorthflank job(ObjectNode job) {
    ObjectNode copy = job.deepCopy();
    copy.put("projectId", projectId);
    jobs.put(copy.get("id").asText(), copy);
    return this;
  }

  ObjectNode live(String jobId) {
    return jobs.get(jobId);
  }

  FakeNorthflank pageSize(int size) {
    pageSize = size;
    return this;
  }

  /** The next Get Jobs of this job fail with these, in order. */
  FakeNorthflank failGet(String jobId, NorthflankApiException... next) {
    failures.computeIfAbsent(jobId, id -> new ArrayList<>()).addAll(List.of(next));
    return this;
  }

  FakeNorthflank failList(NorthflankApiException failure) {
    listFailure = failure;
    return this;
  }

  /** Reads through this fake with a budget too large to ever wait. */
  BudgetedReads reads() {
    ApiBudget budget = new ApiBudget(100_000, Duration.ofSeconds(1));
    return new BudgetedReads(
        this,
        new RequestBudget(budget),
        budget,
        TOKEN,
        new RequestLedger(budget, Clock.systemUTC()));
  }

  static NorthflankApiException failure(NorthflankApiException.Kind kind, String message) {
    return new NorthflankApiException(kind, message);
  }

  @Override
  public JobSnapshot getJob(JobRef ref, ApiToken token) {
    calls.add("get " + ref.jobId());
    List<NorthflankApiException> scripted = failures.get(ref.jobId());
    if (scripted != null && !scripted.isEmpty()) {
      throw scripted.remove(0);
    }
    ObjectNode job = ref.projectId().equals(projectId) ? jobs.get(ref.jobId()) : null;
    if (job == null) {
      throw failure(
          NorthflankApiException.Kind.NOT_FOUND,
          "GET /v1/projects/{projectId}/jobs/{jobId} failed: HTTP 404: Job not found");
    }
    return new JobSnapshot(LiveJobs.JSON.convertValue(job, LiveJob.class), job.deepCopy());
  }

  @Override
  public JobPage listJobs(ProjectRef project, String cursor, int perPage, ApiToken token) {
    calls.add("list " + (cursor == null ? "first" : cursor) + " per " + perPage);
    if (listFailure != null) {
      throw listFailure;
    }
    List<String> ids = new ArrayList<>(jobs.keySet());
    int start = cursor == null ? 0 : Integer.parseInt(cursor);
    int end = Math.min(ids.size(), start + Math.min(perPage, pageSize));
    List<JobSummary> page = new ArrayList<>();
    for (String id : ids.subList(start, end)) {
      page.add(new JobSummary(id, projectId, null, id, null, null, null, null, null, null));
    }
    boolean more = end < ids.size();
    return new JobPage(page, more, more ? Integer.toString(end) : null);
  }
}
