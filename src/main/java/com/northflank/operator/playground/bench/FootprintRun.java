package com.northflank.operator.playground.bench;

import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.model.NorthflankJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The operator's footprint as a process of its own ({@link OperatorLauncher}: the image under
 * Docker, or the product jar), against the embedded Kubernetes API and the Northflank simulator,
 * which run in this process and listen on 127.0.0.1 only:
 *
 * <ol>
 *   <li>start to {@code /readyz}, {@code starts} times on an empty cluster;
 *   <li>RSS idle: ready, no NorthflankJob, after {@code settle};
 *   <li>RSS with N jobs synced: N NorthflankJobs created, every one Synced, after {@code settle};
 *   <li>start to {@code /readyz} again, {@code starts} times, with the N jobs synced (a restart);
 *   <li>the limit: a fresh cluster, the operator under {@code limit}, N jobs created: do they all
 *       reach Synced with the operator alive (not OOM-killed, no exit)?
 * </ol>
 *
 * <p>Live heap (after a full GC, by jcmd) is read beside each RSS where jcmd can attach, to show
 * how memory grows per job.
 */
public final class FootprintRun {

  /** What to run. */
  public record Settings(
      int jobs,
      int projects,
      long memory,
      long limit,
      int starts,
      Duration settle,
      Duration apiLatency) {

    public static final long MIB = 1024 * 1024;

    /** The issue's: 1000 jobs, measured under 256 MiB, the limit 160 MiB. */
    public static final Settings DEFAULTS =
        new Settings(
            1000, 10, 256 * MIB, 160 * MIB, 5, Duration.ofSeconds(10), Duration.ofMillis(20));
  }

  /** Resident memory, and the live heap where it could be read. */
  public record Memory(ProcessMemory process, OptionalLong heap) {
    public long rss() {
      return process.rss();
    }

    public long peakRss() {
      return process.peakRss();
    }

    public long anonymousRss() {
      return process.anonymousRss();
    }
  }

  /**
   * The operator under the limit with N jobs: synced and alive, or how it ended.
   *
   * @param enforced whether a container enforced the limit; without one, staying within it means a
   *     peak RSS below it
   */
  public record LimitOutcome(
      long limit,
      boolean enforced,
      int synced,
      int jobs,
      Optional<OperatorProcess.Exit> exit,
      Memory memory) {
    public boolean survived() {
      return synced == jobs && exit.isEmpty() && (enforced || memory.peakRss() <= limit);
    }
  }

  /**
   * One start, to the first 200 of /readyz.
   *
   * @param cpu the CPU the operator had used by then, all threads: what the start costs whatever
   *     else the machine runs
   */
  public record Start(Duration wall, Duration cpu) implements Comparable<Start> {
    @Override
    public int compareTo(Start other) {
      return wall.compareTo(other.wall);
    }

    @Override
    public String toString() {
      return String.format(
          java.util.Locale.ROOT, "%.2fs (CPU %.2fs)", wall.toNanos() / 1e9, cpu.toNanos() / 1e9);
    }
  }

  public record Result(
      String operator,
      boolean inContainer,
      OptionalLong imageBytes,
      Settings settings,
      List<Start> readyEmpty,
      List<Start> readyWithJobs,
      Memory idle,
      Memory synced,
      Duration firstSync,
      LimitOutcome limit) {}

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(10);

  private final Settings settings;
  private final OperatorLauncher launcher;
  private final ThroughputRun.Progress progress;

  /** Reports progress on {@code out}, as the bench does. */
  public FootprintRun(Settings settings, OperatorLauncher launcher, java.io.PrintStream out) {
    this(
        settings,
        launcher,
        (format, args) ->
            out.println("  .. " + String.format(java.util.Locale.ROOT, format, args)));
  }

  FootprintRun(Settings settings, OperatorLauncher launcher, ThroughputRun.Progress progress) {
    this.settings = settings;
    this.launcher = launcher;
    this.progress = progress;
  }

