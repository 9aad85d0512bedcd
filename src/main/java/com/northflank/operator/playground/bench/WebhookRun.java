package com.northflank.operator.playground.bench;

import static com.northflank.operator.playground.bench.ThroughputRun.awaitUntil;

import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.model.LastRun;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.observability.SyncObserver;
import com.northflank.operator.observability.WebhookMetrics;
import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import com.northflank.operator.playground.simulator.RunStatus;
import com.northflank.operator.reconciler.NorthflankOperator;
import com.northflank.operator.webhook.WebhookServer;
import com.northflank.operator.webhook.WebhookToken;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run events polled vs pushed, side by side under the same budget, fleet and runs: N jobs in P
 * projects read every {@code interval}; every job runs {@code runsPerJobPerHour} times an hour on
 * average (a run starts, and fails a few seconds later). Measured after a warm-up (the first reads
 * after the restart, which in webhook mode read the runs as the backstop's first turn): Northflank
 * requests per job per hour, by route, and the time from a run failing to the reconcile that
 * records it and sends the RunFailed Event. In webhook mode, the second half of the window also
 * carries a flood of bad webhook requests on loopback (wrong or missing token, oversized body),
 * bounded in rate by its few client threads: the full reads per minute and the failure latency of
 * both halves show whether it slows reconciles.
 */
final class WebhookRun {

  static final String GET_JOB = "GET /v1/projects/{projectId}/jobs/{jobId}";
  static final String GET_RUNS = GET_JOB + "/runs";
  static final String LIST_JOBS = "GET /v1/projects/{projectId}/jobs";
  private static final String SECRET = "nf-bench-webhook-secret";
  private static final Duration RUN_TAKES = Duration.ofSeconds(3);
  private static final int FLOOD_THREADS = 2;

  /** The scenario's size. */
  record Settings(
      int jobs,
      int projects,
      Duration interval,
      double runsPerJobPerHour,
      Duration measure,
      ApiBudget budget) {
    static final Settings DEFAULT =
        new Settings(100, 1, Duration.ofSeconds(30), 2, Duration.ofMinutes(3), ApiBudget.parse("600/1m"));
  }

  /** One half of a window: without or with the flood. */
  record Half(
      Duration observed,
      long fullReads,
      FreshnessRun.Latencies failureSeen,
      long floodRequests,
      long floodRefused) {

    double fullReadsPerMinute() {
      return fullReads / (observed.toNanos() / 6e10);
    }

    double floodPerSecond() {
      return floodRequests / (observed.toNanos() / 1e9);
    }
  }

  record Result(
      boolean webhooks,
      int jobs,
      Duration observed,
      long total,
      long getJob,
      long runs,
      long lists,
      long tooManyRequests,
      FreshnessRun.Latencies failureSeen,
      Half quiet,
      Half flooded,
      long webhooksAccepted,
      long webhooksMatched) {

    double perJobPerHour(long requests) {
      return requests / (double) jobs / (observed.toNanos() / 3.6e12);
    }
  }

  private final Settings settings;
  private final ThroughputRun.Progress progress;

  WebhookRun(Settings settings, ThroughputRun.Progress progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** Polling, then webhooks, each on fresh servers and a fresh operator. */
  List<Result> run() throws Exception {
    return List.of(run(false), run(true));
  }

  private Result run(boolean webhooks) throws Exception {
    try (BenchServers servers = BenchServers.start(BenchServers.UNLIMITED, 64)) {
      EmbeddedKubernetes kubernetes = servers.kubernetes();
      NorthflankSimulator northflank = servers.northflank();
      String mode = webhooks ? "webhook" : "polling";
      progress.say(
          "%s: creating %d NorthflankJobs in %d projects", mode, settings.jobs(), settings.projects());
      List<Fleet.Member> fleet =
          Fleet.create(northflank, kubernetes.client(), settings.jobs(), settings.projects());
      presync(kubernetes, northflank);
      northflank.setBudget(settings.budget().requests(), settings.budget().window());

      Map<String, long[]> failing = new ConcurrentHashMap<>();
      Map<String, String> failingRun = new ConcurrentHashMap<>();
      List<Long> quietLatencies = new CopyOnWriteArrayList<>();
      List<Long> floodLatencies = new CopyOnWriteArrayList<>();
      AtomicBoolean flooding = new AtomicBoolean();
      SyncObserver detector =
          new SyncObserver() {
            @Override
            public void statusComputed(NorthflankJob job, NorthflankJobStatus status) {
              String name = job.getMetadata().getName();
              String run = failingRun.get(name);
              LastRun last = status.lastRun();
              if (run == null || last == null || !run.equals(last.name()) || !last.failed()) {
                return;
              }
              long[] since = failing.remove(name);
              if (since != null && failingRun.remove(name, run)) {
                (since[1] == 1 ? floodLatencies : quietLatencies)
                    .add(System.nanoTime() - since[0]);
              }
            }

            @Override
            public void syncFailed(NorthflankJob job, String reason) {}
          };
      WebhookMetrics metrics = new WebhookMetrics(new SimpleMeterRegistry());
      Path tokenFile = Files.createTempFile("bench-webhook", ".token");
      Files.writeString(tokenFile, SECRET);
      Map<String, String> extra = new HashMap<>();
      if (webhooks) {
        extra.put(OperatorSettings.WEBHOOK_PORT.variable(), "0");
        extra.put(OperatorSettings.WEBHOOK_TOKEN_FILE.variable(), tokenFile.toString());
      }
      ScheduledExecutorService runs = Executors.newScheduledThreadPool(2);
      ExecutorService flood = Executors.newFixedThreadPool(FLOOD_THREADS);
      try (NorthflankOperator operator =
          NorthflankOperator.builder(
                  config(northflank, DurationFormat.of(settings.interval()), extra),
                  kubernetes.client())
              .syncs(detector)
              .webhookMetrics(metrics)
              .build()) {
        WebhookServer server = null;
        try {
          if (webhooks) {
            server =
                WebhookServer.start(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    WebhookToken.fromFile(tokenFile),
                    operator.runEvents());
            northflank.sendWebhooks(
                URI.create("http://127.0.0.1:" + server.port() + WebhookServer.PATH), SECRET);
          }
          operator.start();
          Duration warmUp = settings.interval().multipliedBy(3).dividedBy(2);
          progress.say(
              "%s: operator restarted on budget %s, interval %s; warming up for %ds",
              mode, settings.budget(), DurationFormat.of(settings.interval()), warmUp.toSeconds());
          Thread.sleep(warmUp.toMillis());

          northflank.counters().reset();
          long start = System.nanoTime();
          long half = start + settings.measure().toNanos() / 2;
          long end = start + settings.measure().toNanos();
          scheduleRuns(runs, northflank, fleet, failing, failingRun, flooding, end);
          progress.say(
              "%s: measuring for %ds (%.1f runs per job per hour, each failing)%s",
              mode,
              settings.measure().toSeconds(),
              settings.runsPerJobPerHour(),
              webhooks ? "; bad webhook requests flood the second half" : "");
          sleepUntil(half);
          long firstHalfGets = northflank.counters().route(GET_JOB);
          long halfAt = System.nanoTime();
          AtomicLong floodSent = new AtomicLong();
          if (webhooks) {
            flooding.set(true);
            URI url = URI.create("http://127.0.0.1:" + server.port() + WebhookServer.PATH);
            for (int i = 0; i < FLOOD_THREADS; i++) {
              int seed = i;
              flood.submit(() -> flood(url, end, floodSent, seed));
            }
          }
          sleepUntil(end);
          long stopAt = System.nanoTime();
          long gets = northflank.counters().route(GET_JOB);
          long total = northflank.counters().total();
          long runsRead = northflank.counters().route(GET_RUNS);
          long lists = northflank.counters().route(LIST_JOBS);
          long tooMany = northflank.counters().status(429);
          runs.shutdownNow();
          flood.shutdownNow();
          flood.awaitTermination(10, TimeUnit.SECONDS);
          // the last failures get one interval to be seen: what polling needs at most
          awaitUntil(
              () -> failing.isEmpty() || System.nanoTime() - stopAt > settings.interval().toNanos(),
              settings.interval().multipliedBy(2),
              "the last failures");
          long floodRefused =
              metrics.count(WebhookMetrics.Answer.UNAUTHORIZED)
                  + metrics.count(WebhookMetrics.Answer.TOO_LARGE);
          int undetected = failing.size();
          Half quiet =
              new Half(
                  Duration.ofNanos(halfAt - start),
                  firstHalfGets,
                  FreshnessRun.Latencies.of(quietLatencies, 0),
                  0,
                  0);
          Half flooded =
              new Half(
                  Duration.ofNanos(stopAt - halfAt),
                  gets - firstHalfGets,
                  FreshnessRun.Latencies.of(floodLatencies, 0),
                  floodSent.get(),
                  floodRefused);
          List<Long> all = new java.util.ArrayList<>(quietLatencies);
          all.addAll(floodLatencies);
          return new Result(
              webhooks,
              settings.jobs(),
              Duration.ofNanos(stopAt - start),
              total,
              gets,
              runsRead,
              lists,
              tooMany,
              FreshnessRun.Latencies.of(all, undetected),
              quiet,
              flooded,
              metrics.count(WebhookMetrics.Answer.ACCEPTED),
              metrics.count(WebhookMetrics.Outcome.MATCHED));
        } finally {
          runs.shutdownNow();
          flood.shutdownNow();
          if (server != null) {
            server.close();
          }
          northflank.sendWebhooks(null, null);
        }
      } finally {
        Files.deleteIfExists(tokenFile);
      }
    }
  }

  /**
   * Runs at random times (a Poisson process at the fleet's rate), each on a job with no failure
   * pending: it starts, and fails {@link #RUN_TAKES} later.
   */
  private void scheduleRuns(
      ScheduledExecutorService runs,
      NorthflankSimulator northflank,
      List<Fleet.Member> fleet,
      Map<String, long[]> failing,
      Map<String, String> failingRun,
      AtomicBoolean flooding,
      long end) {
    Random random = new Random(7);
    double perSecond = settings.jobs() * settings.runsPerJobPerHour() / 3600;
    long at = 0;
    long window = end - System.nanoTime() - RUN_TAKES.toNanos();
    while (true) {
      at += Math.round(-Math.log(1 - random.nextDouble()) / perSecond * 1e9);
      if (at >= window) {
        return;
      }
      Fleet.Member m = fleet.get(random.nextInt(fleet.size()));
      runs.schedule(
          () -> {
            if (failingRun.containsKey(m.name())) {
              return;
            }
            String run = northflank.addRun(m.project(), m.jobId(), RunStatus.RUNNING);
            failingRun.put(m.name(), run);
            runs.schedule(
                () -> {
                  failing.put(m.name(), new long[] {System.nanoTime(), flooding.get() ? 1 : 0});
                  northflank.concludeRun(m.project(), m.jobId(), run, RunStatus.FAILED);
                },
                RUN_TAKES.toMillis(),
                TimeUnit.MILLISECONDS);
          },
          at,
          TimeUnit.NANOSECONDS);
    }
  }

  /** Bad requests, one after the other, until {@code end}: wrong token, none, or too large. */
  private static void flood(URI url, long end, AtomicLong sent, int seed) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String big = "{\"event\":\"job-run:failure\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
    String small = "{\"event\":\"job-run:failure\",\"data\":{\"job\":{\"id\":\"job-00001\"}}}";
    long n = seed;
    while (System.nanoTime() - end < 0 && !Thread.currentThread().isInterrupted()) {
      HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5));
      switch ((int) (n++ % 3)) {
        case 0 ->
            request
                .header(WebhookServer.TOKEN_HEADER, "wrong-" + n)
                .POST(HttpRequest.BodyPublishers.ofString(small));
        case 1 -> request.POST(HttpRequest.BodyPublishers.ofString(small));
        default ->
            request
                .header(WebhookServer.TOKEN_HEADER, "wrong")
                .POST(HttpRequest.BodyPublishers.ofString(big));
      }
      try {
        http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      } catch (java.io.IOException e) {
        // a refused connection is what a flood should meet
      } catch (InterruptedException e) {
        return;
      }
      sent.incrementAndGet();
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  /** An earlier operator with an ample budget reads every job once, then stops. */
  private void presync(EmbeddedKubernetes kubernetes, NorthflankSimulator northflank)
      throws Exception {
    ReadLog reads = new ReadLog();
    try (NorthflankOperator operator =
        NorthflankOperator.builder(
                config(northflank, "1h", Map.of(OperatorSettings.API_BUDGET.variable(), "1000000000/1h")),
                kubernetes.client())
            .syncs(reads)
            .build()) {
      operator.start();
      awaitUntil(
          () -> reads.jobsRead() >= settings.jobs(),
          Duration.ofMinutes(10),
          "the first operator's sync");
    }
  }

  private OperatorConfig config(
      NorthflankSimulator northflank, String interval, Map<String, String> extra) {
    return BenchOperatorSettings.of(
            northflank.baseUrl().toString(), interval, settings.budget().toString())
        .with(extra)
        .config();
  }

  /** Durations as the settings read them. */
  private static final class DurationFormat {
    static String of(Duration d) {
      return com.northflank.operator.config.DurationParser.format(d);
    }
  }
}
