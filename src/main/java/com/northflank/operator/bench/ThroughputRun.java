package com.northflank.operator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.config.DurationParser;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.kubeapi.EmbeddedKubernetes;
import com.northflank.operator.model.JobDefinition;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.observability.Observability;
import com.northflank.operator.reconciler.NorthflankOperator;
import com.northflank.operator.reconciler.SyncObserver;
import com.northflank.operator.simulator.NorthflankSimulator;
import com.northflank.operator.simulator.SimulatorOptions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * N jobs on the in-process Kubernetes API and Northflank simulator: the operator's first full sync,
 * one round of unchanged polls, its heap, and the ceiling of the same two servers driven by a plain
 * loop doing the least an operator could (one GET, the runs GET when runs are observed, one status
 * PATCH per job).
 */
final class ThroughputRun {

  static final String NAMESPACE = "bench";
  static final String PROJECT = "bench-project";
  static final String TOKEN = "nf-bench-token";
  private static final String GET_JOB = "GET /v1/projects/{projectId}/jobs/{jobId}";
  private static final String GET_RUNS = GET_JOB + "/runs";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one run measured. */
  record Result(
      int jobs,
      Duration firstSync,
      Duration ceiling,
      double readsPerJobPerInterval,
      long unchangedPolls,
      long writesDuringUnchangedPolls,
      double heapBytesPerJob) {

    double reconcilesPerSecond() {
      return jobs / seconds(firstSync);
    }

    double ceilingPerSecond() {
      return jobs / seconds(ceiling);
    }

    double ratio() {
      return reconcilesPerSecond() / ceilingPerSecond();
    }

    double writesPerUnchangedPoll() {
      return unchangedPolls == 0
          ? Double.NaN
          : (double) writesDuringUnchangedPolls / unchangedPolls;
    }
  }

  private final int jobs;
  private final Duration apiLatency;
  private final int concurrency;
  private final Duration interval;
  private final boolean observeRuns;
  private final Progress progress;

  ThroughputRun(
      int jobs,
      Duration apiLatency,
      int concurrency,
      Duration interval,
      boolean observeRuns,
      Progress progress) {
    this.jobs = jobs;
    this.apiLatency = apiLatency;
    this.concurrency = concurrency;
    this.interval = interval;
    this.observeRuns = observeRuns;
    this.progress = progress;
  }

  Result run() throws Exception {
    try (EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start();
        NorthflankSimulator northflank =
            NorthflankSimulator.start(
                SimulatorOptions.builder()
                    .token(TOKEN)
                    .budget(100_000_000, Duration.ofHours(1))
                    .threads(Math.max(64, concurrency * 4))
                    .build())) {
      kubernetes.requests().setRecording(false);
      kubernetes.installCrd();
      northflank.seedSyntheticJobs(PROJECT, jobs);
      northflank.faults().all().latency(apiLatency);
      progress.say("creating %d NorthflankJobs", jobs);
      createResources(kubernetes.client(), northflank);

      long heapWithoutOperator = Heap.usedAfterGc();
      ReadLog reads = new ReadLog();
      Observability observability = new Observability();
      NorthflankOperator operator =
          NorthflankOperator.builder(config(northflank), kubernetes.client())
              .apiCalls(observability.api())
              .syncs(SyncObserver.all(reads, observability.jobs()))
              .metrics(observability.operatorMetrics())
              .build();
      long start = System.nanoTime();
      operator.start();
      awaitUntil(() -> reads.jobsRead() >= jobs, Duration.ofMinutes(10), "first full sync");
      Duration firstSync = Duration.ofNanos(System.nanoTime() - start);
      progress.say("first full sync of %d jobs in %.1fs", jobs, seconds(firstSync));
      long heapWithOperator = Heap.usedAfterGc();
      long writesAfterSync = kubernetes.requests().writeCount();
      long readsAfterSync = northflank.counters().route(GET_JOB);
      long runsAfterSync = northflank.counters().route(GET_RUNS);
      progress.say(
          "waiting one sync interval (%s) for every job's unchanged poll",
          DurationParser.format(interval));
      awaitUntil(
          () -> reads.jobsReadAtLeast(2) >= jobs,
          interval.multipliedBy(2).plus(firstSync).plusMinutes(1),
          "second round of polls");
      long unchangedPolls = northflank.counters().route(GET_JOB) - readsAfterSync;
      long runsReads = northflank.counters().route(GET_RUNS) - runsAfterSync;
      long writes = kubernetes.requests().writeCount() - writesAfterSync;
      double meanGap = reads.firstGaps().stream().mapToLong(Long::longValue).average().orElse(0);
      // every Northflank request of a poll, Get Job and the runs alike
      double requestsPerPoll =
          unchangedPolls == 0 ? Double.NaN : (unchangedPolls + runsReads) / (double) unchangedPolls;
      operator.close();
      operator = null;
      observability = null;
      long heapAfterOperator = Heap.usedAfterGc();
      double heapPerJob =
          Math.max(0, heapWithOperator - Math.max(heapWithoutOperator, heapAfterOperator))
              / (double) jobs;

      progress.say(
          "ceiling: GET%s + status PATCH per job, %d at a time",
          observeRuns ? " + runs GET" : "", concurrency);
      Duration ceiling = ceiling(kubernetes.client(), northflank.baseUrl());
      return new Result(
          jobs,
          firstSync,
          ceiling,
          interval.toNanos() / meanGap * requestsPerPoll,
          unchangedPolls,
          writes,
          heapPerJob);
    }
  }

