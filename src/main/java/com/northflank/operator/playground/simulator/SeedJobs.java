package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Jobs to start from: the example of the Get Job documentation page, a few varied jobs, and
 * synthetic jobs in bulk for benchmarks.
 */
final class SeedJobs {

  static final String EXAMPLE_RESOURCE = "/simulator/example-job.json";
  static final String VARIANTS_RESOURCE = "/simulator/seed-jobs.json";

  private static final String[] POLICIES = {"Allow", "Forbid", "Replace"};
  private static final Instant SYNTHETIC_EPOCH = Instant.parse("2024-01-01T00:00:00Z");

  /** A job and where it lives; teamId is null for a project outside any team. */
  record Seed(String teamId, String projectId, ObjectNode job) {}

  private SeedJobs() {}

  /** The documentation page's example: project {@code default-project}, job {@code example-job}. */
  static ObjectNode example() {
    return (ObjectNode) Json.resource(EXAMPLE_RESOURCE).get("data");
  }

  static List<Seed> all() {
    List<Seed> seeds = new ArrayList<>();
    seeds.add(new Seed(null, "default-project", example()));
    for (JsonNode variant : Json.resource(VARIANTS_RESOURCE)) {
      String teamId = variant.path("teamId").isTextual() ? variant.get("teamId").asText() : null;
      seeds.add(
          new Seed(teamId, variant.get("projectId").asText(), (ObjectNode) variant.get("job")));
    }
    return seeds;
  }

  /**
   * {@code count} full job documents with ids {@code job-00001}, ... built from the example job: a
   * third are manual, the cron ones cycle through schedules and concurrency policies, one in ten is
   * suspended and one in four builds with BuildKit.
   */
  static List<ObjectNode> synthetic(String owner, String projectId, int count) {
    ObjectNode template = example();
    List<ObjectNode> jobs = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      ObjectNode job = template.deepCopy();
      String id = String.format("job-%05d", i);
      job.put("id", id);
      job.put("appId", "/" + owner + "/" + projectId + "/" + id);
      job.put("name", String.format("Job %05d", i));
      job.put("projectId", projectId);
      job.put("description", "Synthetic job " + i + " for load tests");
      job.putArray("tags").add("bench").add("shard-" + (i % 10));
      job.put("createdAt", SYNTHETIC_EPOCH.plus(Duration.ofMinutes(i)).toString());
      ObjectNode settings = (ObjectNode) job.get("settings");
      settings.put("backoffLimit", i % 4);
      settings.put("activeDeadlineSeconds", 600 + (i % 5) * 60);
      if (i % 3 == 0) {
        job.put("jobType", "manual");
        job.remove("suspended");
        settings.remove("cron");
      } else {
        ObjectNode cron = (ObjectNode) settings.get("cron");
        cron.put("schedule", (i % 60) + " " + (i % 24) + " * * *");
        cron.put("concurrencyPolicy", POLICIES[i % POLICIES.length]);
        job.put("suspended", i % 10 == 1);
      }
      if (i % 4 == 0) {
        ObjectNode engine = job.putObject("buildEngineConfiguration");
        engine.put("buildEngine", "buildkit");
        engine.putObject("buildkit").put("useCache", true);
      }
      jobs.add(job);
    }
    return jobs;
  }
}
