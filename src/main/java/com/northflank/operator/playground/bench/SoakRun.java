package com.northflank.operator.playground.bench;

import com.northflank.operator.config.DurationParser;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.model.LastRun;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.playground.simulator.FaultSettings;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import com.northflank.operator.playground.simulator.RunStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A long run of the operator as a process of its own ({@link OperatorLauncher}) on N jobs synced
 * every {@code interval}, under its memory limit, while the bench starts and concludes runs on
 * random jobs and switches the simulator's faults on and off (errors, timeouts, latency, a 429
 * burst). Reported: RSS and live heap (after a full GC) at minute 5 and at the end, the reconciles
 * of every minute (JOSDK's counter on the operator's /metrics), and the runs the operator never
 * showed in a status (lost observations), counted once the faults are off for good and every job
 * had time for two more reads.
 *
 * <p>A run counts as observed when a status shows it or a later run of the same job: a job that ran
 * twice between two reads shows only the second, as it should.
 */
public final class SoakRun {

  /** What to run. */
  public record Settings(
      int jobs,
      int projects,
      Duration duration,
      Duration interval,
      long memory,
      Duration runEvery,
      Duration faultsEvery,
      Duration faultsFor,
      Duration apiLatency) {

    /**
     * 1000 jobs at a 1m interval for 30 minutes, a run every 250 ms, faults 2 of every 5 minutes.
     */
    public static Settings defaults(long memory) {
      return new Settings(
          1000,
          10,
          Duration.ofMinutes(30),
          Duration.ofMinutes(1),
          memory,
          Duration.ofMillis(250),
          Duration.ofMinutes(5),
          Duration.ofMinutes(2),
          Duration.ofMillis(20));
    }

    public Settings withDuration(Duration duration) {
      return new Settings(
          jobs, projects, duration, interval, memory, runEvery, faultsEvery, faultsFor, apiLatency);
    }
  }

  /** One minute of the run. */
  public record Minute(int minute, boolean faults, long reconciles, long rss) {}

  public record Result(
      String operator,
      Settings settings,
      FootprintRun.Memory atMinute5,
      FootprintRun.Memory atEnd,
      List<Minute> minutes,
      long runsStarted,
      long observed,
      long lost,
      Duration drain) {

    public double rssGrowth() {
      return atEnd.rss() / (double) atMinute5.rss() - 1;
    }

    /** The growth of what no file backs: a leak shows here, pages of mapped files do not. */
    public double anonymousRssGrowth() {
      return atEnd.anonymousRss() / (double) atMinute5.anonymousRss() - 1;
    }

    public OptionalDouble heapGrowth() {
      if (atMinute5.heap().isEmpty() || atEnd.heap().isEmpty()) {
        return OptionalDouble.empty();
      }
      return OptionalDouble.of(
          atEnd.heap().getAsLong() / (double) atMinute5.heap().getAsLong() - 1);
    }
  }

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final String RECONCILES = "operator_sdk_reconciliations_started_total";

  private final Settings settings;
  private final OperatorLauncher launcher;
  private final ThroughputRun.Progress progress;

  public SoakRun(Settings settings, OperatorLauncher launcher, ThroughputRun.Progress progress) {
    this.settings = settings;
    this.launcher = launcher;
    this.progress = progress;
  }

