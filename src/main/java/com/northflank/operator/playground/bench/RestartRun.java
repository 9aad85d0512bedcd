package com.northflank.operator.playground.bench;

import static com.northflank.operator.playground.bench.ThroughputRun.awaitUntil;

import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.reconciler.NorthflankOperator;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import java.time.Duration;

/**
 * A restart of an operator whose resources are all synced, with a budget that covers every job at
 * its interval (a tight budget paces any burst anyway): Northflank requests in the first minute
 * after the new operator starts, against its second minute, when it runs steadily. The old
 * operator's last minute is shown too, but its reads are still bunched as the resources were
 * created together (a round of reads spread only by the ±10% jitter), so one minute of it holds
 * more or less than one round depending on where the minute falls.
 */
final class RestartRun {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  record Result(
      int jobs,
      int projects,
      Duration interval,
      long minuteBefore,
      long firstMinute,
      long firstTenSeconds,
      long secondMinute) {

    /** The first minute against the second, once the restarted operator runs steadily. */
    double ratio() {
      return firstMinute / (double) secondMinute;
    }
  }

  private final int jobs;
  private final int projects;
  private final Duration interval;
  private final boolean observeRuns;
  private final ThroughputRun.Progress progress;

  RestartRun(
      int jobs,
      int projects,
      Duration interval,
      boolean observeRuns,
      ThroughputRun.Progress progress) {
    this.jobs = jobs;
    this.projects = projects;
    this.interval = interval;
    this.observeRuns = observeRuns;
    this.progress = progress;
  }

  Result run() throws Exception {
    try (BenchServers servers = BenchServers.start(BenchServers.UNLIMITED, 64)) {
      EmbeddedKubernetes kubernetes = servers.kubernetes();
      NorthflankSimulator northflank = servers.northflank();
      progress.say("creating %d NorthflankJobs in %d projects", jobs, projects);
      Fleet.create(northflank, kubernetes.client(), jobs, projects);
      ReadLog reads = new ReadLog();
      long steady;
      try (NorthflankOperator operator =
          NorthflankOperator.builder(config(northflank), kubernetes.client())
              .syncs(reads)
              .build()) {
        operator.start();
        awaitUntil(() -> reads.jobsRead() >= jobs, Duration.ofMinutes(10), "first sync");
        progress.say("every job read once; waiting for a second round");
        awaitUntil(
            () -> reads.jobsReadAtLeast(2) >= jobs,
            interval.multipliedBy(3),
            "second round of reads");
        progress.say("counting requests for a minute of steady state");
        steady = countFor(northflank, MINUTE);
      }
      progress.say("restarting the operator; counting its first minute");
      long before = northflank.counters().total();
      try (NorthflankOperator operator =
          NorthflankOperator.builder(config(northflank), kubernetes.client()).build()) {
        long start = System.nanoTime();
        operator.start();
        awaitUntil(
            () -> System.nanoTime() - start >= Duration.ofSeconds(10).toNanos(),
            MINUTE,
            "ten seconds");
        long tenSeconds = northflank.counters().total() - before;
        awaitUntil(
            () -> System.nanoTime() - start >= MINUTE.toNanos(),
            MINUTE.multipliedBy(2),
            "a minute");
        long firstMinute = northflank.counters().total() - before;
        awaitUntil(
            () -> System.nanoTime() - start >= MINUTE.multipliedBy(2).toNanos(),
            MINUTE.multipliedBy(3),
            "a second minute");
        long secondMinute = northflank.counters().total() - before - firstMinute;
        return new Result(jobs, projects, interval, steady, firstMinute, tenSeconds, secondMinute);
      }
    }
  }

  private static long countFor(NorthflankSimulator northflank, Duration window)
      throws InterruptedException {
    long before = northflank.counters().total();
    long start = System.nanoTime();
    awaitUntil(
        () -> System.nanoTime() - start >= window.toNanos(), window.multipliedBy(2), "window");
    return northflank.counters().total() - before;
  }

  private OperatorConfig config(NorthflankSimulator northflank) {
    return BenchOperatorSettings.of(
            northflank.baseUrl().toString(),
            com.northflank.operator.config.DurationParser.format(interval),
            "1000000000/1h")
        .observeRuns(observeRuns)
        .config();
  }
}
