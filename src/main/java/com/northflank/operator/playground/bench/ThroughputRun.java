package com.northflank.operator.playground.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.northflank.operator.config.DurationParser;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.observability.Observability;
import com.northflank.operator.reconciler.NorthflankOperator;
import com.northflank.operator.observability.SyncObserver;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * N jobs on the in-process Kubernetes API and Northflank simulator: the operator's first full sync,
 * one round of unchanged polls, its heap, and two ceilings of the same two servers doing the least
 * an operator could per job ({@link MinimalSync}: one GET, the runs GET when runs are observed, one
 * status PATCH): a plain loop over the job names, and a plain fabric8 informer ({@link
 * InformerCeiling}), which pays the start-up and the watch events any controller pays.
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
      Duration plainCeiling,
      Duration informerCeiling,
      double readsPerJobPerInterval,
      long unchangedPolls,
      long writesDuringUnchangedPolls,
      double heapBytesPerJob) {

    double reconcilesPerSecond() {
      return jobs / seconds(firstSync);
    }

    double plainCeilingPerSecond() {
      return jobs / seconds(plainCeiling);
    }

    double informerCeilingPerSecond() {
      return jobs / seconds(informerCeiling);
    }

    double overPlainCeiling() {
      return reconcilesPerSecond() / plainCeilingPerSecond();
    }

    double overInformerCeiling() {
      return reconcilesPerSecond() / informerCeilingPerSecond();
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
    try (BenchServers servers =
        BenchServers.start(BenchServers.UNLIMITED, Math.max(64, concurrency * 4))) {
      EmbeddedKubernetes kubernetes = servers.kubernetes();
      NorthflankSimulator northflank = servers.northflank();
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
      long writesBeforeSync = kubernetes.requests().writeCount();
      CpuAccount cpu = CpuAccount.start();
      long start = System.nanoTime();
      operator.start();
      awaitUntil(() -> reads.jobsRead() >= jobs, Duration.ofMinutes(10), "first full sync");
      // the last status written, as the ceilings are timed, not when this 50 ms poll saw it
      Duration firstSync = Duration.ofNanos(reads.lastFirstRead() - start);
      progress.say(
          "first full sync of %d jobs in %.1fs (first status after %.1fs), %d Kubernetes writes",
          jobs,
          seconds(firstSync),
          (reads.firstRead() - start) / 1e9,
          kubernetes.requests().writeCount() - writesBeforeSync);
      progress.say("operator: %s", cpu.perJob(jobs));
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

      MinimalSync sync = new MinimalSync(kubernetes.client(), northflank.baseUrl(), observeRuns);
      progress.say(
          "plain ceiling: GET%s + status PATCH per job, %d at a time",
          observeRuns ? " + runs GET" : "", concurrency);
      Duration plainCeiling = plainCeiling(sync);
      progress.say(
          "informer ceiling: a fabric8 informer, then GET%s + status PATCH per job, %d at a time",
          observeRuns ? " + runs GET" : "", concurrency);
      Duration informerCeiling =
          new InformerCeiling(kubernetes.client(), sync, concurrency, progress)
              .run(jobs, Duration.ofMinutes(10));
      return new Result(
          jobs,
          firstSync,
          plainCeiling,
          informerCeiling,
          interval.toNanos() / meanGap * requestsPerPoll,
          unchangedPolls,
          writes,
          heapPerJob);
    }
  }

  private OperatorConfig config(NorthflankSimulator northflank) {
    return BenchOperatorSettings.of(
            northflank.baseUrl().toString(), DurationParser.format(interval), "1000000000/1h")
        .observeRuns(observeRuns)
        .with(OperatorSettings.MAX_CONCURRENT_RECONCILES.variable(), Integer.toString(concurrency))
        .config();
  }

  /** Resources that declare their live job in full, as a GitOps repository would. */
  private void createResources(KubernetesClient client, NorthflankSimulator northflank)
      throws Exception {
    List<Fleet.Member> members = new ArrayList<>();
    for (int i = 1; i <= jobs; i++) {
      String jobId = String.format("job-%05d", i);
      members.add(new Fleet.Member(PROJECT, jobId, jobId));
    }
    Fleet.declare(northflank, client, members);
  }

  /** The least any operator must do per job, at the same concurrency, from a plain loop. */
  private Duration plainCeiling(MinimalSync sync) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    CpuAccount cpu = CpuAccount.start();
    try {
      List<Future<?>> done = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 1; i <= jobs; i++) {
        String jobId = String.format("job-%05d", i);
        done.add(
            pool.submit(
                () -> {
                  sync.sync(NAMESPACE, jobId);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      progress.say("plain ceiling: %s", cpu.perJob(jobs));
      return took;
    } finally {
      pool.shutdown();
    }
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