  public Result run() throws Exception {
    progress.say("operator: %s", launcher.describe());
    BenchServers servers = BenchServers.start(BenchServers.UNLIMITED, 64);
    try (servers) {
      NorthflankSimulator northflank = servers.northflank();
      KubernetesClient client = servers.kubernetes().client();
      northflank.faults().all().latency(settings.apiLatency());
      List<Fleet.Member> fleet =
          Fleet.create(northflank, client, settings.jobs(), settings.projects());
      Observations observations = new Observations();
      SharedIndexInformer<NorthflankJob> informer =
          client.resources(NorthflankJob.class).inAnyNamespace().inform(observations);
      int port = FootprintRun.freePort();
      Map<String, String> environment = new HashMap<>(FootprintRun.environment(servers, port));
      environment.put(
          OperatorSettings.SYNC_INTERVAL.variable(), DurationParser.format(settings.interval()));
      try (ReadinessProbe probe = new ReadinessProbe(port);
          OperatorProcess operator = launcher.start(environment, settings.memory())) {
        probe.awaitReady(operator, Duration.ofMinutes(2));
        FootprintRun.awaitSynced(client, operator, Duration.ofMinutes(10));
        progress.say(
            "%d jobs synced; soaking for %s, faults %s of every %s",
            settings.jobs(), settings.duration(), settings.faultsFor(), settings.faultsEvery());
        Scrape metrics = new Scrape(port);
        Random random = new Random(23);
        List<Minute> minutes = new ArrayList<>();
        FootprintRun.Memory atMinute5 = null;
        long start = System.nanoTime();
        long nextRun = start;
        long lastReconciles = metrics.counter(RECONCILES);
        boolean faults = false;
        boolean faultsThisMinute = false;
        int minute = 0;
        while (true) {
          long elapsed = System.nanoTime() - start;
          if (elapsed >= settings.duration().toNanos()) {
            break;
          }
          boolean faultsDue =
              elapsed % settings.faultsEvery().toNanos()
                      >= settings.faultsEvery().minus(settings.faultsFor()).toNanos()
                  // faults off for the last interval and a half, so that what they delayed drains
                  && settings.duration().toNanos() - elapsed
                      > settings.interval().multipliedBy(3).dividedBy(2).toNanos();
          if (faultsDue != faults) {
            faults = faultsDue;
            switchFaults(northflank, faults);
            progress.say("minute %.1f: faults %s", elapsed / 6e10, faults ? "on" : "off");
          }
          faultsThisMinute |= faults;
          while (nextRun <= System.nanoTime()) {
            Fleet.Member m = fleet.get(random.nextInt(fleet.size()));
            String run =
                northflank.addRun(
                    m.project(),
                    m.jobId(),
                    random.nextInt(4) == 0 ? RunStatus.FAILED : RunStatus.SUCCESS,
                    Duration.ofSeconds(5));
            observations.started(m.name(), run);
            nextRun += settings.runEvery().toNanos();
          }
          if (elapsed >= MINUTE.multipliedBy(minute + 1).toNanos()) {
            minute++;
            long reconciles = metrics.counter(RECONCILES);
            ProcessMemory memory = operator.memory();
            long rss = memory.rss();
            minutes.add(new Minute(minute, faultsThisMinute, reconciles - lastReconciles, rss));
            progress.say(
                "minute %d: %d reconciles, RSS %s (anonymous %s), %d runs unobserved%s",
                minute,
                reconciles - lastReconciles,
                FootprintRun.mib(rss),
                FootprintRun.mib(memory.anonymousRss()),
                observations.pending(),
                faultsThisMinute ? " (faults)" : "");
            lastReconciles = reconciles;
            faultsThisMinute = faults;
            if (minute == 5) {
              atMinute5 = FootprintRun.memory(operator);
              progress.say("minute 5: %s", FootprintRun.describe(atMinute5));
            }
          }
          operator
              .exit()
              .ifPresent(
                  exit -> {
                    throw new IllegalStateException(
                        "the operator ended (" + exit + "):\n" + operator.logs());
                  });
          Thread.sleep(Math.max(1, Math.min(1000, (nextRun - System.nanoTime()) / 1_000_000)));
        }
        switchFaults(northflank, false);
        FootprintRun.Memory atEnd = FootprintRun.memory(operator);
        progress.say("end: %s", FootprintRun.describe(atEnd));
        long drainStart = System.nanoTime();
        Duration drainFor = settings.interval().multipliedBy(2).plusSeconds(30);
        while (observations.pending() > 0 && System.nanoTime() - drainStart < drainFor.toNanos()) {
          Thread.sleep(1000);
        }
        Duration drain = Duration.ofNanos(System.nanoTime() - drainStart);
        progress.say(
            "%d runs started, %d observed, %d never observed (waited %ds after the end)",
            observations.startedCount(),
            observations.observedCount(),
            observations.pending(),
            drain.toSeconds());
        if (atMinute5 == null) {
          atMinute5 = atEnd;
        }
        return new Result(
            launcher.describe(),
            settings,
            atMinute5,
            atEnd,
            minutes,
            observations.startedCount(),
            observations.observedCount(),
            observations.pending(),
            drain);
      } finally {
        informer.close();
      }
    }
  }

  private void switchFaults(NorthflankSimulator northflank, boolean on) {
    FaultSettings all = northflank.faults().all();
    all.clear().latency(settings.apiLatency());
    if (on) {
      all.latency(settings.apiLatency().plusMillis(200))
          .errorRate(0.1)
          .timeout(0.02, Duration.ofSeconds(15))
          .malformedJson(0.02)
          .forcedRetryAfter(Duration.ofSeconds(5))
          .forceStatus(429, 50);
    }
  }

  /** The runs started and not yet shown by a status, per resource, oldest first. */
  private static final class Observations implements ResourceEventHandler<NorthflankJob> {
    private final Map<String, Deque<String>> pending = new ConcurrentHashMap<>();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong observed = new AtomicLong();

    void started(String resource, String run) {
      started.incrementAndGet();
      Deque<String> runs = pending.computeIfAbsent(resource, r -> new ArrayDeque<>());
      synchronized (runs) {
        runs.addLast(run);
      }
    }

    long pending() {
      return pending.values().stream()
          .mapToLong(
              runs -> {
                synchronized (runs) {
                  return runs.size();
                }
              })
          .sum();
    }

    long startedCount() {
      return started.get();
    }

    long observedCount() {
      return observed.get();
    }

    @Override
    public void onAdd(NorthflankJob job) {
      seen(job);
    }

    @Override
    public void onUpdate(NorthflankJob before, NorthflankJob after) {
      seen(after);
    }

    @Override
    public void onDelete(NorthflankJob job, boolean finalStateUnknown) {}

    /** The shown run, and every earlier one of the resource, are observed. */
    private void seen(NorthflankJob job) {
      LastRun shown = job.getStatus() == null ? null : job.getStatus().lastRun();
      if (shown == null || shown.name() == null) {
        return;
      }
      Deque<String> runs = pending.get(job.getMetadata().getName());
      if (runs == null) {
        return;
      }
      synchronized (runs) {
        if (!runs.contains(shown.name())) {
          return;
        }
        while (!runs.isEmpty()) {
          observed.incrementAndGet();
          if (runs.removeFirst().equals(shown.name())) {
            break;
          }
        }
      }
    }
  }

  /** Counters from the operator's Prometheus endpoint. */
  private static final class Scrape {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI metrics;

    Scrape(int port) {
      this.metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    /** The sum of every series of the counter; 0 when it is not there yet. */
    long counter(String name) throws Exception {
      String body =
          http.send(
                  HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      double total = 0;
      for (String line : body.lines().toList()) {
        if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
          total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return Math.round(total);
    }
  }
}
