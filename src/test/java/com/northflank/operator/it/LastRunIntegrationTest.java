package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static com.northflank.operator.it.OperatorHarness.condition;
import static com.northflank.operator.it.OperatorHarness.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.model.Condition;
import com.northflank.operator.model.LastRun;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.playground.simulator.FaultSettings;
import com.northflank.operator.playground.simulator.RunStatus;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Job health on the resource: the real operator reads the simulator's runs, writes status.lastRun
 * and LastRunSucceeded, and sends RunFailed and RunSucceeded on transitions only.
 */
class LastRunIntegrationTest {

  private static final String RUNS_ROUTE = "GET /v1/projects/{projectId}/jobs/{jobId}/runs";
  private static final String GET_JOB = "GET /v1/projects/{projectId}/jobs/{jobId}";
  private static final String NAME = "example";

  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @AfterEach
  void tokenNeverLeakedAndCleanUp() {
    assertThat(harness.everythingObservable()).doesNotContain(CANARY);
    harness.deleteAllJobs();
  }

  @Test
  void successThenFailureThenRecoveryWithOneEventEachAndNoneAgainAfterARestart() {
    String ns = "runs-flow";
    String ok =
        harness.northflank.addRun(PROJECT, created(ns), RunStatus.SUCCESS, Duration.ofMinutes(5));
    NorthflankJob succeeded = awaitVerdict(ns, "True", "RunSucceeded");
    assertThat(succeeded.getStatus().lastRun().name()).isEqualTo(ok);
    assertThat(succeeded.getStatus().lastRun().status()).isEqualTo(LastRun.SUCCEEDED);
    assertThat(reasons(ns)).noneMatch(r -> r.startsWith("Run"));

    String failedRun =
        harness.northflank.addRun(PROJECT, ns, RunStatus.FAILED, Duration.ofSeconds(42));
    NorthflankJob failed = awaitVerdict(ns, "False", "RunFailed");
    LastRun run = failed.getStatus().lastRun();
    assertThat(run.name()).isEqualTo(failedRun);
    assertThat(run.status()).isEqualTo(LastRun.FAILED);
    assertThat(
            Duration.between(
                java.time.Instant.parse(run.startedAt()),
                java.time.Instant.parse(run.concludedAt())))
        .isBetween(Duration.ofSeconds(41), Duration.ofSeconds(43));
    assertThat(condition(failed, "Synced").status())
        .as("a failed run is no failed sync")
        .isEqualTo("True");
    assertThat(condition(failed, "Ready").status()).isEqualTo("True");
    awaitEvents(ns, "RunFailed", 1);
    assertThat(eventsOf(ns, "RunFailed").get(0).getType()).isEqualTo("Warning");
    assertThat(eventsOf(ns, "RunFailed").get(0).getMessage())
        .startsWith("Run " + failedRun + " failed");

    // not once per poll
    awaitSyncs(ns, 3);
    assertThat(eventsOf(ns, "RunFailed")).hasSize(1);

    // not again after a restart: the decision rests on the status on record
    harness.stopOperator();
    long restarted = System.nanoTime();
    harness.startOperator();
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> harness.probe.syncs(restarted, System.nanoTime(), ns, NAME).size() >= 3);
    assertThat(eventsOf(ns, "RunFailed")).hasSize(1);