  public Result run() throws Exception {
    progress.say("operator: %s", launcher.describe());
    List<Start> readyEmpty = new ArrayList<>();
    List<Start> readyWithJobs = new ArrayList<>();
    Memory idle;
    Memory synced;
    Duration firstSync;
    try (BenchServers servers = servers()) {
      for (int i = 0; i < settings.starts(); i++) {
        readyEmpty.add(startAndStop(servers));
      }
      progress.say("start to /readyz, empty cluster: %s", readyEmpty);
      try (Started operator = start(servers, settings.memory())) {
        settle();
        idle = memory(operator.process());
        progress.say("idle: %s", describe(idle));
        long start = System.nanoTime();
        progress.say(
            "creating %d NorthflankJobs in %d projects", settings.jobs(), settings.projects());
        Fleet.create(
            servers.northflank(),
            servers.kubernetes().client(),
            settings.jobs(),
            settings.projects());
        awaitSynced(servers.kubernetes().client(), operator.process(), SYNC_TIMEOUT);
        firstSync = Duration.ofNanos(System.nanoTime() - start);
        progress.say(
            "%d jobs created and synced in %.1fs", settings.jobs(), firstSync.toNanos() / 1e9);
        settle();
        synced = memory(operator.process());
        progress.say("%d jobs synced: %s", settings.jobs(), describe(synced));
      }
      for (int i = 0; i < settings.starts(); i++) {
        readyWithJobs.add(startAndStop(servers));
      }
      progress.say("start to /readyz, %d jobs synced: %s", settings.jobs(), readyWithJobs);
    }
    LimitOutcome limit = limitRun();
    return new Result(
        launcher.describe(),
        launcher.inContainer(),
        launcher.imageBytes(),
        settings,
        readyEmpty,
        readyWithJobs,
        idle,
        synced,
        firstSync,
        limit);
  }

  /**
   * A fresh cluster, the operator under the limit, then the jobs: every one must reach Synced while
   * the operator stays up, and it must still be up {@code settle} later.
   */
  public LimitOutcome limitRun() throws Exception {
    try (BenchServers servers = servers();
        Started operator = start(servers, settings.limit())) {
      progress.say(
          "limit: %d NorthflankJobs under %d MiB",
          settings.jobs(), settings.limit() / Settings.MIB);
      Fleet.create(
          servers.northflank(),
          servers.kubernetes().client(),
          settings.jobs(),
          settings.projects());
      KubernetesClient client = servers.kubernetes().client();
      try {
        awaitSynced(client, operator.process(), SYNC_TIMEOUT);
        settle();
      } catch (IllegalStateException e) {
        progress.say("limit: %s", e.getMessage().lines().findFirst().orElse(""));
      }
      Optional<OperatorProcess.Exit> exit = operator.process().exit();
      Memory memory =
          exit.isPresent()
              ? new Memory(new ProcessMemory(0, 0), OptionalLong.empty())
              : new Memory(operator.process().memory(), OptionalLong.empty());
      LimitOutcome outcome =
          new LimitOutcome(
              settings.limit(),
              launcher.inContainer(),
              syncedCount(client),
              settings.jobs(),
              exit,
              memory);
      progress.say(
          "limit: %d of %d synced, %s",
          outcome.synced(),
          outcome.jobs(),
          exit.map(Object::toString).orElse("running, peak RSS " + mib(memory.peakRss())));
      return outcome;
    }
  }

  private BenchServers servers() {
    BenchServers servers = BenchServers.start(BenchServers.UNLIMITED, 64);
    servers.northflank().faults().all().latency(settings.apiLatency());
    return servers;
  }

  /** A started operator and its probe. */
  private record Started(OperatorProcess process, ReadinessProbe probe, Start ready)
      implements AutoCloseable {
    @Override
    public void close() {
      probe.close();
      process.close();
    }
  }