  private OperatorConfig config(NorthflankSimulator northflank) {
    return OperatorConfig.from(
        Map.of(
            OperatorConfig.API_URL,
            northflank.baseUrl().toString(),
            OperatorConfig.API_TOKEN,
            TOKEN,
            OperatorConfig.SYNC_INTERVAL,
            DurationParser.format(interval),
            OperatorConfig.STATUS_HEARTBEAT,
            "24h",
            OperatorConfig.MAX_CONCURRENT_RECONCILES,
            Integer.toString(concurrency),
            OperatorConfig.API_BUDGET,
            "1000000000/1h",
            OperatorConfig.OBSERVE_RUNS,
            Boolean.toString(observeRuns)));
  }

  /** Resources that declare their live job in full, as a GitOps repository would. */
  private void createResources(KubernetesClient client, NorthflankSimulator northflank)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> created = new ArrayList<>();
      for (int i = 1; i <= jobs; i++) {
        String jobId = String.format("job-%05d", i);
        ObjectNode live = northflank.job(PROJECT, jobId).orElseThrow();
        created.add(
            pool.submit(
                () -> {
                  NorthflankJob job = new NorthflankJob();
                  job.setMetadata(
                      new ObjectMetaBuilder().withName(jobId).withNamespace(NAMESPACE).build());
                  job.setSpec(
                      new NorthflankJobSpec(
                          PROJECT,
                          jobId,
                          null,
                          null,
                          null,
                          JSON.convertValue(live, JobDefinition.class)));
                  client.resource(job).create();
                }));
      }
      for (Future<?> f : created) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** The least any operator must do per job, at the same concurrency. */
  private Duration ceiling(KubernetesClient client, URI api) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> done = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 1; i <= jobs; i++) {
        String jobId = String.format("job-%05d", i);
        done.add(
            pool.submit(
                () -> {
                  HttpResponse<String> response =
                      http.send(
                          HttpRequest.newBuilder(
                                  api.resolve("/v1/projects/" + PROJECT + "/jobs/" + jobId))
                              .header("Authorization", "Bearer " + TOKEN)
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  JsonNode live = JSON.readTree(response.body()).path("data");
                  if (observeRuns) {
                    http.send(
                        HttpRequest.newBuilder(
                                api.resolve(
                                    "/v1/projects/"
                                        + PROJECT
                                        + "/jobs/"
                                        + jobId
                                        + "/runs?per_page=10"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                  }
                  NorthflankJob target = new NorthflankJob();
                  target.setMetadata(
                      new ObjectMetaBuilder().withName(jobId).withNamespace(NAMESPACE).build());
                  client
                      .resource(target)
                      .subresource("status")
                      .patch(PatchContext.of(PatchType.JSON_MERGE), statusOf(live));
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return Duration.ofNanos(System.nanoTime() - start);
    } finally {
      pool.shutdown();
    }
  }

  /** What a minimal operator would write: the observed fields and four conditions, no diff. */
  private static String statusOf(JsonNode live) {
    ObjectNode status = JSON.createObjectNode();
    status.put("observedGeneration", 1);
    status.set("jobType", live.path("jobType"));
    status.set("suspended", live.path("suspended"));
    status.set("schedule", live.at("/settings/cron/schedule"));
    status.set("concurrencyPolicy", live.at("/settings/cron/concurrencyPolicy"));
    status.set("cluster", live.path("cluster"));
    status.set("appId", live.path("appId"));
    status.set("createdAt", live.path("createdAt"));
    status.put("lastSyncTime", java.time.Instant.now().toString());
    status.putArray("drift");
    status.put("driftCount", 0);
    var conditions = status.putArray("conditions");
    for (String type : List.of("Ready", "Synced", "Drifted", "Stalled")) {
      conditions
          .addObject()
          .put("type", type)
          .put("status", type.equals("Ready") || type.equals("Synced") ? "True" : "False")
          .put("reason", "Observed")
          .put("lastTransitionTime", java.time.Instant.now().toString());
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("status", status);
    return body.toString();
  }

  static void awaitUntil(BooleanSupplier done, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(what + " did not finish within " + timeout);
      }
      Thread.sleep(50);
    }
  }

  static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  /** Heap in use once the collector has had its say. */
  static final class Heap {
    private Heap() {}

    static long usedAfterGc() {
      for (int i = 0; i < 3; i++) {
        System.gc();
      }
      return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
  }

  /** Where a run reports what it is doing. */
  interface Progress {
    void say(String format, Object... args);
  }
}