    String recovered = harness.northflank.addRun(PROJECT, ns, RunStatus.SUCCESS);
    NorthflankJob again = awaitVerdict(ns, "True", "RunSucceeded");
    assertThat(again.getStatus().lastRun().name()).isEqualTo(recovered);
    awaitEvents(ns, "RunSucceeded", 1);
    awaitSyncs(ns, 3);
    assertThat(eventsOf(ns, "RunSucceeded")).hasSize(1);
    assertThat(eventsOf(ns, "RunSucceeded").get(0).getType()).isEqualTo("Normal");
    assertThat(eventsOf(ns, "RunFailed")).hasSize(1);
  }

  @Test
  void aRunInProgressIsShownAndItsFailureAnnouncedWhenItConcludes() {
    String ns = "runs-progress";
    String jobId = created(ns);
    awaitVerdict(ns, "Unknown", "NoRuns");

    String running = harness.northflank.addRun(PROJECT, jobId, RunStatus.RUNNING);
    NorthflankJob inProgress = awaitVerdict(ns, "Unknown", "RunInProgress");
    assertThat(inProgress.getStatus().lastRun())
        .extracting(LastRun::name, LastRun::status, LastRun::concludedAt)
        .containsExactly(running, LastRun.RUNNING, null);

    harness.northflank.concludeRun(PROJECT, jobId, running, RunStatus.FAILED);
    NorthflankJob failed = awaitVerdict(ns, "False", "RunFailed");
    assertThat(failed.getStatus().lastRun().name()).isEqualTo(running);
    assertThat(failed.getStatus().lastRun().concludedAt()).isNotNull();
    awaitEvents(ns, "RunFailed", 1);
  }

  /** Faults of the runs route alone, each on a resource of its own, all at once. */
  private static final Map<String, Consumer<FaultSettings>> RUNS_FAULTS =
      Map.of(
          "runs-fault-500", f -> f.forceStatus(500, Integer.MAX_VALUE),
          "runs-fault-not-json", f -> f.malformedJson(1.0),
          "runs-fault-wrong-types", f -> f.wrongTypes(1.0),
          "runs-fault-404", f -> f.forceStatus(404, Integer.MAX_VALUE));

  @Test
  void aFailingRunsRouteKeepsTheLastRunAndSyncedTrueWithoutAHotLoop() {
    Map<String, NorthflankJob> before = new HashMap<>();
    for (String ns : RUNS_FAULTS.keySet()) {
      harness.northflank.addRun(PROJECT, created(ns), RunStatus.FAILED);
    }
    Map<String, List<String>> eventsBefore = new HashMap<>();
    for (String ns : RUNS_FAULTS.keySet()) {
      before.put(ns, awaitVerdict(ns, "False", "RunFailed"));
      awaitEvents(ns, "RunFailed", 1);
      // a loaded machine may let the resource's first read beat its Secret into the operator's
      // cache (SyncFailed, then SyncRecovered when the Secret arrives): the set-up's business
      eventsBefore.put(ns, reasons(ns));
    }

    RUNS_FAULTS.forEach(
        (ns, fault) -> fault.accept(harness.northflank.faults().jobRuns(PROJECT, ns)));
    long from = System.nanoTime();
    Map<String, NorthflankJob> during = new HashMap<>();
    for (String ns : RUNS_FAULTS.keySet()) {
      during.put(
          ns,
          harness.awaitJob(
              ns,
              NAME,
              j ->
                  Conditions.find(j.getStatus().conditions(), "LastRunSucceeded")
                      .map(Condition::message)
                      .filter(m -> m.contains("the last read of the runs failed"))
                      .isPresent()));
    }
    for (String ns : RUNS_FAULTS.keySet()) {
      awaitSyncs(ns, 3);
    }
    long to = System.nanoTime();

    for (String ns : RUNS_FAULTS.keySet()) {
      NorthflankJob was = before.get(ns);
      NorthflankJob now = harness.get(ns, NAME);
      for (NorthflankJob job : List.of(during.get(ns), now)) {
        assertThat(job.getStatus().lastRun()).as(ns).isEqualTo(was.getStatus().lastRun());
        assertThat(condition(job, "Synced").status()).as(ns).isEqualTo("True");
        assertThat(condition(job, "Synced").reason()).as(ns).isEqualTo("Fetched");
        assertThat(condition(job, "Ready").status()).as(ns).isEqualTo("True");
        assertThat(condition(job, "LastRunSucceeded").status()).as(ns).isEqualTo("False");
        assertThat(condition(job, "LastRunSucceeded").lastTransitionTime())
            .as(ns)
            .isEqualTo(condition(was, "LastRunSucceeded").lastTransitionTime());
      }
      assertThat(condition(now, "LastRunSucceeded").message())
          .as(ns)
          .contains("/runs (project default-project, job " + ns + ")");
      // the failing runs route announces nothing: the one RunFailed is the failed run's
      assertThat(eventsBefore.get(ns)).as(ns).containsOnlyOnce("RunFailed");
      assertThat(reasons(ns)).as(ns).isEqualTo(eventsBefore.get(ns));
      // no retry of its own: the runs are read again at the next interval, with the job
      int syncs = harness.probe.syncs(from, to, ns, NAME).size();
      long seconds = Math.max(1, Duration.ofNanos(to - from).toSeconds());
      assertThat(syncs)
          .as("%s: syncs in %ds at a 1s interval", ns, seconds)
          .isLessThanOrEqualTo((int) seconds + 2);
    }
    long runs = runsRequests(from, to, CANARY);
    long syncs =
        RUNS_FAULTS.keySet().stream()
            .mapToLong(ns -> harness.probe.syncs(from, to, ns, NAME).size())
            .sum();
    assertThat(runs)
        .as("runs requests, one per sync")
        .isLessThanOrEqualTo(syncs + RUNS_FAULTS.size());

    harness.northflank.faults().clear();
    for (String ns : RUNS_FAULTS.keySet()) {
      String verdict = condition(before.get(ns), "LastRunSucceeded").message();
      NorthflankJob healed =
          harness.awaitJob(
              ns, NAME, j -> condition(j, "LastRunSucceeded").message().equals(verdict));
      assertThat(healed.getStatus().lastRun()).isEqualTo(before.get(ns).getStatus().lastRun());
    }
  }

  @Test
  void observeRunsFalseRemovesTheLastRunAndSendsNoRunsRequest() {
    String ns = "runs-optout";
    String token = "nf-optout-5c1e0f";
    harness.northflank.addToken(token, Set.of());
    harness.liveJob(ns);
    harness.tokenSecret(ns, "northflank-api", token);
    harness.northflank.addRun(PROJECT, ns, RunStatus.FAILED);
    harness.create(sample(ns, NAME, ns));
    awaitVerdict(ns, "False", "RunFailed");

    harness.edit(ns, NAME, j -> j.setSpec(j.getSpec().withObserveRuns(false)));
    NorthflankJob off =
        harness.awaitJob(
            ns,
            NAME,
            j ->
                j.getStatus().lastRun() == null
                    && Conditions.find(j.getStatus().conditions(), "LastRunSucceeded").isEmpty());
    assertThat(condition(off, "Ready").status()).isEqualTo("True");
    long from = System.nanoTime();
    awaitSyncs(ns, 3);
    long to = System.nanoTime();

    assertThat(harness.probe.calls(from, to, c -> c.tokenFingerprint().equals(fingerprint(token))))
        .as("Get Job only")
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.route()).isEqualTo(GET_JOB));
  }

  @Test
  void theOperatorWideSwitchSendsNoRunsRequestWhateverTheSpecSays() {
    try (OperatorHarness off =
        OperatorHarness.start(Map.of(OperatorSettings.OBSERVE_RUNS.variable(), "false"))) {
      String ns = "runs-operator-off";
      off.liveJob(ns);
      off.tokenSecret(ns, "northflank-api", CANARY);
      off.northflank.addRun(PROJECT, ns, RunStatus.FAILED);
      NorthflankJob job = sample(ns, NAME, ns);
      job.setSpec(job.getSpec().withObserveRuns(true));
      off.create(job);
      off.awaitCondition(ns, NAME, "Ready", "True", "InSync");
      long from = System.nanoTime();
      await()
          .atMost(OperatorHarness.TIMEOUT)
          .until(() -> off.probe.syncs(from, System.nanoTime(), ns, NAME).size() >= 3);

      NorthflankJob now = off.get(ns, NAME);
      assertThat(now.getStatus().lastRun()).isNull();
      assertThat(Conditions.find(now.getStatus().conditions(), "LastRunSucceeded")).isEmpty();
      assertThat(off.northflank.counters().route(RUNS_ROUTE)).isZero();
      assertThat(off.northflank.counters().route(GET_JOB)).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void theBudgetCountsBothRequestsOfEverySync() throws Exception {
    // 119 usable requests a minute, 95% routine: 1.88 a second for 3 jobs that each want 2 a
    // second (Get Job and runs) at a 1s interval. The three share a project and a token, so list
    // sweeps take their 20% (SweepSplit) once the sweeper has seen them: every interval stretches
    // to 6 / (0.8 x 1.88) = 3.99s, where 1.99s would mean the runs read went uncounted
    try (OperatorHarness tight =
        OperatorHarness.start(Map.of(OperatorSettings.API_BUDGET.variable(), "120/1m"))) {
      List<String> namespaces = List.of("budget-a", "budget-b", "budget-c");
      for (String ns : namespaces) {
        tight.liveJob(ns);
        tight.tokenSecret(ns, "northflank-api", CANARY);
        tight.northflank.addRun(PROJECT, ns, RunStatus.SUCCESS);
        tight.create(sample(ns, NAME, ns));
      }
      for (String ns : namespaces) {
        tight.awaitJob(ns, NAME, j -> j.getStatus() != null && j.getStatus().lastRun() != null);
      }
      String interval =
          "northflank_job_sync_interval_seconds{name=\"example\",namespace=\"budget-a\"}";
      await()
          .atMost(OperatorHarness.TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(metric(tight, interval)).as("effective interval").isBetween(3.8, 4.2));
      long from = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  namespaces.stream()
                      .allMatch(
                          ns -> tight.probe.syncs(from, System.nanoTime(), ns, NAME).size() >= 2));
      long to = System.nanoTime();

      double seconds = (to - from) / 1e9;
      List<ReadProbe.Call> calls = tight.probe.calls(from, to, c -> true);
      long runs = calls.stream().filter(c -> c.route().equals(RUNS_ROUTE)).count();
      long gets = calls.stream().filter(c -> c.route().equals(GET_JOB)).count();
      assertThat((double) calls.size())
          .as("requests in %.1fs at 120/1m", seconds)
          .isLessThanOrEqualTo(seconds * 2 + 4);
      assertThat(runs).as("a runs read with every routine Get Job").isBetween(gets - 3, gets + 3);
      assertThat(seconds / 2).as("seconds between a job's reads").isGreaterThan(2.5);
    }
  }

  private static String created(String ns) {
    harness.liveJob(ns);
    harness.tokenSecret(ns, "northflank-api", CANARY);
    harness.create(sample(ns, NAME, ns));
    return ns;
  }

  private static NorthflankJob awaitVerdict(String ns, String status, String reason) {
    return harness.awaitCondition(ns, NAME, "LastRunSucceeded", status, reason);
  }

  private static void awaitSyncs(String ns, int count) {
    long from = System.nanoTime();
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> harness.probe.syncs(from, System.nanoTime(), ns, NAME).size() >= count);
  }

  private static void awaitEvents(String ns, String reason, int count) {
    await().atMost(OperatorHarness.TIMEOUT).until(() -> eventsOf(ns, reason).size() >= count);
  }

  private static List<Event> eventsOf(String ns, String reason) {
    return harness.events(ns, NAME).stream().filter(e -> reason.equals(e.getReason())).toList();
  }

  private static List<String> reasons(String ns) {
    return harness.events(ns, NAME).stream().map(Event::getReason).toList();
  }

  private static long runsRequests(long from, long to, String token) {
    return harness
        .probe
        .calls(
            from,
            to,
            c -> c.route().equals(RUNS_ROUTE) && c.tokenFingerprint().equals(fingerprint(token)))
        .size();
  }

  private static String fingerprint(String token) {
    return ApiToken.of(token).fingerprint();
  }

  private static double metric(OperatorHarness h, String series) throws Exception {
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(h.observabilityUrl().resolve("/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    return response
        .body()
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .map(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }
}