  private Started start(BenchServers servers, long memory) throws InterruptedException {
    int port = freePort();
    ReadinessProbe probe = new ReadinessProbe(port);
    OperatorProcess process;
    try {
      process = launcher.start(environment(servers, port), memory);
    } catch (RuntimeException e) {
      probe.close();
      throw e;
    }
    try {
      Duration wall = probe.awaitReady(process, READY_TIMEOUT);
      return new Started(process, probe, new Start(wall, process.cpuTime()));
    } catch (RuntimeException | InterruptedException e) {
      probe.close();
      process.close();
      throw e;
    }
  }

  private Start startAndStop(BenchServers servers) throws InterruptedException {
    try (Started operator = start(servers, settings.memory())) {
      return operator.ready();
    }
  }

  /**
   * The operator as the Deployment configures it, pointed at the two servers, with a budget no run
   * reaches (the footprint, not the budget's pace, is measured) and its token granted everywhere.
   */
  static Map<String, String> environment(BenchServers servers, int metricsPort) {
    return Map.of(
        "KUBERNETES_MASTER",
        "http://127.0.0.1:" + servers.kubernetes().server().getPort(),
        "KUBERNETES_AUTH_TRYKUBECONFIG",
        "false",
        "KUBERNETES_AUTH_TRYSERVICEACCOUNT",
        "false",
        OperatorSettings.API_URL.variable(),
        servers.northflank().baseUrl().toString(),
        OperatorSettings.API_TOKEN.variable(),
        ThroughputRun.TOKEN,
        OperatorSettings.API_BUDGET.variable(),
        "1000000000/1h",
        // every namespace may use the operator-wide token, and write with it, as in the other runs
        OperatorSettings.DEFAULT_TOKEN_NAMESPACES.variable(),
        "*",
        OperatorSettings.DEFAULT_TOKEN_WRITES.variable(),
        "true",
        OperatorSettings.METRICS_PORT.variable(),
        Integer.toString(metricsPort));
  }

  /** Waits until every NorthflankJob is Synced, failing at once should the operator end. */
  static void awaitSynced(KubernetesClient client, OperatorProcess operator, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<OperatorProcess.Exit> exit = operator.exit();
      if (exit.isPresent()) {
        throw new IllegalStateException(
            "the operator ended ("
                + exit.get()
                + ") with "
                + syncedCount(client)
                + " jobs synced:\n"
                + operator.logs());
      }
      List<NorthflankJob> jobs =
          client.resources(NorthflankJob.class).inAnyNamespace().list().getItems();
      if (!jobs.isEmpty() && jobs.stream().allMatch(FootprintRun::synced)) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            syncedCount(client) + " of " + jobs.size() + " jobs synced after " + timeout);
      }
      Thread.sleep(1000);
    }
  }

  static int syncedCount(KubernetesClient client) {
    return (int)
        client.resources(NorthflankJob.class).inAnyNamespace().list().getItems().stream()
            .filter(FootprintRun::synced)
            .count();
  }

  private static boolean synced(NorthflankJob job) {
    return job.getStatus() != null
        && job.getStatus().conditions() != null
        && Conditions.isTrue(job.getStatus().conditions(), ConditionTypes.SYNCED);
  }

  private void settle() throws InterruptedException {
    Thread.sleep(settings.settle().toMillis());
  }

  /** RSS first: attaching jcmd adds a thread and its memory to the process. */
  static Memory memory(OperatorProcess operator) {
    ProcessMemory process = operator.memory();
    return new Memory(process, HeapAfterGc.of(operator.pid()));
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String describe(Memory memory) {
    return "RSS "
        + mib(memory.rss())
        + " (peak "
        + mib(memory.peakRss())
        + ")"
        + (memory.heap().isPresent() ? ", live heap " + mib(memory.heap().getAsLong()) : "");
  }

  static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) Settings.MIB);
  }
}
