package com.northflank.operator.playground.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  private final SimulatorFixture fixture =
      new SimulatorFixture(
          SimulatorOptions.builder()
              .budget(100_000, java.time.Duration.ofHours(1))
              .token(SimulatorFixture.TOKEN)
              .build());
  private final ExecutorService pool = Executors.newFixedThreadPool(50);

  @AfterEach
  void close() {
    pool.shutdownNow();
    fixture.close();
  }

  private <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
    List<Future<T>> futures = pool.invokeAll(tasks, 60, TimeUnit.SECONDS);
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get());
    }
    return results;
  }

  @Test
  void fiftyThreadsOfTwentyGetsAllSucceed() throws Exception {
    fixture.simulator.seedSyntheticJobs("bench-project", 1000);
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int t = 0; t < 50; t++) {
      int thread = t;
      tasks.add(
          () -> {
            start.await();
            int ok = 0;
            for (int i = 0; i < 20; i++) {
              String id = String.format("job-%05d", thread * 20 + i + 1);
              var response = fixture.get("/v1/projects/bench-project/jobs/" + id);
              JsonNode body = SimulatorFixture.json(response);
              if (response.statusCode() == 200 && body.at("/data/id").asText().equals(id)) {
                ok++;
              }
            }
            return ok;
          });
    }
    start.countDown();

    List<Integer> ok = runAll(tasks);

    assertThat(ok).hasSize(50).allMatch(n -> n == 20);
    assertThat(
            fixture
                .simulator
                .counters()
                .routeAndStatus("GET /v1/projects/{projectId}/jobs/{jobId}", 200))
        .isEqualTo(1000);
  }

  @Test
  void concurrentPatchesToOneJobAreAllApplied() throws Exception {
    fixture.simulator.seedSyntheticJobs("bench-project", 1);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int t = 0; t < 40; t++) {
      String tag = "tag-" + t;
      tasks.add(
          () -> {
            // Each patch adds its own key to a merged object: a lost update would drop one.
            String body = "{\"runtimeEnvironment\":{\"" + tag + "\":\"on\"}}";
            return fixture.patch("/v1/projects/bench-project/jobs/job-00001", body).statusCode();
          });
    }

    List<Integer> statuses = runAll(tasks);

    assertThat(statuses).allMatch(status -> status == 200);
    // Get Job does not show the runtime environment; the PATCH answer echoes it
    JsonNode environment =
        SimulatorFixture.json(fixture.patch("/v1/projects/bench-project/jobs/job-00001", "{}"))
            .at("/data/runtimeEnvironment");
    for (int t = 0; t < 40; t++) {
      assertThat(environment.has("tag-" + t)).as("tag-" + t).isTrue();
    }
  }

  @Test
  void listingTenThousandJobsWalksEveryPageOnce() {
    fixture.simulator.seedSyntheticJobs("bench-project", 10_000);

    int seen = 0;
    int pages = 0;
    String path = "/v1/projects/bench-project/jobs?per_page=100";
    while (path != null) {
      JsonNode page = SimulatorFixture.json(fixture.get(path));
      seen += page.at("/pagination/count").asInt();
      pages++;
      JsonNode cursor = page.at("/pagination/cursor");
      path =
          cursor.isMissingNode()
              ? null
              : "/v1/projects/bench-project/jobs?per_page=100&cursor=" + cursor.asText();
    }

    assertThat(seen).isEqualTo(10_000);
    assertThat(pages).isEqualTo(100);
  }
}
