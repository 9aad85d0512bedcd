package com.northflank.operator.playground.bench;

import static com.northflank.operator.playground.bench.ThroughputRun.awaitUntil;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.reconciler.NorthflankOperator;
import com.northflank.operator.observability.SyncObserver;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * List-assisted polling under a tight budget: N jobs in P projects all wanting a read every second,
 * against a budget of B requests per window that the simulator enforces too. While it runs, the
 * live jobs change at random times: {@code suspended} flips on random cron jobs (a field List Jobs
 * carries) and, separately, the cron schedule (a field only Get Job shows). Reported: how long each
 * change takes to reach the resource's status, as a ratio of the ideal staleness of plain polling
 * (R x N / B, R requests per sync), the 429s, and requests per job per hour.
 *
 * <p>Real time: the operator has no clock of its own to speed up (JOSDK's timers and the rate
 * limiters run on the system clock), so the budget is the issue's own and the run lasts minutes.
 * The resources start synced by an earlier operator, as after a restart.
 */
final class FreshnessRun {

  enum Kind {
    SUMMARY,
    OTHER
  }

  /** Detection latencies of one kind of change. */
  record Latencies(int count, Duration median, Duration p95, Duration max, int undetected) {
    static Latencies of(List<Long> nanos, int undetected) {
      List<Long> sorted = new ArrayList<>(nanos);
      sorted.sort(Long::compare);
      if (sorted.isEmpty()) {
        return new Latencies(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, undetected);
      }
      return new Latencies(
          sorted.size(),
          Duration.ofNanos(sorted.get(sorted.size() / 2)),
          Duration.ofNanos(sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.95)))),
          Duration.ofNanos(sorted.get(sorted.size() - 1)),
          undetected);
    }
  }

  record Result(
      int jobs,
      int projects,
      ApiBudget budget,
      int requestsPerSync,
      Duration ideal,
      Latencies summary,
      Latencies other,
      long tooManyRequests,
      long listRequests,
      double requestsPerJobPerHour,
      Duration observed) {

    double listRequestsPerJobPerHour() {
      return listRequests / (double) jobs / (observed.toNanos() / 3.6e12);
    }
  }

  private record Pending(Kind kind, long since, Object expected) {}

  private final int jobs;
  private final int projects;
  private final ApiBudget budget;
  private final boolean observeRuns;
  private final Duration flipEvery;
  private final ThroughputRun.Progress progress;

  FreshnessRun(
      int jobs,
      int projects,
      ApiBudget budget,
      boolean observeRuns,
      Duration flipEvery,
      ThroughputRun.Progress progress) {
    this.jobs = jobs;
    this.projects = projects;
    this.budget = budget;
    this.observeRuns = observeRuns;
    // a change every ~2s at the scale (ideal 200s); smaller runs change more often
    this.flipEvery =
        flipEvery != null ? flipEvery : min(Duration.ofSeconds(2), ideal().dividedBy(20));
    this.progress = progress;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  int requestsPerSync() {
    return observeRuns ? 2 : 1;
  }

  /** Plain polling's staleness: every job read once per R x N / B. */
  Duration ideal() {
    return BudgetRun.plainPolling(jobs, requestsPerSync(), budget);
  }

  Result run() throws Exception {
    try (BenchServers servers = BenchServers.start(BenchServers.UNLIMITED, 64)) {
      EmbeddedKubernetes kubernetes = servers.kubernetes();
      NorthflankSimulator northflank = servers.northflank();
      progress.say("creating %d NorthflankJobs in %d projects", jobs, projects);
      List<Fleet.Member> fleet = Fleet.create(northflank, kubernetes.client(), jobs, projects);
      presync(kubernetes, northflank);

      northflank.setBudget(budget.requests(), budget.window());
      northflank.counters().reset();
      Map<String, Pending> pending = new ConcurrentHashMap<>();
      Map<Kind, List<Long>> latencies =
          Map.of(
              Kind.SUMMARY, new CopyOnWriteArrayList<>(), Kind.OTHER, new CopyOnWriteArrayList<>());
      SyncObserver detector =
          new SyncObserver() {
            @Override
            public void statusComputed(NorthflankJob job, NorthflankJobStatus status) {
              String name = job.getMetadata().getName();
              Pending p = pending.get(name);
              if (p == null) {
                return;
              }
              Object seen = p.kind() == Kind.SUMMARY ? status.suspended() : status.schedule();
              if (Objects.equals(seen, p.expected()) && pending.remove(name, p)) {
                latencies.get(p.kind()).add(System.nanoTime() - p.since());
              }
            }

            @Override
            public void syncFailed(NorthflankJob job, String reason) {}
          };
      Duration flipFor = ideal().multipliedBy(3).dividedBy(2);
      progress.say(
          "operator restarted on budget %s (ideal staleness %.0fs); changing a random job every"
              + " ~%.1fs for %ds",
          budget, ideal().toNanos() / 1e9, flipEvery.toNanos() / 1e9, flipFor.toSeconds());
      long start = System.nanoTime();
      long end;
      try (NorthflankOperator operator =
          NorthflankOperator.builder(
                  config(northflank, "1s", budget.toString()), kubernetes.client())
              .syncs(detector)
              .build()) {
        operator.start();
        flip(northflank, fleet, pending, flipFor);
        progress.say("waiting for the last %d changes to be seen", pending.size());
        long drainUntil = System.nanoTime() + ideal().multipliedBy(2).toNanos();
        awaitUntil(
            () -> pending.isEmpty() || System.nanoTime() - drainUntil > 0,
            ideal().multipliedBy(3),
            "drain");
        end = System.nanoTime();
      }
      int summaryLeft =
          (int) pending.values().stream().filter(p -> p.kind() == Kind.SUMMARY).count();
      Duration observed = Duration.ofNanos(end - start);
      long total = northflank.counters().total();
      long lists = northflank.counters().route("GET /v1/projects/{projectId}/jobs");
      return new Result(
          jobs,
          projects,
          budget,
          requestsPerSync(),
          ideal(),
          Latencies.of(latencies.get(Kind.SUMMARY), summaryLeft),
          Latencies.of(latencies.get(Kind.OTHER), pending.size() - summaryLeft),
          northflank.counters().status(429),
          lists,
          total / (double) jobs / (observed.toNanos() / 3.6e12),
          observed);
    }
  }

  /** An earlier operator with an ample budget reads every job once, then stops. */
  private void presync(EmbeddedKubernetes kubernetes, NorthflankSimulator northflank)
      throws Exception {
    ReadLog reads = new ReadLog();
    try (NorthflankOperator operator =
        NorthflankOperator.builder(config(northflank, "1h", "1000000000/1h"), kubernetes.client())
            .syncs(reads)
            .build()) {
      operator.start();
      awaitUntil(
          () -> reads.jobsRead() >= jobs, Duration.ofMinutes(10), "the first operator's sync");
    }
  }

  /** Changes random cron jobs at random times, suspension and schedule in turn. */
  private void flip(
      NorthflankSimulator northflank,
      List<Fleet.Member> fleet,
      Map<String, Pending> pending,
      Duration flipFor)
      throws InterruptedException {
    Random random = new Random(42);
    long until = System.nanoTime() + flipFor.toNanos();
    Kind next = Kind.SUMMARY;
    while (System.nanoTime() - until < 0) {
      long gap = Math.round(-Math.log(1 - random.nextDouble()) * flipEvery.toNanos());
      Thread.sleep(Math.max(1, gap / 1_000_000));
      Fleet.Member m = fleet.get(random.nextInt(fleet.size()));
      ObjectNode live = northflank.job(m.project(), m.jobId()).orElseThrow();
      if (!"cron".equals(live.path("jobType").asText()) || pending.containsKey(m.name())) {
        continue;
      }
      Kind kind = next;
      next = kind == Kind.SUMMARY ? Kind.OTHER : Kind.SUMMARY;
      if (kind == Kind.SUMMARY) {
        boolean suspended = !live.path("suspended").asBoolean(false);
        pending.put(m.name(), new Pending(kind, System.nanoTime(), suspended));
        northflank.updateJob(m.project(), m.jobId(), job -> job.put("suspended", suspended));
      } else {
        String schedule = live.at("/settings/cron/schedule").asText();
        String[] parts = schedule.split(" ");
        String changed =
            ((Integer.parseInt(parts[0]) + 1 + random.nextInt(58)) % 60)
                + schedule.substring(parts[0].length());
        pending.put(m.name(), new Pending(kind, System.nanoTime(), changed));
        northflank.updateJob(
            m.project(),
            m.jobId(),
            job -> ((ObjectNode) job.path("settings").path("cron")).put("schedule", changed));
      }
    }
  }

  private OperatorConfig config(NorthflankSimulator northflank, String interval, String apiBudget) {
    return BenchOperatorSettings.of(northflank.baseUrl().toString(), interval, apiBudget)
        .observeRuns(observeRuns)
        .config();
  }
}
