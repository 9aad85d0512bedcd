package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The job routes proper, once the request is authenticated and within budget. Each returns the
 * success envelope or throws {@link ApiException}. Envelopes may share immutable trees with the
 * store; whoever changes one must copy it first.
 */
final class JobEndpoints {

  private final JobStore store;
  private final Clock clock;
  private final RunHistory.Schedule runSchedule;

  JobEndpoints(JobStore store, Clock clock, RunHistory.Schedule runSchedule) {
    this.store = store;
    this.clock = clock;
    this.runSchedule = runSchedule;
  }

  ObjectNode handle(RouteMatch match, QueryParams query, byte[] body) {
    JobStore.Project project = project(match);
    return switch (match.route()) {
      case LIST_JOBS -> list(project, query);
      case CREATE_JOB -> create(project, body);
      case GET_JOB -> data(job(project, match.jobId()).snapshot().doc());
      case PATCH_JOB -> patch(job(project, match.jobId()), body);
      case DELETE_JOB -> delete(project, match.jobId());
      case SUSPEND_JOB -> suspend(job(project, match.jobId()), body);
      case GET_JOB_RUNS -> runs(job(project, match.jobId()), query);
    };
  }

  /**
   * Someone else's change to the requested job, landing just before the request is served; nothing
   * happens when the job does not exist.
   */
  void change(RouteMatch match, Consumer<ObjectNode> change) {
    if (match.jobId() != null) {
      store.update(match.projectId(), match.jobId(), clock.instant(), change);
    }
  }

  /** A project reached through another team's path does not exist there. */
  private JobStore.Project project(RouteMatch match) {
    JobStore.Project project =
        store
            .project(match.projectId())
            .orElseThrow(() -> new ApiException(404, "Project not found"));
    if (match.teamId() != null && !match.teamId().equals(project.teamId())) {
      throw new ApiException(404, "Project not found");
    }
    return project;
  }

  private static JobStore.StoredJob job(JobStore.Project project, String jobId) {
    JobStore.StoredJob job = project.jobs().get(jobId);
    if (job == null) {
      throw new ApiException(404, "Job not found");
    }
    return job;
  }

  private static ObjectNode list(JobStore.Project project, QueryParams query) {
    Pagination.Request request = Pagination.parse(query, "jobs");
    JobStore.Page page =
        JobStore.page(project, request.position(), request.skip(), request.perPage());
    ArrayNode jobs = Json.MAPPER.createArrayNode();
    for (JobStore.StoredJob job : page.jobs()) {
      jobs.add(JobViews.summary(job.snapshot().doc()));
    }
    String last = page.jobs().isEmpty() ? null : page.jobs().get(page.jobs().size() - 1).jobId();
    return Pagination.envelope("jobs", jobs, page.hasNextPage(), last);
  }

  private ObjectNode patch(JobStore.StoredJob job, byte[] body) {
    ObjectNode patch = Json.requestObject(body);
    JobStore.Snapshot updated =
        job.update(
            clock.instant(),
            (doc, writeOnly) -> {
              JobPatch.validate(doc, patch);
              JobPatch.apply(doc, writeOnly, patch);
            });
    return data(JobViews.patchResult(updated));
  }

  /**
   * Create Job: the id comes from the name, as Northflank derives it; a job with that id already in
   * the project is a 409 and changes nothing. The answer is in the create (PATCH) dialect and
   * echoes what Get Job does not show.
   */
  private ObjectNode create(JobStore.Project project, byte[] body) {
    ObjectNode request = Json.requestObject(body);
    JobCreate.validate(request);
    String jobId = JobCreate.idFor(request.get("name").textValue());
    ObjectNode[] built = JobCreate.build(request, project.id(), jobId, clock.instant());
    JobStore.StoredJob job =
        store
            .create(project, jobId, built[0], built[1], clock.instant())
            .orElseThrow(
                () ->
                    new ApiException(
                        409, "A job with the id \"" + jobId + "\" already exists in this project"));
    return data(JobViews.patchResult(job.snapshot()));
  }

  /** Delete Job: the answer's data is an empty object; a job that is not there is a 404. */
  private ObjectNode delete(JobStore.Project project, String jobId) {
    if (project.jobs().remove(jobId) == null) {
      throw new ApiException(404, "Job not found");
    }
    return data(Json.object());
  }

  /**
   * The deprecated suspend route; its answer is untyped in the client, so it is an empty object.
   */
  private ObjectNode suspend(JobStore.StoredJob job, byte[] body) {
    ObjectNode request = Json.requestObject(body);
    for (Map.Entry<String, JsonNode> entry : request.properties()) {
      if (!entry.getKey().equals("suspended")) {
        throw new ApiException(400, "\"" + entry.getKey() + "\" is not allowed");
      }
    }
    JsonNode suspended = request.get("suspended");
    if (suspended != null && !suspended.isBoolean()) {
      throw new ApiException(400, "\"suspended\" must be a boolean");
    }
    // The field is optional in SuspendJobData; a call to "suspend" without it suspends.
    boolean value = suspended == null || suspended.asBoolean();
    job.update(
        clock.instant(),
        (doc, writeOnly) -> {
          if (!"cron".equals(doc.path("jobType").asText())) {
            throw new ApiException(409, "Job is not a cron job");
          }
          doc.put("suspended", value);
        });
    return data(Json.object());
  }

  /** Newest first: the API does not document its order, the simulator picks the likely one. */
  private ObjectNode runs(JobStore.StoredJob job, QueryParams query) {
    Pagination.Request request = Pagination.parse(query, "runs");
    List<ObjectNode> all = job.runs().view(job.snapshot().doc(), clock.instant(), runSchedule);
    long start = request.skip();
    if (request.position() != null) {
      try {
        start = Long.parseLong(request.position());
      } catch (NumberFormatException e) {
        throw new ApiException(400, "Invalid cursor");
      }
    }
    ArrayNode runs = Json.MAPPER.createArrayNode();
    long end = Math.min(all.size(), start + request.perPage());
    for (long i = Math.max(0, start); i < end; i++) {
      runs.add(all.get((int) i));
    }
    boolean hasNextPage = end < all.size();
    return Pagination.envelope("runs", runs, hasNextPage, Long.toString(end));
  }

  private static ObjectNode data(JsonNode data) {
    ObjectNode envelope = Json.object();
    envelope.set("data", data);
    return envelope;
  }
}
