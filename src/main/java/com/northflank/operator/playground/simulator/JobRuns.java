package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The shape of a run in GET jobs/{jobId}/runs, and the history a seeded job starts with. That
 * history is derived from the job's ids and the simulator's start rather than stored: the same job
 * always shows the same past runs, and ten thousand synthetic jobs cost no memory for them. Newest
 * first.
 */
final class JobRuns {

  static final int RUNS_PER_JOB = 3;

  private JobRuns() {}

  /**
   * A seeded job's past runs, newest first: a day apart, the newest one to two hours before {@code
   * until} (the simulator's start), so that the history looks recent and stays the same for the
   * simulator's lifetime.
   */
  static List<ObjectNode> history(ObjectNode doc, Instant until) {
    String projectId = doc.path("projectId").asText();
    String jobId = doc.path("id").asText();
    int backoffLimit = backoffLimit(doc);
    int seed = (projectId + "/" + jobId).hashCode() & 0x7fffffff;
    Instant newest = until.minusSeconds(3600 + seed % 3600).truncatedTo(ChronoUnit.SECONDS);
    List<ObjectNode> runs = new ArrayList<>(RUNS_PER_JOB);
    for (int age = 0; age < RUNS_PER_JOB; age++) {
      int n = RUNS_PER_JOB - age;
      Instant started = newest.minus(Duration.ofDays(age));
      Duration took = Duration.ofSeconds(30 + ((seed >> 4) + n * 97L) % 570);
      RunStatus status;
      if (age == 0 && seed % 7 == 0) {
        status = RunStatus.RUNNING;
      } else if ((seed + n) % 5 == 0) {
        status = RunStatus.FAILED;
      } else {
        status = RunStatus.SUCCESS;
      }
      String key = projectId + "/" + jobId + "/run-" + n;
      runs.add(
          run(key, jobId, status, backoffLimit, started, status.concluded() ? took : null, null));
    }
    return runs;
  }

  static int backoffLimit(ObjectNode doc) {
    return doc.path("settings").path("backoffLimit").asInt(0);
  }

  /**
   * One run in the GetJobRunsResult shape.
   *
   * @param key makes the run's id and name; unique per run
   * @param took null while the run is in progress
   * @param concludedAt when it concluded, or null for {@code started + took}
   */
  static ObjectNode run(
      String key,
      String jobId,
      RunStatus status,
      int backoffLimit,
      Instant started,
      Duration took,
      Instant concludedAt) {
    UUID id = id(key);
    boolean running = status == RunStatus.RUNNING;
    ObjectNode run = Json.object();
    run.put("id", id.toString());
    run.put("active", running ? 1 : 0);
    run.put("backoffLimit", backoffLimit);
    run.put("completions", running ? 0 : 1);
    run.put("concluded", !running);
    run.put("failed", status == RunStatus.FAILED ? 1 : 0);
    run.put("runName", runName(key, jobId));
    run.put("status", status.name());
    run.put("succeeded", status == RunStatus.SUCCESS ? 1 : 0);
    run.put("startedAt", started.toString());
    if (!running) {
      // A run still in progress has not concluded; the field is left out rather than invented.
      run.put("concludedAt", (concludedAt != null ? concludedAt : started.plus(took)).toString());
    }
    return run;
  }

  /** Like the API's example: the job id and 24 hex digits. */
  static String runName(String key, String jobId) {
    return jobId + "-" + id(key).toString().replace("-", "").substring(0, 24);
  }

  private static UUID id(String key) {
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }
}
