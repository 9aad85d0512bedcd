package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * Teams, projects and their jobs. Each job's state is an immutable snapshot swapped under the job's
 * own lock, so readers never lock and never see a half-applied PATCH. Jobs of a project are kept
 * sorted by id, which makes cursor pagination a tail-map walk rather than a scan.
 */
final class JobStore {

  /**
   * One published version of a job. The trees are never mutated after publication: readers may
   * share them, and anyone who wants to change one copies it first.
   *
   * @param doc the job in the shape of Get Job
   * @param writeOnly PATCH fields the Get Job shape does not show (runtimeEnvironment, ...)
   */
  record Snapshot(ObjectNode doc, ObjectNode writeOnly, Instant updatedAt) {}

  static final class StoredJob {
    private final String projectId;
    private final String jobId;
    private final RunHistory runs;
    private volatile Snapshot snapshot;

    /**
     * @param derivedRuns whether the job shows the derived past runs of a seeded job
     */
    private StoredJob(String projectId, String jobId, Snapshot snapshot, boolean derivedRuns) {
      this.projectId = projectId;
      this.jobId = jobId;
      this.snapshot = snapshot;
      this.runs = new RunHistory(projectId, jobId, derivedRuns);
    }

    String projectId() {
      return projectId;
    }

    String jobId() {
      return jobId;
    }

    Snapshot snapshot() {
      return snapshot;
    }

    RunHistory runs() {
      return runs;
    }

    /**
     * Applies a change to copies of the current trees and publishes them; when the change throws,
     * nothing is published.
     */
    synchronized Snapshot update(Instant now, Mutation mutation) {
      ObjectNode doc = snapshot.doc().deepCopy();
      ObjectNode writeOnly = snapshot.writeOnly().deepCopy();
      mutation.apply(doc, writeOnly);
      // The id and project are the store's keys; a change must not move a job.
      doc.put("id", jobId);
      doc.put("projectId", projectId);
      snapshot = new Snapshot(doc, writeOnly, now);
      return snapshot;
    }
  }

  @FunctionalInterface
  interface Mutation {
    void apply(ObjectNode doc, ObjectNode writeOnly);
  }

  record Project(String id, String teamId, ConcurrentSkipListMap<String, StoredJob> jobs) {}

  /** One page of a project's jobs in id order. */
  record Page(List<StoredJob> jobs, boolean hasNextPage) {}

  private final Map<String, Project> projects = new ConcurrentHashMap<>();

  /**
   * Creates the project on first use. A null team joins an existing project whatever its team;
   * naming a different team than the project has is a programming error.
   */
  Project project(String teamId, String projectId) {
    Project project =
        projects.computeIfAbsent(
            projectId, id -> new Project(id, teamId, new ConcurrentSkipListMap<>()));
    if (teamId != null && !teamId.equals(project.teamId())) {
      throw new IllegalArgumentException(
          "project " + projectId + " belongs to team " + project.teamId() + ", not " + teamId);
    }
    return project;
  }

  Optional<Project> project(String projectId) {
    return Optional.ofNullable(projects.get(projectId));
  }

  /**
   * Stores (or replaces) a job; the tree is copied so the caller keeps no handle on it. A replaced
   * job's runs go with it.
   *
   * @param derivedRuns whether the job shows the derived past runs of a seeded job; without them it
   *     has no runs until some are added
   */
  void put(String teamId, String projectId, ObjectNode job, Instant now, boolean derivedRuns) {
    Objects.requireNonNull(projectId, "projectId");
    JsonNode id = job.get("id");
    if (id == null || !id.isTextual() || id.asText().isEmpty()) {
      throw new IllegalArgumentException("a job needs a non-empty string id");
    }
    JsonNode declaredProject = job.get("projectId");
    if (declaredProject != null && !projectId.equals(declaredProject.asText())) {
      throw new IllegalArgumentException(
          "job " + id.asText() + " declares project " + declaredProject.asText());
    }
    Project project = project(teamId, projectId);
    ObjectNode doc = job.deepCopy();
    doc.put("projectId", projectId);
    if (!doc.has("appId")) {
      String owner = project.teamId() != null ? project.teamId() : "example-user";
      doc.put("appId", "/" + owner + "/" + projectId + "/" + id.asText());
    }
    String jobId = id.asText();
    project
        .jobs()
        .put(
            jobId,
            new StoredJob(projectId, jobId, new Snapshot(doc, Json.object(), now), derivedRuns));
  }

  /**
   * Stores a new job unless the project has one with its id: the check and the insert are one step,
   * so two concurrent creates of the same id cannot both succeed. The job starts without runs.
   *
   * @return the stored job, or empty when the id is taken
   */
  Optional<StoredJob> create(
      Project project, String jobId, ObjectNode doc, ObjectNode writeOnly, Instant now) {
    doc.put("id", jobId);
    doc.put("projectId", project.id());
    String owner = project.teamId() != null ? project.teamId() : "example-user";
    doc.put("appId", "/" + owner + "/" + project.id() + "/" + jobId);
    StoredJob job =
        new StoredJob(project.id(), jobId, new Snapshot(doc, writeOnly, now), false);
    return project.jobs().putIfAbsent(jobId, job) == null ? Optional.of(job) : Optional.empty();
  }

  /** Bulk insert for synthetic data, with derived runs: no per-job validation beyond the id. */
  void putAll(String teamId, String projectId, List<ObjectNode> docs, Instant now) {
    Project project = project(teamId, projectId);
    for (ObjectNode doc : docs) {
      String jobId = doc.get("id").asText();
      project
          .jobs()
          .put(jobId, new StoredJob(projectId, jobId, new Snapshot(doc, Json.object(), now), true));
    }
  }

  Optional<StoredJob> job(String projectId, String jobId) {
    Project project = projects.get(projectId);
    return project == null ? Optional.empty() : Optional.ofNullable(project.jobs().get(jobId));
  }

  boolean update(String projectId, String jobId, Instant now, Consumer<ObjectNode> change) {
    Optional<StoredJob> job = job(projectId, jobId);
    job.ifPresent(j -> j.update(now, (doc, writeOnly) -> change.accept(doc)));
    return job.isPresent();
  }

  boolean delete(String projectId, String jobId) {
    Project project = projects.get(projectId);
    return project != null && project.jobs().remove(jobId) != null;
  }

  /**
   * Jobs after {@code afterId} (exclusive; null for the start), skipping {@code skip} more, at most
   * {@code limit}. Only the page-number form of pagination needs a non-zero skip.
   */
  static Page page(Project project, String afterId, long skip, int limit) {
    Map<String, StoredJob> tail =
        afterId == null ? project.jobs() : project.jobs().tailMap(afterId, false);
    Iterator<StoredJob> it = tail.values().iterator();
    for (long i = 0; i < skip && it.hasNext(); i++) {
      it.next();
    }
    List<StoredJob> jobs = new ArrayList<>(Math.min(limit, 128));
    while (jobs.size() < limit && it.hasNext()) {
      jobs.add(it.next());
    }
    return new Page(jobs, it.hasNext());
  }
}
