package com.northflank.operator.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Run history for GET jobs/{jobId}/runs. Runs are derived from the job's ids and creation time
 * rather than stored: the same job always shows the same runs, and ten thousand synthetic jobs cost
 * no memory for them. Newest run first.
 */
final class JobRuns {

  static final int RUNS_PER_JOB = 3;
  private static final Instant FALLBACK_CREATED = Instant.parse("2024-01-01T00:00:00Z");

  private JobRuns() {}

  static List<ObjectNode> of(ObjectNode doc) {
    String projectId = doc.path("projectId").asText();
    String jobId = doc.path("id").asText();
    int backoffLimit = doc.path("settings").path("backoffLimit").asInt(0);
    Instant created = JobViews.parseInstant(doc.get("createdAt"), FALLBACK_CREATED);
    int seed = (projectId + "/" + jobId).hashCode() & 0x7fffffff;
    List<ObjectNode> runs = new ArrayList<>(RUNS_PER_JOB);
    for (int age = 0; age < RUNS_PER_JOB; age++) {
      // Run n started n days after the job was created; age 0 is the newest.
      int n = RUNS_PER_JOB - age;
      Instant started = created.plus(Duration.ofDays(n)).plusSeconds((seed % 3600));
      Duration took = Duration.ofSeconds(30 + ((seed >> 4) + n * 97L) % 570);
      String status;
      if (age == 0 && seed % 7 == 0) {
        status = "RUNNING";
      } else if ((seed + n) % 5 == 0) {
        status = "FAILED";
      } else {
        status = "SUCCESS";
      }
      runs.add(run(projectId, jobId, n, status, backoffLimit, started, took));
    }
    return runs;
  }

  private static ObjectNode run(
      String projectId,
      String jobId,
      int n,
      String status,
      int backoffLimit,
      Instant started,
      Duration took) {
    String name = projectId + "/" + jobId + "/run-" + n;
    UUID id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    boolean running = status.equals("RUNNING");
    ObjectNode run = Json.object();
    run.put("id", id.toString());
    run.put("active", running ? 1 : 0);
    run.put("backoffLimit", backoffLimit);
    run.put("completions", running ? 0 : 1);
    run.put("concluded", !running);
    run.put("failed", status.equals("FAILED") ? 1 : 0);
    // Like the API's example: the job id and 24 hex digits.
    run.put("runName", jobId + "-" + id.toString().replace("-", "").substring(0, 24));
    run.put("status", status);
    run.put("succeeded", status.equals("SUCCESS") ? 1 : 0);
    run.put("startedAt", started.toString());
    if (!running) {
      // A run still in progress has not concluded; the field is left out rather than invented.
      run.put("concludedAt", started.plus(took).toString());
    }
    return run;
  }
}
