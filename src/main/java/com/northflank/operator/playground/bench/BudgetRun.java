package com.northflank.operator.playground.bench;

import static com.northflank.operator.playground.bench.ThroughputRun.awaitUntil;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.model.JobDefinition;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.reconciler.NorthflankOperator;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * N jobs that all want a read every second against a budget of B requests per window, with the
 * simulator enforcing the same budget: how stale does a job get compared with the ideal N x R / B
 * (R requests per sync: 2 with the runs, 1 without), and does the server ever have to say 429?
 */
final class BudgetRun {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Result(
      int jobs,
      int requestsPerSync,
      ApiBudget budget,
      Duration ideal,
      Duration maxStaleness,
      Duration medianStaleness,
      long tooManyRequests,
      long reads,
      Duration observed) {

    double maxOverIdeal() {
      return maxStaleness.toNanos() / (double) ideal.toNanos();
    }
  }

  private final int jobs;
  private final ApiBudget budget;
  private final Duration observe;
  private final boolean observeRuns;
  private final ThroughputRun.Progress progress;

  BudgetRun(
      int jobs,
      ApiBudget budget,
      Duration observe,
      boolean observeRuns,
      ThroughputRun.Progress progress) {
    this.jobs = jobs;
    this.budget = budget;
    this.observe = observe;
    this.observeRuns = observeRuns;
    this.progress = progress;
  }

  /** Requests a sync sends: Get Job, and the runs when they are observed. */
  int requestsPerSync() {
    return observeRuns ? 2 : 1;
  }

  Duration ideal() {
    return plainPolling(jobs, requestsPerSync(), budget);
  }

  /** Plain polling's staleness: every job read once per R x N / B. */
  static Duration plainPolling(int jobs, int requestsPerSync, ApiBudget budget) {
    return Duration.ofNanos(Math.round(jobs * requestsPerSync / budget.rate() * 1e9));
  }

  Result run() throws Exception {
    try (BenchServers servers = BenchServers.start(budget, 64)) {
      EmbeddedKubernetes kubernetes = servers.kubernetes();
      NorthflankSimulator northflank = servers.northflank();
      northflank.seedSyntheticJobs(ThroughputRun.PROJECT, jobs);
      for (int i = 1; i <= jobs; i++) {
        String jobId = String.format("job-%05d", i);
        ObjectNode live = northflank.job(ThroughputRun.PROJECT, jobId).orElseThrow();
        NorthflankJob job = new NorthflankJob();
        job.setMetadata(
            new ObjectMetaBuilder().withName(jobId).withNamespace(ThroughputRun.NAMESPACE).build());
        job.setSpec(
            new NorthflankJobSpec(
                ThroughputRun.PROJECT,
                jobId,
                null,
                null,
                // the operator's default, 1s: the CRD refuses a declared interval under 10s
                null,
                JSON.convertValue(live, JobDefinition.class)));
        kubernetes.client().resource(job).create();
      }
      ReadLog reads = new ReadLog();
      OperatorConfig config =
          BenchOperatorSettings.of(northflank.baseUrl().toString(), "1s", budget.toString())
              .observeRuns(observeRuns)
              .config();
      progress.say(
          "%d jobs wanting a read every 1s, %d request(s) each, budget %s (ideal staleness %.1fs)",
          jobs, requestsPerSync(), budget, ideal().toNanos() / 1e9);
      try (NorthflankOperator operator =
          NorthflankOperator.builder(config, kubernetes.client()).syncs(reads).build()) {
        operator.start();
        awaitUntil(() -> reads.jobsRead() >= jobs, ideal().multipliedBy(3), "first reads");
        progress.say("every job read once; observing for %ds", observe.toSeconds());
        long until = System.nanoTime() + observe.toNanos();
        awaitUntil(() -> System.nanoTime() - until >= 0, observe.plusMinutes(1), "observation");
      }
      List<Long> gaps = new ArrayList<>(reads.gaps());
      gaps.sort(Long::compare);
      long max = gaps.isEmpty() ? 0 : gaps.get(gaps.size() - 1);
      long median = gaps.isEmpty() ? 0 : gaps.get(gaps.size() / 2);
      return new Result(
          jobs,
          requestsPerSync(),
          budget,
          ideal(),
          Duration.ofNanos(max),
          Duration.ofNanos(median),
          northflank.counters().status(429),
          northflank.counters().total(),
          observe);
    }
  }
}
