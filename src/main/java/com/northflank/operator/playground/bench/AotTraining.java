package com.northflank.operator.playground.bench;

import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import com.northflank.operator.playground.simulator.RunStatus;
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

/**
 * The training run behind the image's AOT cache (JEP 483, 514, 515), made at image build time by
 * src/image/stage-root.sh with the image's own runtime, options and jar: the operator's {@code run}
 * against the embedded Kubernetes API and the Northflank simulator, through the paths a pod takes
 * in its first minutes. It starts and becomes ready, syncs 200 jobs, sees some of them drift and
 * some runs fail, meets API errors and timeouts, serves /metrics, /healthz and /readyz, and stops
 * on SIGTERM, when the JVM writes the cache of the classes it loaded and linked and the methods it
 * profiled.
 *
 * <pre>
 *   AotTraining JAVA OPTIONS_FILE JAR CACHE
 * </pre>
 */
public final class AotTraining {

  private static final int JOBS = 200;
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);

  private AotTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: AotTraining JAVA OPTIONS_FILE JAR CACHE");
      System.exit(2);
    }
    Path cache = Path.of(args[3]);
    Files.deleteIfExists(cache);
    List<String> command =
        List.of(
            args[0],
            "@" + args[1],
            // no method profiles (JEP 515): they serve C2, which the image does not run
            // (-XX:TieredStopAtLevel=1), and would add 4 MiB to the cache and to every pod's RSS
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:-AOTRecordTraining",
            "-XX:AOTCacheOutput=" + cache,
            "-jar",
            args[2],
            "run");
    try (BenchServers servers = BenchServers.start(BenchServers.UNLIMITED, 64)) {
      NorthflankSimulator northflank = servers.northflank();
      List<Fleet.Member> fleet = Fleet.create(northflank, servers.kubernetes().client(), JOBS, 2);
      int port = FootprintRun.freePort();
      Map<String, String> environment = new HashMap<>(FootprintRun.environment(servers, port));
      environment.put(OperatorSettings.SYNC_INTERVAL.variable(), "10s");
      say("training: %s", String.join(" ", command));
      ReadinessProbe probe = new ReadinessProbe(port);
      ChildJvmOperator operator = ChildJvmOperator.start(command, environment);
      try {
        say("ready after %.1fs", probe.awaitReady(operator, STEP_TIMEOUT).toNanos() / 1e9);
        FootprintRun.awaitSynced(servers.kubernetes().client(), operator, STEP_TIMEOUT);
        say("%d jobs synced", JOBS);
        // drift, failed and running runs, read on the next sync
        for (int i = 0; i < 20; i++) {
          Fleet.Member m = fleet.get(i);
          northflank.updateJob(m.project(), m.jobId(), job -> job.put("description", "drifted"));
          northflank.addRun(m.project(), m.jobId(), RunStatus.FAILED, Duration.ofSeconds(30));
          northflank.addRun(
              fleet.get(20 + i).project(), fleet.get(20 + i).jobId(), RunStatus.RUNNING);
        }
        scrape(port);
        Thread.sleep(12_000);
        // errors, malformed bodies and a timeout or two on the next round of reads
        northflank
            .faults()
            .all()
            .errorRate(0.2)
            .malformedJson(0.05)
            .timeout(0.02, Duration.ofSeconds(12));
        Thread.sleep(12_000);
        northflank.faults().clear();
        scrape(port);
        Thread.sleep(3_000);
      } catch (RuntimeException | InterruptedException e) {
        operator.close();
        throw e;
      } finally {
        probe.close();
      }
      say("stopping; the JVM writes %s as it exits", cache);
      int code = operator.terminate(STEP_TIMEOUT);
      if (!Files.isRegularFile(cache)) {
        throw new IllegalStateException(
            "no AOT cache after the training run (exit " + code + "):\n" + operator.logs());
      }
      say("AOT cache: %d MiB (operator exit %d)", Files.size(cache) >> 20, code);
      operator.close();
    }
  }

  private static void scrape(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/metrics", "/healthz", "/readyz")) {
      http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.discarding());
    }
  }

  private static void say(String format, Object... args) {
    System.out.printf("AotTraining: " + format + "%n", args);
  }
}
