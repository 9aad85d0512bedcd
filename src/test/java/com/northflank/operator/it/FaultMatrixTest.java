package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static com.northflank.operator.it.OperatorHarness.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.playground.kubernetes.RecordingDispatcher;
import com.northflank.operator.model.Condition;
import com.northflank.operator.model.Credentials;
import com.northflank.operator.model.FieldDrift;
import com.northflank.operator.model.JobDefinition;
import com.northflank.operator.model.Lifecycle;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.model.SecretKeyRef;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.reconciler.NorthflankJobReconciler;
import com.northflank.operator.model.Reasons;
import com.northflank.operator.events.TransitionEvents;
import com.northflank.operator.freshness.ListSweeper;
import com.northflank.operator.playground.simulator.HeldAnswer;
import com.northflank.operator.playground.simulator.WriteLog;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fault at a time, against the real operator on the in-process Kubernetes API and Northflank
 * simulator. Every case has three resources in its own namespace:
 *
 * <ul>
 *   <li>{@code subject}: the resource the fault is aimed at, with its own token (Secret {@code
 *       northflank-api});
 *   <li>{@code neighbour}: another job on the subject's token and Secret, for the faults that are
 *       not about the token itself;
 *   <li>{@code bystander}: another job with another token (Secret {@code bystander-token}, the
 *       canary token).
 * </ul>
 *
 * <p>A history of every version of the resources is recorded through a watch of a separate client.
 * For each case the test asserts: (1) a failed read keeps the last good observation (schedule,
 * cluster, lastSyncTime, drift); (2) no false drift: Drifted never turns True and no DriftDetected
 * Event goes out; (3) while the fault lasts, the conditions carry the reason the design gives it;
 * (4) the healthy resources keep being read and stay Ready; (5) once the fault is removed, Ready is
 * True again within one sync interval plus backoff (plus what the fault itself imposes, e.g.
 * Retry-After); (6) no hot loop: the Northflank reads of each token stay within the configured
 * request budget for the case's duration, and the subject is not read more often than its backoff
 * floor allows. Events go out on transitions only, and no token ever shows up in logs, statuses or
 * Events.
 *
 * <p>The faults of a correcting write (PATCH 500, 400, timeouts, a change landing between read and
 * write) give the subject {@code driftPolicy: Correct} and change one of its declared fields in
 * Northflank: that drift is genuine, so (2) becomes "drift only in the fields the fault changed",
 * its DriftDetected, DriftCorrected and DriftResolved Events are counted like the sync Events, and
 * the requests counted in (6) include the PATCHes, which spend the same budget.
 *
 * <p>The faults of a create and of a delete ({@link LifecycleFault}) have no last observation to
 * keep: the subject is created under {@code creationPolicy: IfAbsent} while its job is absent, or
 * deleted under {@code deletionPolicy: Delete} while it owns its job, as the fault is injected.
 * They assert (3), (4), recovery, (6) and, exactly, the writes the simulator received.
 */
class FaultMatrixTest {

  private static final Logger LOG = LoggerFactory.getLogger(FaultMatrixTest.class);

  private static final String GET_JOB = "GET /v1/projects/{projectId}/jobs/{jobId}";
  private static final String LIST_JOBS = "GET /v1/projects/{projectId}/jobs";
  private static final String SCHEDULE = "30 8 * * *";
  private static final String SUBJECT = "subject";
  private static final String NEIGHBOUR = "neighbour";
  private static final String BYSTANDER = "bystander";
  private static final String LATE = "late";
  private static final String SUBJECT_SECRET = "northflank-api";
  private static final String BYSTANDER_SECRET = "bystander-token";

  /** Tight on purpose: 10 reads a second per token, so a hot loop cannot hide in the budget. */
  private static final ApiBudget BUDGET = ApiBudget.parse("600/1m");

  private static final Duration SYNC_INTERVAL = Duration.ofSeconds(1);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  /** JitteredRetry's cap: the sync interval, when it is under 5m. */
  private static final Duration MAX_BACKOFF = SYNC_INTERVAL;

  /** The first retry comes at 1s (2s capped at the interval) jittered by -50%, later ones at 1s. */
  private static final Duration MIN_RETRY_GAP = Duration.ofMillis(500);

  /** A loaded 2-core machine with other builds running. */
  private static final Duration SLACK = Duration.ofSeconds(6);

  private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  /** Held longer than the client's request timeout, so the client gives up first. */
  private static final Duration TIMEOUT_HOLD = Duration.ofSeconds(3);

  /** JOSDK's update-and-cache helper waits this long for a newer resourceVersion after a 409. */
  private static final Duration CONFLICT_CACHE_WAIT =
      Duration.ofMillis(PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_TIMEOUT_MILLIS);

  /** fabric8 reconnects a failed watch after 1s, 2s, 4s, ...: the attempt after the outage. */
  private static final Duration WATCH_RECONNECT = Duration.ofSeconds(8);

  /**
   * Reads the budget arithmetic cannot see: one stored permit per limiter (two per token) and per
   * operator instance, reads in flight when the window opens, reads triggered by events.
   */
  private static final int READ_SLACK = 8;

  /** Every read held this long before the operator is stopped, so one is cut short. */
  private static final Duration IN_FLIGHT = Duration.ofMillis(1500);

  private static final Duration FAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(50);

  private static OperatorHarness harness;

  /** Separate connections for the history watches, so that no Kubernetes fault touches them. */
  private static KubernetesClient recorderClient;

  private Run run;
  private LifecycleRun lifecycleRun;
  private boolean operatorStopped;

  @BeforeAll
  static void start() {
    harness =
        OperatorHarness.start(
            Map.of(
                OperatorSettings.API_BUDGET.variable(), BUDGET.toString(),
                OperatorSettings.SYNC_INTERVAL.variable(), "1s",
                OperatorSettings.REQUEST_TIMEOUT.variable(), "2s"));
    // the server's own budget is not under test here (the 429 case forces its answers)
    harness.northflank.setBudget(1_000_000, Duration.ofHours(1));
    recorderClient = harness.kubernetes.server().createClient();
  }

  @AfterAll
  static void stop() {
    recorderClient.close();
    harness.close();
  }

  @AfterEach
  void noTokenLeakedAndCleanUp() {
    try {
      String observable = harness.everythingObservable();
      assertThat(observable).doesNotContain(CANARY);
      if (run != null) {
        assertThat(observable).doesNotContain(run.token);
        if (run.rotatedToken != null) {
          assertThat(observable).doesNotContain(run.rotatedToken);
        }
      }
      if (lifecycleRun != null) {
        assertThat(observable).doesNotContain(lifecycleRun.token);
      }
    } finally {
      harness.kubernetesFaults.clear();
      if (operatorStopped) {
        harness.startOperator();
        operatorStopped = false;
      }
      if (run != null && run.recorder != null) {
        run.recorder.close();
      }
      if (lifecycleRun != null) {
        if (lifecycleRun.held != null) {
          lifecycleRun.held.release();
        }
        if (lifecycleRun.recorder != null) {
          lifecycleRun.recorder.close();
        }
      }
      harness.deleteAllJobs();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Fault.class)
  void ridesOutTheFault(Fault fault) {
    run = new Run(fault);
    run.setUp();
    long getsBefore = harness.northflank.counters().route(GET_JOB);
    int logLinesBefore = harness.logLines().size();

    run.injectedAt = System.nanoTime();
    fault.inject(run);
    fault.awaitInEffect(run);
    fault.assertWhileInEffect(run);

    run.removedAt = System.nanoTime();
    fault.remove(run);
    Duration recoveryBound =
        SYNC_INTERVAL.plus(MAX_BACKOFF).plus(REQUEST_TIMEOUT).plus(SLACK).plus(fault.extraRecovery);
    run.recoveryBound = recoveryBound;
    await("Ready again after " + fault.title)
        .atMost(recoveryBound)
        .pollInterval(POLL)
        .until(() -> fault.recovered(run));
    run.recoveredAt = System.nanoTime();
    assertThat(Duration.ofNanos(run.recoveredAt - run.removedAt)).isLessThan(recoveryBound);
    fault.assertAfterRecovery(run);

    assertLastObservationKeptAndNoFalseDrift(run);
    assertEventsOnTransitionsOnly(run);
    assertNoHotLoop(run, harness.northflank.counters().route(GET_JOB) - getsBefore);
    assertNoStackTraces(logLinesBefore);
  }

  /**
   * The faults of a create (POST) and of a delete (DELETE), one at a time, with the subject created
   * under {@code creationPolicy: IfAbsent} while its job is absent, or deleted under {@code
   * deletionPolicy: Delete} while it owns its job. Each row asserts what the read faults assert
   * where it applies: the condition reason while the fault lasts, recovery once it is removed, no
   * hot loop (requests per token within the budget, at most one write per reconcile of the
   * subject), the neighbour and the bystander Ready and without Events throughout; and, exactly,
   * every request that is not a GET the simulator received for the subject's job.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(LifecycleFault.class)
  void ridesOutTheLifecycleFault(LifecycleFault fault) {
    LifecycleRun run = new LifecycleRun(fault);
    lifecycleRun = run;
    run.setUp();
    int logLinesBefore = harness.logLines().size();

    run.injectedAt = System.nanoTime();
    fault.inject(run);
    run.act();
    fault.awaitInEffect(run);
    fault.assertWhileInEffect(run);

    run.removedAt = System.nanoTime();
    fault.remove(run);
    Duration recoveryBound = SYNC_INTERVAL.plus(MAX_BACKOFF).plus(REQUEST_TIMEOUT).plus(SLACK);
    await("recovered after " + fault.title)
        .atMost(recoveryBound)
        .pollInterval(POLL)
        .until(run::recovered);
    run.recoveredAt = System.nanoTime();

    run.assertWrites();
    run.assertHealthyUnaffected();
    run.assertNoHotLoop();
    assertNoStackTraces(logLinesBefore);
  }

  /** Where a lifecycle fault is aimed: the subject's create, or the delete of its owned job. */
  enum Operation {
    CREATE,
    DELETE
  }

  /** The faults of a create or a delete, each with what the subject says while it lasts. */
  enum LifecycleFault {
    CREATE_UNAUTHORIZED(
        "POST 401: the create refused -> Unauthorized, Stalled, sent again at the interval, created"
            + " once the token is good",
        Operation.CREATE,
        Reasons.UNAUTHORIZED,
        true,
        401) {
      @Override
      void inject(LifecycleRun run) {
        harness.northflank.faults().creates().forceStatus(401, Integer.MAX_VALUE);
      }
    },
    CREATE_FORBIDDEN(
        "POST 403: the create refused -> Forbidden naming the permission, Stalled, created once"
            + " allowed",
        Operation.CREATE,
        Reasons.FORBIDDEN,
        true,
        403) {
      @Override
      void inject(LifecycleRun run) {
        harness.northflank.faults().creates().forceStatus(403, Integer.MAX_VALUE);
      }

      @Override
      void assertWhileInEffect(LifecycleRun run) {
        super.assertWhileInEffect(run);
        assertThat(condition(run.latest(), ConditionTypes.SYNCED).message())
            .contains("Project > Jobs > General > Create");
      }
    },
    CREATE_CONFLICT(
        "POST 409 while no such job can be read -> read again, JobNotFound, Stalled, created once"
            + " Northflank takes it",
        Operation.CREATE,
        Reasons.JOB_NOT_FOUND,
        true,
        409) {
      @Override
      void inject(LifecycleRun run) {
        harness.northflank.faults().creates().forceStatus(409, Integer.MAX_VALUE);
      }
    },
    CREATE_SERVER_ERRORS(
        "POST 500: the create failed -> ApiUnavailable, backoff, created once it stops",
        Operation.CREATE,
        Reasons.API_UNAVAILABLE,
        false,
        500) {
      @Override
      void inject(LifecycleRun run) {
        harness.northflank.faults().creates().forceStatus(500, Integer.MAX_VALUE);
      }
    },
    CREATE_TIMEOUTS(
        "POST timeouts: held 3s, beyond the 2s request timeout, and nothing created ->"
            + " ApiUnavailable, backoff, created once answered",
        Operation.CREATE,
        Reasons.API_UNAVAILABLE,
        false,
        504) {
      @Override
      void inject(LifecycleRun run) {
        harness.northflank.faults().creates().timeout(1.0, TIMEOUT_HOLD);
      }

      @Override
      void assertWhileInEffect(LifecycleRun run) {
        super.assertWhileInEffect(run);
        assertThat(condition(run.latest(), ConditionTypes.SYNCED).message())
            .contains("no response within " + REQUEST_TIMEOUT.toMillis() + " ms");
      }
    },
    CREATE_ANSWER_LOST(
        "POST stored, its answer held past the request timeout -> ApiUnavailable, then the job"
            + " found by its ID and bound as Created: exactly one POST",
        Operation.CREATE,
        Reasons.API_UNAVAILABLE,
        false,
        0) {
      @Override
      void inject(LifecycleRun run) {
        run.held = harness.northflank.faults().creates().holdNextAnswer();
      }

      /** Once: the next reconcile finds the job, so the fault is over before it is removed. */
      @Override
      void awaitInEffect(LifecycleRun run) {
        run.awaitReason(reason);
        run.awaitHealthyReads(1);
      }

      @Override
      void assertWhileInEffect(LifecycleRun run) {
        assertThat(run.held.served()).as("the POST arrived").isTrue();
        assertThat(harness.northflank.job(PROJECT, run.subjectJob))
            .as("stored, unanswered")
            .isPresent();
      }

      @Override
      void remove(LifecycleRun run) {
        run.held.release();
      }
    },
    DELETE_UNAUTHORIZED(
        "DELETE 401 -> DeleteBlocked, the finalizer kept, sent again at the interval, deleted once"
            + " the token is good",
        Operation.DELETE,
        Reasons.DELETE_BLOCKED,
        false,
        401) {
      @Override
      void inject(LifecycleRun run) {
        harness.northflank.faults().deletes().forceStatus(401, Integer.MAX_VALUE);
      }
    },
    DELETE_FORBIDDEN(
        "DELETE 403 -> DeleteBlocked naming the permission and how to let go, the finalizer kept,"
            + " deleted once allowed",
        Operation.DELETE,
        Reasons.DELETE_BLOCKED,
        false,
        403) {
      @Override
      void inject(LifecycleRun run) {
        harness.northflank.faults().deletes().forceStatus(403, Integer.MAX_VALUE);
      }

      @Override
      void assertWhileInEffect(LifecycleRun run) {
        super.assertWhileInEffect(run);
        assertThat(condition(run.latest(), ConditionTypes.SYNCED).message())
            .contains("Project > Jobs > General > Delete")
            .contains("deletionPolicy");
      }
    },
    DELETE_SERVER_ERRORS(
        "DELETE 500 -> ApiUnavailable, the finalizer kept, backoff, deleted once it stops",
        Operation.DELETE,
        Reasons.API_UNAVAILABLE,
        false,
        500) {
      @Override
      void inject(LifecycleRun run) {
        harness.northflank.faults().deletes().forceStatus(500, Integer.MAX_VALUE);
      }
    },
    DELETE_TIMEOUTS(
        "DELETE timeouts: held 3s, beyond the 2s request timeout, and nothing deleted ->"
            + " ApiUnavailable, backoff, deleted once answered",
        Operation.DELETE,
        Reasons.API_UNAVAILABLE,
        false,
        504) {
      @Override
      void inject(LifecycleRun run) {
        harness.northflank.faults().deletes().timeout(1.0, TIMEOUT_HOLD);
      }
    };

    final String title;
    final Operation operation;
    final String reason;
    final boolean stalls;

    /** The status the simulator answered each failed write with; 0 when none failed there. */
    final int failedStatus;

    LifecycleFault(
        String title, Operation operation, String reason, boolean stalls, int failedStatus) {
      this.title = title;
      this.operation = operation;
      this.reason = reason;
      this.stalls = stalls;
      this.failedStatus = failedStatus;
    }

    @Override
    public String toString() {
      return title;
    }

    abstract void inject(LifecycleRun run);

    void remove(LifecycleRun run) {
      harness.northflank.faults().creates().clear();
      harness.northflank.faults().deletes().clear();
    }

    /**
     * Failed writes before the fault is removed: two show the retry and its pace; a timeout costs
     * the request timeout each time, so one shows it (the bound on writes per retry gap holds).
     */
    int failuresToAwait() {
      return failedStatus == 504 ? 1 : 2;
    }

    /** The subject failed with the reason and its writes failed; the healthy ones were read. */
    void awaitInEffect(LifecycleRun run) {
      run.awaitReason(reason);
      await(failuresToAwait() + " failed " + operation + "s")
          .atMost(FAULT_TIMEOUT)
          .pollInterval(POLL)
          .until(
              () ->
                  run.subjectWrites().stream().filter(w -> w.status() == failedStatus).count()
                      >= failuresToAwait());
      run.awaitHealthyReads(failuresToAwait());
    }

    /** Synced, Ready and Stalled as the design gives them, on the latest version. */
    void assertWhileInEffect(LifecycleRun run) {
      NorthflankJob latest = run.latest();
      assertThat(hasCondition(latest, ConditionTypes.SYNCED, "False", reason)).isTrue();
      assertThat(hasCondition(latest, ConditionTypes.READY, "False", reason)).isTrue();
      assertThat(condition(latest, ConditionTypes.STALLED).status())
          .isEqualTo(stalls ? "True" : "False");
      if (operation == Operation.CREATE) {
        assertThat(latest.getStatus().ownership()).as("nothing bound yet").isNull();
      } else {
        NorthflankJob live = harness.get(run.namespace, SUBJECT);
        assertThat(live).as("held by the finalizer").isNotNull();
        assertThat(Lifecycle.hasFinalizer(live)).isTrue();
        assertThat(harness.northflank.job(PROJECT, run.subjectJob)).isPresent();
      }
    }
  }

  /** One lifecycle case: its resources, its history and its timeline. */
  static final class LifecycleRun {
    final LifecycleFault fault;
    final String namespace;
    final String subjectJob;
    final String neighbourJob;
    final String bystanderJob;
    final String token = newToken();
    final History history = new History();
    Watch recorder;
    HeldAnswer held;
    NorthflankJob owner;
    long injectedAt;
    long removedAt;
    long recoveredAt;

    LifecycleRun(LifecycleFault fault) {
      this.fault = fault;
      String slug = fault.name().toLowerCase().replace('_', '-');
      this.namespace = "fm-" + slug;
      this.subjectJob = "fm-" + slug;
      this.neighbourJob = "fm-" + slug + "-neighbour";
      this.bystanderJob = "fm-" + slug + "-bystander";
    }

    void setUp() {
      recorder =
          recorderClient.resources(NorthflankJob.class).inNamespace(namespace).watch(history);
      harness.northflank.addToken(token, Set.of());
      harness.tokenSecret(namespace, SUBJECT_SECRET, token);
      harness.tokenSecret(namespace, BYSTANDER_SECRET, CANARY);
      harness.liveJob(neighbourJob);
      harness.create(sample(namespace, NEIGHBOUR, neighbourJob));
      harness.liveJob(bystanderJob);
      harness.create(withSecret(sample(namespace, BYSTANDER, bystanderJob), BYSTANDER_SECRET));
      if (fault.operation == Operation.DELETE) {
        harness.create(subject("Delete"));
        owner =
            harness.awaitJob(
                namespace,
                SUBJECT,
                j ->
                    isReady(j)
                        && Lifecycle.hasFinalizer(j)
                        && !Lifecycle.createPending(j));
      }
      for (String name : healthy()) {
        harness.awaitJob(namespace, name, FaultMatrixTest::isReady);
      }
    }

    /** The subject's own token, IfAbsent, its job.name giving its job's ID. */
    NorthflankJob subject(String deletion) {
      NorthflankJob subject =
          LifecycleIntegrationTest.resource(namespace, SUBJECT, subjectJob, "IfAbsent", deletion);
      NorthflankJobSpec spec = subject.getSpec();
      subject.setSpec(
          new NorthflankJobSpec(
                  spec.projectId(),
                  spec.jobId(),
                  spec.teamId(),
                  new Credentials(new SecretKeyRef(SUBJECT_SECRET, "token")),
                  spec.syncInterval(),
                  spec.job())
              .withLifecycle(spec.creationPolicy(), spec.deletionPolicy(), spec.creation()));
      return subject;
    }

    /** What meets the fault: the subject created while its job is absent, or deleted. */
    void act() {
      if (fault.operation == Operation.CREATE) {
        assertThat(harness.northflank.job(PROJECT, subjectJob)).isEmpty();
        harness.create(subject(null));
      } else {
        harness.client.resource(owner).delete();
      }
    }

    List<String> healthy() {
      return List.of(NEIGHBOUR, BYSTANDER);
    }

    NorthflankJob latest() {
      List<History.Version> versions = history.of(SUBJECT);
      return versions.isEmpty() ? null : versions.get(versions.size() - 1).job();
    }

    void awaitReason(String reason) {
      await("Synced=False/" + reason + " on the subject")
          .atMost(FAULT_TIMEOUT)
          .pollInterval(POLL)
          .until(
              () ->
                  history.of(SUBJECT).stream()
                      .filter(v -> v.nanos() - injectedAt >= 0)
                      .anyMatch(
                          v -> hasCondition(v.job(), ConditionTypes.SYNCED, "False", reason)));
    }

    void awaitHealthyReads(int reads) {
      for (String name : healthy()) {
        await(name + " read while the fault lasts")
            .atMost(FAULT_TIMEOUT)
            .pollInterval(POLL)
            .until(
                () ->
                    harness.probe.syncs(injectedAt, later(), namespace, name).stream()
                            .filter(ReadProbe.Sync::synced)
                            .count()
                        >= reads);
      }
    }

    boolean recovered() {
      for (String name : healthy()) {
        if (!isReady(harness.get(namespace, name))) {
          return false;
        }
      }
      if (fault.operation == Operation.CREATE) {
        NorthflankJob subject = harness.get(namespace, SUBJECT);
        return isReady(subject)
            && hasCondition(subject, ConditionTypes.SYNCED, "True", Reasons.FETCHED)
            && "Created".equals(subject.getStatus().ownership())
            && !Lifecycle.createPending(subject);
      }
      return harness.get(namespace, SUBJECT) == null
          && harness.northflank.job(PROJECT, subjectJob).isEmpty();
    }

    /** Every write the simulator received for the subject's job: its POST, PATCH and DELETE. */
    List<WriteLog.Write> subjectWrites() {
      return harness.northflank.writes().all().stream()
          .filter(
              w ->
                  w.path().endsWith("/jobs/" + subjectJob)
                      || (w.method().equals("POST")
                          && w.body().contains("\"name\":\"" + subjectJob + "\"")))
          .toList();
    }

    /**
     * The failed writes, each answered with the fault's status, then exactly one that Northflank
     * took; a create stored though its answer was lost is the only POST. A delete follows the one
     * POST that created the job; the job's neighbours saw no write at all.
     */
    void assertWrites() {
      List<String> writes =
          subjectWrites().stream().map(w -> w.method() + " " + w.status()).toList();
      String method = fault.operation == Operation.CREATE ? "POST" : "DELETE";
      List<String> expected = new ArrayList<>();
      if (fault.operation == Operation.DELETE) {
        expected.add("POST 200");
      }
      String failure = method + " " + fault.failedStatus;
      long failed = writes.stream().filter(failure::equals).count();
      if (fault.failedStatus != 0) {
        assertThat(failed).as("failed %ss", method).isGreaterThanOrEqualTo(fault.failuresToAwait());
      }
      for (long i = 0; i < failed; i++) {
        expected.add(method + " " + fault.failedStatus);
      }
      expected.add(method + " 200");
      assertThat(writes).as("writes to the subject's job").isEqualTo(expected);
      LOG.info("{}: writes to the subject's job {}", fault.name(), writes);
      for (String job : List.of(neighbourJob, bystanderJob)) {
        assertThat(harness.northflank.writes().to("/v1/projects/" + PROJECT + "/jobs/" + job))
            .as("writes to " + job)
            .isEmpty();
      }
    }

    /** Every version of the healthy resources Ready since the fault, and no Event about them. */
    void assertHealthyUnaffected() {
      for (String name : healthy()) {
        for (History.Version version : history.of(name)) {
          if (version.nanos() - injectedAt >= 0) {
            assertThat(isReady(version.job()))
                .as(name + " version " + version.job().getMetadata().getResourceVersion())
                .isTrue();
          }
        }
        assertThat(harness.events(namespace, name)).as("Events of " + name).isEmpty();
      }
    }

    /**
     * Requests per token within the budget for the case's duration, and at most one failed write
     * per retry gap: the subject neither hammers Northflank nor starves its neighbours.
     */
    void assertNoHotLoop() {
      long end = System.nanoTime();
      double seconds = (end - injectedAt) / 1e9;
      long perToken = (long) Math.ceil(seconds * BUDGET.rate()) + READ_SLACK;
      for (String t : List.of(token, CANARY)) {
        assertThat((long) calls(end, t))
            .as("requests with one token in %.1fs (budget %s)", seconds, BUDGET)
            .isLessThanOrEqualTo(perToken);
      }
      double faultSeconds = (removedAt - injectedAt) / 1e9;
      long floor = (long) Math.ceil(faultSeconds / (MIN_RETRY_GAP.toMillis() / 1000.0)) + 2;
      assertThat((long) subjectWrites().size())
          .as("writes to the subject's job in %.1fs of fault", faultSeconds)
          .isLessThanOrEqualTo(floor + 1);
      LOG.info(
          "{}: lasted {} ms, recovered {} ms after removal; requests subject token {}, bystander"
              + " token {} (each <= {}); writes {} (<= {})",
          fault.name(),
          (removedAt - injectedAt) / 1_000_000,
          (recoveredAt - removedAt) / 1_000_000,
          calls(end, token),
          calls(end, CANARY),
          perToken,
          subjectWrites().size(),
          floor + 1);
    }

    /** Requests with the token from the fault on. */
    int calls(long end, String t) {
      String fingerprint = ApiToken.of(t).fingerprint();
      return harness.probe
          .calls(injectedAt, end, c -> c.tokenFingerprint().equals(fingerprint))
          .size();
    }
  }

  /**
   * Every fault here is one the operator handles: it says so in one line with the reason, never
   * with JOSDK's "Uncaught error" and a stack trace, which are kept for what nobody expected.
   */
  private static void assertNoStackTraces(int from) {
    List<ILoggingEvent> lines = harness.logLines();
    assertThat(lines.subList(from, lines.size()))
        .noneSatisfy(
            e -> assertThat(e.getFormattedMessage()).contains("Uncaught error during event"))
        .noneSatisfy(
            e -> {
              assertThat(e.getLoggerName()).startsWith("com.northflank.operator");
              assertThat(e.getThrowableProxy()).isNotNull();
            });
  }

  private static void summarise(Run run, long gets, long perToken, long floor) {
    long end = System.nanoTime();
    LOG.info(
        "{}: lasted {} ms, Ready {} ms after removal (bound {} ms); reads subject token {},"
            + " bystander token {} (each <= {}), Get Job answered {}, subject reconciles {}"
            + " (<= {})",
        run.fault.name(),
        (run.removedAt - run.injectedAt) / 1_000_000,
        (run.recoveredAt - run.removedAt) / 1_000_000,
        run.recoveryBound.toMillis(),
        run.calls(run.injectedAt, end, run.token).size()
            + (run.rotatedToken == null
                ? 0
                : run.calls(run.injectedAt, end, run.rotatedToken).size()),
        run.calls(run.injectedAt, end, CANARY).size(),
        perToken,
        gets,
        run.syncs(run.injectedAt, SUBJECT).size(),
        floor);
  }

  /** The faults, each with what it does to the operator and how it is undone. */
  enum Fault {
    SERVER_ERROR_STORM(
        "500 storm: 30% of reads answered 500 or 503 -> ApiUnavailable, backoff",
        Scope.JOB, Reasons.API_UNAVAILABLE, false, false, Duration.ZERO) {
      @Override
      void inject(Run run) {
        run.subjectFaults().errorRate(0.3);
      }
    },
    HTML_503(
        "503 with an HTML body from the load balancer -> ApiUnavailable, backoff",
        Scope.JOB,
        Reasons.API_UNAVAILABLE,
        false,
        true,
        Duration.ZERO) {
      @Override
      void inject(Run run) {
        run.subjectFaults().forceStatus(503, Integer.MAX_VALUE);
      }
    },
    TIMEOUTS(
        "timeouts: answers held 3s, beyond the 2s request timeout -> ApiUnavailable, backoff",
        Scope.JOB,
        Reasons.API_UNAVAILABLE,
        false,
        true,
        Duration.ZERO) {
      @Override
      void inject(Run run) {
        run.subjectFaults().timeout(1.0, TIMEOUT_HOLD);
      }

      @Override
      void assertWhileInEffect(Run run) {
        super.assertWhileInEffect(run);
        assertThat(condition(run.latest(SUBJECT), ConditionTypes.SYNCED).message())
            .contains("no response within " + REQUEST_TIMEOUT.toMillis() + " ms");
      }
    },
    MALFORMED_JSON(
        "malformed JSON: the body cut mid-stream -> InvalidResponse, backoff",
        Scope.JOB,
        Reasons.INVALID_RESPONSE,
        false,
        true,
        Duration.ZERO) {
      @Override
      void inject(Run run) {
        run.subjectFaults().malformedJson(1.0);
      }
    },
    WRONG_TYPES(
        "wrong types: suspended \"yes\", backoffLimit \"zero\" -> InvalidResponse, not drift",
        Scope.JOB,
        Reasons.INVALID_RESPONSE,
        false,
        true,
        Duration.ZERO) {
      @Override
      void inject(Run run) {
        run.subjectFaults().wrongTypes(1.0);
      }

      @Override
      void assertWhileInEffect(Run run) {
        super.assertWhileInEffect(run);
        assertThat(condition(run.latest(SUBJECT), ConditionTypes.SYNCED).message())
            .contains("has an unexpected type or value");
      }
    },
    EXTRA_FIELDS(
        "extra unknown fields and enum values from a newer API -> stays Synced and Ready",
        Scope.JOB,
        null,
        false,
        false,
        Duration.ZERO) {
      @Override
      void inject(Run run) {
        run.subjectFaults().extraFields(1.0);
      }

      /**
       * The fault also rewrites buildEngineConfiguration.buildEngine to "nixpacks", a known field:
       * declared, that is a genuine difference the drift rules report like any other, so here the
       * subject leaves buildEngineConfiguration unmanaged and the fault adds nothing but what the
       * operator must ignore (unknown fields, an unknown enum value in an unmanaged field).
       */
      @Override
      JobDefinition subjectJob(JobDefinition job) {
        return new JobDefinition(
            job.name(),
            job.description(),
            job.tags(),
            job.jobType(),
            job.vcsData(),
            job.buildConfiguration(),
            null,
            job.disabledCI(),
            job.disabledCD(),
            job.deployment(),
            job.billing(),
            job.suspended(),
            job.settings());
      }
    },
    RATE_LIMITED(
        "429 storm with Retry-After: 2 -> RateLimited, the token paused until then",
        Scope.TOKEN,
        Reasons.RATE_LIMITED,
        false,
        true,
        RETRY_AFTER) {
      @Override
      void inject(Run run) {
        run.subjectFaults().forcedRetryAfter(RETRY_AFTER).forceStatus(429, Integer.MAX_VALUE);
      }

      @Override
      void assertAfterRecovery(Run run) {
        // the server's word wins: one read per Retry-After while it lasts, not one per backoff
        long reads = run.calls(run.injectedAt, run.removedAt, run.token).size();
        double seconds = (run.removedAt - run.injectedAt) / 1e9;
        assertThat(reads)
            .as("reads with the rate-limited token in %.1fs", seconds)
            .isLessThanOrEqualTo((long) Math.ceil(seconds / RETRY_AFTER.toSeconds()) + 2);
      }
    },
    HUGE_RETRY_AFTER(
        "429 with Retry-After: 9999999999 -> RateLimited, the token paused an hour, not 317 years"
            + " (no overflow, said once), read again once the Secret holds another token",
        Scope.TOKEN,
        Reasons.RATE_LIMITED,
        false,
        true,
        Duration.ZERO) {
      @Override
      void inject(Run run) {
        run.subjectFaults()
            .forcedRetryAfterHeader("9999999999")
            .forceStatus(429, Integer.MAX_VALUE);
      }

      /** Paused for the capped hour: the subject fails once and waits, it is not read twice. */
      @Override
      void awaitInEffect(Run run) {
        await("Synced=False/RateLimited on the subject")
            .atMost(FAULT_TIMEOUT)
            .pollInterval(POLL)
            .until(
                () ->
                    hasCondition(
                        run.latest(SUBJECT), ConditionTypes.SYNCED, "False", Reasons.RATE_LIMITED));
        run.awaitLogged("pausing for 1h instead");
        run.awaitHealthyReads(2);
      }

      @Override
      void assertWhileInEffect(Run run) {
        super.assertWhileInEffect(run);
        run.assertPausedAfterOneAnswer();
      }

      @Override
      void remove(Run run) {
        super.remove(run);
        run.rotateSecret();
      }

      @Override
      boolean recovered(Run run) {
        return super.recovered(run) && run.readWithRotatedToken();
      }
    },
    FAR_RATE_LIMIT_RESET(
        "window spent until x-ratelimit-reset 99999999999 (year 5138) -> the token paused an hour"
            + " (no overflow, said once), the last observation kept and Ready",
        Scope.TOKEN,
        null,
        false,
        false,
        Duration.ZERO) {
      @Override
      void inject(Run run) {
        run.subjectFaults().spentWindowUntil("99999999999");
      }

      @Override
      void awaitInEffect(Run run) {
        run.awaitLogged("pausing for 1h instead");
        run.awaitHealthyReads(2);
      }

      @Override
      void assertWhileInEffect(Run run) {
        super.assertWhileInEffect(run);
        run.assertPausedAfterOneAnswer();
      }

      @Override
      void remove(Run run) {
        super.remove(run);
        run.rotateSecret();
      }

      @Override
      boolean recovered(Run run) {
        return super.recovered(run) && run.readWithRotatedToken();
      }
    },
    ENDLESS_CURSOR(
        "List Jobs says hasNextPage: true for ever -> the sweep stops at the page cap within the"
            + " budget, the project rests, every resource stays Ready",
        Scope.JOB,
        null,
        false,
        false,
        Duration.ZERO) {
      @Override
      void inject(Run run) {
        harness.northflank.faults().all().endlessCursor(true);
      }

      @Override
      void awaitInEffect(Run run) {
        run.awaitLogged("took more than " + (1 + ListSweeper.MAX_UNWATCHED_PAGES) + " pages");
        super.awaitInEffect(run);
      }

      @Override
      void assertWhileInEffect(Run run) {
        super.assertWhileInEffect(run);
        long lists = run.lists();
        assertThat(lists)
            .as("pages listed with the subject's token")
            .isGreaterThan(ListSweeper.MAX_UNWATCHED_PAGES)
            .isLessThan(3 * (1 + ListSweeper.MAX_UNWATCHED_PAGES));
        await("no more pages once the project rests")
            .during(Duration.ofMillis(1500))
            .atMost(Duration.ofSeconds(3))
            .pollInterval(POLL)
            .until(() -> run.lists() == lists);
      }

      @Override
      void remove(Run run) {
        harness.northflank.faults().all().endlessCursor(false);
      }
    },
    TOKEN_REVOKED(
        "token revoked, then restored -> Unauthorized, Stalled, read again at the interval",
        Scope.TOKEN,
        Reasons.UNAUTHORIZED,
        true,
        true,
        Duration.ZERO) {
      @Override
      void inject(Run run) {
        harness.northflank.revokeToken(run.token);
      }

      @Override
      void remove(Run run) {
        harness.northflank.addToken(run.token, Set.of());
      }
    },
    SECRET_ROTATED(
        "Secret rotated: old token revoked, then the Secret given a new one -> Unauthorized until"
            + " the new token is read",
        Scope.TOKEN,
        Reasons.UNAUTHORIZED,
        true,
        true,
        Duration.ZERO) {
      @Override
      void inject(Run run) {
        run.rotatedToken = newToken();
        harness.northflank.addToken(run.rotatedToken, Set.of());
        harness.northflank.revokeToken(run.token);
      }

      @Override
      void remove(Run run) {
        harness
            .client
            .secrets()
            .inNamespace(run.namespace)
            .withName(SUBJECT_SECRET)
            .edit(
                s -> {
                  s.setData(null);
                  s.setStringData(Map.of("token", run.rotatedToken));
                  return s;
                });
      }

      @Override
      void assertAfterRecovery(Run run) {
        List<ReadProbe.Call> rotated =
            run.calls(run.removedAt, System.nanoTime(), run.rotatedToken);
        assertThat(rotated).as("reads with the new token").isNotEmpty();
        long firstNew = rotated.get(0).nanos();
        assertThat(run.calls(firstNew, System.nanoTime(), run.token))
            .as("reads with the revoked token once the new one is in use")
            .isEmpty();
      }
    },
    JOB_DELETED(
        "job deleted in Northflank, then recreated -> JobNotFound, Stalled, read again",
        Scope.JOB,
        Reasons.JOB_NOT_FOUND,
        true,
        true,
        Duration.ZERO) {
      @Override
      void inject(Run run) {
        run.deletedJob = harness.northflank.job(PROJECT, run.subjectJob).orElseThrow();
        assertThat(harness.northflank.deleteJob(PROJECT, run.subjectJob)).isTrue();
      }

      @Override
      void remove(Run run) {
        ObjectNode recreated = run.deletedJob.deepCopy();
        recreated.put("createdAt", Instant.now().toString());
        harness.northflank.putJob(null, PROJECT, recreated);
        run.recreatedAt = recreated.get("createdAt").asText();
      }

      @Override
      void assertAfterRecovery(Run run) {
        // the status now describes the recreated job; a new createdAt is not drift. Recovery was
        // seen by a GET; the history watch may deliver that version a moment later
        await("the recovered version in the history")
            .atMost(OperatorHarness.TIMEOUT)
            .pollInterval(POLL)
            .untilAsserted(
                () ->
                    assertThat(run.latest(SUBJECT).getStatus().createdAt())
                        .isEqualTo(run.recreatedAt));
      }
    },
    PATCH_SERVER_ERRORS(
        "PATCH 500 storm: every correction answered 500 -> ApiUnavailable with the drift the read"
            + " saw, backoff, corrected once it stops",
        Scope.JOB,
        Reasons.API_UNAVAILABLE,
        false,
        true,
        Duration.ZERO) {
      @Override
      void inject(Run run) {
        run.subjectWriteFaults().forceStatus(500, Integer.MAX_VALUE);
        run.driftInNorthflank();
      }

      @Override
      void assertWhileInEffect(Run run) {
        super.assertWhileInEffect(run);
        NorthflankJob latest = run.latest(SUBJECT);
        assertThat(condition(latest, ConditionTypes.SYNCED).message())
            .isEqualTo(run.patchFailure() + "HTTP 500: Internal server error");
        assertThat(condition(latest, ConditionTypes.DRIFTED).status()).isEqualTo("True");
      }

      @Override
      void assertAfterRecovery(Run run) {
        run.assertRetriedPatchesThenOneThatWorked(500);
      }
    },
    PATCH_REJECTED(
        "PATCH 400: the correction refused -> CorrectionRejected, Stalled, read on at the interval"
            + " and not written again until the spec changes",
        Scope.JOB,
        Reasons.CORRECTION_REJECTED,
        true,
        true,
        Duration.ZERO) {
      @Override
      void inject(Run run) {
        run.subjectWriteFaults().forceStatus(400, Integer.MAX_VALUE);
        run.driftInNorthflank();
      }

      @Override
      void assertWhileInEffect(Run run) {
        super.assertWhileInEffect(run);
        NorthflankJob latest = run.latest(SUBJECT);
        assertThat(condition(latest, ConditionTypes.SYNCED).message())
            .isEqualTo(run.patchFailure() + "HTTP 400: Simulated error");
        assertThat(latest.getStatus().lastCorrection().result()).isEqualTo("Rejected");
        assertThat(run.subjectWrites()).as("PATCHes while rejected").hasSize(1);
      }

      /** The spec changes (same job, new generation): a new correction goes out. */
      @Override
      void remove(Run run) {
        run.subjectWriteFaults().clear();
        NorthflankJob edited =
            harness.edit(
                run.namespace, SUBJECT, j -> j.setSpec(withInterval(j.getSpec(), "10s")));
        run.editedGeneration = edited.getMetadata().getGeneration();
      }

      @Override
      boolean recovered(Run run) {
        NorthflankJob subject = harness.get(run.namespace, SUBJECT);
        return super.recovered(run)
            && Objects.equals(subject.getStatus().observedGeneration(), run.editedGeneration);
      }

      @Override
      void assertAfterRecovery(Run run) {
        assertThat(run.subjectWrites())
            .extracting(WriteLog.Write::status)
            .containsExactly(400, 200);
      }
    },
    PATCH_TIMEOUTS(
        "PATCH timeouts: corrections held 3s, beyond the 2s request timeout -> ApiUnavailable,"
            + " backoff, corrected once they are answered",
        Scope.JOB,
        Reasons.API_UNAVAILABLE,
        false,
        true,
        Duration.ZERO) {
      @Override
      void inject(Run run) {
        run.subjectWriteFaults().timeout(1.0, TIMEOUT_HOLD);
        run.driftInNorthflank();
      }

      @Override
      void assertWhileInEffect(Run run) {
        super.assertWhileInEffect(run);
        assertThat(condition(run.latest(SUBJECT), ConditionTypes.SYNCED).message())
            .isEqualTo(
                run.patchFailure() + "no response within " + REQUEST_TIMEOUT.toMillis() + " ms");
      }

      @Override
      void assertAfterRecovery(Run run) {
        run.assertRetriedPatchesThenOneThatWorked(504);
      }
    },
    CHANGED_BETWEEN_READ_AND_WRITE(
        "live job changed by someone else between read and write -> the PATCH carries only what"
            + " the read saw drifted, its answer shows the other change, corrected an interval"
            + " later",
        Scope.JOB,
        null,
        false,
        false,
        Duration.ZERO) {
      @Override
      void inject(Run run) {
        run.subjectWriteFaults()
            .changeBeforeNextRequest(j -> j.putArray("tags").add("someone-else"));
        run.driftInNorthflank();
      }

      @Override
      Set<String> injectedDrift() {
        return Set.of("description", "tags");
      }

      @Override
      void awaitInEffect(Run run) {
        await("two corrections")
            .atMost(FAULT_TIMEOUT)
            .pollInterval(POLL)
            .until(() -> run.subjectWrites().stream().filter(w -> w.status() == 200).count() >= 2);
        run.awaitHealthyReads(2);
      }

      @Override
      void assertWhileInEffect(Run run) {
        List<WriteLog.Write> writes = run.subjectWrites();
        assertThat(writes).extracting(WriteLog.Write::status).containsExactly(200, 200);
        assertThat(json(writes.get(0).body()))
            .isEqualTo(json("{\"description\":\"This is the job description\"}"));
        assertThat(json(writes.get(1).body())).isEqualTo(json("{\"tags\":[\"my-tag\"]}"));
        // the second correction waited for its interval
        List<NorthflankJob> corrected =
            run.versionsSince(SUBJECT, run.injectedAt).stream()
                .filter(v -> v.getStatus().lastCorrection() != null)
                .toList();
        assertThat(corrected.get(0).getStatus().drift())
            .extracting(FieldDrift::field)
            .containsExactly("tags");
        assertThat(condition(corrected.get(0), ConditionTypes.DRIFTED).message())
            .contains("changed again in Northflank meanwhile: next correction after");
      }
    },
    STATUS_CONFLICTS(
        "status patch conflicts: every PATCH .../status answered 409 -> nothing lost, written"
            + " once they stop",
        Scope.KUBERNETES,
        null,
        false,
        false,
        CONFLICT_CACHE_WAIT) {
      @Override
      void inject(Run run) {
        harness.kubernetesFaults.answer(
            request -> {
              if ("PATCH".equals(request.getMethod())
                  && request.getPath().startsWith(run.resourcesPath())
                  && request.getPath().contains("/status")) {
                run.conflicts.incrementAndGet();
                return Optional.of(
                    KubernetesFaults.status(
                        409,
                        "Conflict",
                        "the object has been modified; please apply your changes to the latest"
                            + " version and try again"));
              }
              return Optional.empty();
            });
        // a spec change the status must follow (observedGeneration), without changing drift
        NorthflankJob edited =
            harness.edit(
                run.namespace, SUBJECT, j -> j.setSpec(withInterval(j.getSpec(), "10s")));
        run.editedGeneration = edited.getMetadata().getGeneration();
      }

      @Override
      void remove(Run run) {
        harness.kubernetesFaults.answer(request -> Optional.empty());
      }

      @Override
      void awaitInEffect(Run run) {
        await("a status patch refused")
            .atMost(FAULT_TIMEOUT)
            .pollInterval(POLL)
            .until(() -> run.conflicts.get() >= 1);
        run.awaitHealthyReads(2);
      }

      @Override
      void assertWhileInEffect(Run run) {
        // nothing could be written: every version still carries the last good status
        for (NorthflankJob version : run.versionsSince(SUBJECT, run.injectedAt)) {
          assertThat(version.getStatus()).isEqualTo(run.good.getStatus());
        }
      }

      @Override
      boolean recovered(Run run) {
        NorthflankJob subject = harness.get(run.namespace, SUBJECT);
        return super.recovered(run)
            && Objects.equals(subject.getStatus().observedGeneration(), run.editedGeneration);
      }

      @Override
      void assertAfterRecovery(Run run) {
        // JOSDK polls its cache after each 409 before retrying: no patch storm either
        double seconds = (run.removedAt - run.injectedAt) / 1e9;
        assertThat(run.conflicts.get())
            .as("status patches refused in %.1fs", seconds)
            .isLessThanOrEqualTo((int) Math.ceil(seconds / CONFLICT_CACHE_WAIT.toSeconds()) + 2);
      }
    },
    WATCH_DISCONNECT(
        "watch disconnect: watches closed and refused, then expired (410) -> re-list, continue",
        Scope.KUBERNETES,
        null,
        false,
        false,
        WATCH_RECONNECT) {
      @Override
      void inject(Run run) {
        run.listsBefore = harness.kubernetes.requests().calls().size();
        harness.kubernetesFaults.dropWatches();
      }

      @Override
      void awaitInEffect(Run run) {
        // both informers (NorthflankJob, Secret) tried to watch again and were refused
        await("watches refused")
            .atMost(FAULT_TIMEOUT)
            .pollInterval(POLL)
            .until(() -> harness.kubernetesFaults.refusedWatches() >= 2);
        // a resource the operator cannot know about until it lists again
        harness.create(withSecret(sample(run.namespace, LATE, run.bystanderJob), BYSTANDER_SECRET));
        run.awaitHealthyReads(2);
        assertThat(harness.get(run.namespace, LATE).getStatus())
            .as("a resource created while the watches were down")
            .isNull();
      }

      @Override
      void remove(Run run) {
        run.listsBefore = harness.kubernetes.requests().calls().size();
        run.expiredBefore = harness.kubernetesFaults.expiredWatches();
        harness.kubernetesFaults.restoreWatches();
      }

      /** Both informers listed again, and the resource created meanwhile is served. */
      @Override
      boolean recovered(Run run) {
        List<RecordingDispatcher.Call> calls = harness.kubernetes.requests().calls();
        List<RecordingDispatcher.Call> since = calls.subList(run.listsBefore, calls.size());
        return since.stream()
                .anyMatch(c -> isList(c, "/apis/northflank.com/v1alpha1/northflankjobs"))
            && since.stream().anyMatch(c -> isList(c, "/api/v1/secrets"))
            && super.recovered(run)
            && isReady(harness.get(run.namespace, LATE));
      }

      @Override
      void assertAfterRecovery(Run run) {
        assertThat(harness.kubernetesFaults.expiredWatches() - run.expiredBefore)
            .as("watches told their resourceVersion expired")
            .isEqualTo(2);
      }
    },
    OPERATOR_RESTART(
        "operator stopped mid-run and restarted on the same APIs -> picks up where it left off",
        Scope.OPERATOR,
        null,
        false,
        false,
        Duration.ZERO) {
      /** Stopped while a read is in flight: every read is held for a while, and one is running. */
      @Override
      void inject(Run run) {
        run.idleExecutions = idleExecutions();
        harness.northflank.faults().all().latency(IN_FLIGHT);
        await("a reconcile in flight")
            .atMost(FAULT_TIMEOUT)
            .pollInterval(Duration.ofMillis(10))
            .until(() -> reconcilesExecuting() >= run.idleExecutions + 1);
        long stopping = System.nanoTime();
        harness.stopOperator();
        run.operatorStopped();
        assertThat(Duration.ofNanos(System.nanoTime() - stopping))
            .as("time to stop")
            .isLessThan(Duration.ofSeconds(15));
      }

      @Override
      void awaitInEffect(Run run) {
        // the interrupted reconciles of the stopped operator wind down, then all is quiet
        await("the stopped operator's reconciles ended")
            .atMost(Duration.ofSeconds(5))
            .pollInterval(POLL)
            .until(() -> reconcilesExecuting() <= run.idleExecutions);
        int calls = run.calls(run.injectedAt, later(), null).size();
        await("no reads while stopped")
            .during(Duration.ofMillis(1500))
            .atMost(Duration.ofSeconds(5))
            .pollInterval(POLL)
            .until(() -> run.calls(run.injectedAt, later(), null).size() == calls);
      }

      @Override
      void remove(Run run) {
        harness.northflank.faults().all().clear();
        run.callsBefore = harness.kubernetes.requests().calls().size();
        harness.startOperator();
        run.operatorStarted();
      }

      @Override
      boolean recovered(Run run) {
        return super.recovered(run)
            && run.healthyAndSubject().stream()
                .allMatch(
                    name ->
                        run.syncs(run.removedAt, name).stream().anyMatch(ReadProbe.Sync::synced));
      }

      @Override
      void assertAfterRecovery(Run run) {
        // same status, same transition times, nothing written: neither the stopping operator
        // (its read cut short) nor the new one (which read, compared, found nothing to say)
        for (String name : run.healthyAndSubject()) {
          for (NorthflankJob version : run.versionsSince(name, run.injectedAt)) {
            assertThat(version.getStatus())
                .as(name + " version " + version.getMetadata().getResourceVersion())
                .isEqualTo(run.baseline.get(name).getStatus());
          }
          NorthflankJob now = harness.get(run.namespace, name);
          assertThat(now.getStatus()).as(name).isEqualTo(run.baseline.get(name).getStatus());
        }
        List<RecordingDispatcher.Call> since =
            harness
                .kubernetes
                .requests()
                .calls()
                .subList(run.callsBefore, harness.kubernetes.requests().calls().size());
        assertThat(since)
            .as("writes to the resources after the restart")
            .noneMatch(c -> c.isWrite() && c.path().startsWith(run.resourcesPath()));
      }
    };

    final String title;
    final Scope scope;

    /** The Synced=False reason while it lasts, or null when reads do not see it. */
    final String reason;

    final boolean stalls;

    /** Every read of the subject fails while it lasts (not just some). */
    final boolean readsFail;

    /** What the fault adds to a recovery beyond interval and backoff. */
    final Duration extraRecovery;

    Fault(
        String title,
        Scope scope,
        String reason,
        boolean stalls,
        boolean readsFail,
        Duration extraRecovery) {
      this.title = title;
      this.scope = scope;
      this.reason = reason;
      this.stalls = stalls;
      this.readsFail = readsFail;
      this.extraRecovery = extraRecovery;
    }

    @Override
    public String toString() {
      return title;
    }

    abstract void inject(Run run);

    void remove(Run run) {
      run.subjectFaults().clear();
      run.subjectWriteFaults().clear();
    }

    JobDefinition subjectJob(JobDefinition job) {
      return job;
    }

    /** A fault of the correcting write: the subject has driftPolicy Correct. */
    boolean corrects() {
      return name().startsWith("PATCH_") || this == CHANGED_BETWEEN_READ_AND_WRITE;
    }

    /**
     * Declared fields the fault really changes in Northflank: their drift is genuine, not false,
     * and the Events about it belong to the case.
     */
    Set<String> injectedDrift() {
      return corrects() ? Set.of("description") : Set.of();
    }

    /**
     * Returns once the fault has visibly lasted: the subject failed (or, for a fault reads must
     * shrug off, was read) at least twice, and the healthy resources were read at least twice.
     */
    void awaitInEffect(Run run) {
      if (reason != null) {
        await("Synced=False/" + reason + " on the subject")
            .atMost(FAULT_TIMEOUT)
            .pollInterval(POLL)
            .until(
                () ->
                    run.versionsSince(SUBJECT, run.injectedAt).stream()
                        .anyMatch(v -> hasCondition(v, ConditionTypes.SYNCED, "False", reason)));
      }
      await("the subject read twice under the fault")
          .atMost(FAULT_TIMEOUT)
          .pollInterval(POLL)
          .until(
              () ->
                  run.syncs(run.injectedAt, SUBJECT).stream()
                          .filter(s -> reason == null ? s.synced() : !s.synced())
                          .count()
                      >= 2);
      run.awaitHealthyReads(2);
    }

    /** (3): the reason, Ready and Stalled as the design gives them, on the latest version. */
    void assertWhileInEffect(Run run) {
      NorthflankJob latest = run.latest(SUBJECT);
      if (reason == null) {
        assertThat(isReady(latest)).as("subject Ready while the fault lasts").isTrue();
        return;
      }
      if (!readsFail) {
        return; // some reads succeed: the latest may be either
      }
      assertThat(hasCondition(latest, ConditionTypes.SYNCED, "False", reason)).isTrue();
      assertThat(hasCondition(latest, ConditionTypes.READY, "False", reason)).isTrue();
      assertThat(condition(latest, ConditionTypes.STALLED).status())
          .isEqualTo(stalls ? "True" : "False");
    }

    boolean recovered(Run run) {
      for (String name : run.healthyAndSubject()) {
        NorthflankJob job = harness.get(run.namespace, name);
        if (!isReady(job) || !hasCondition(job, ConditionTypes.SYNCED, "True", Reasons.FETCHED)) {
          return false;
        }
      }
      return true;
    }

    void assertAfterRecovery(Run run) {}
  }

  /** Whom a fault hits. */
  enum Scope {
    /** One job's reads. */
    JOB,
    /** Every read with the subject's token: no neighbour shares it. */
    TOKEN,
    /** The Kubernetes API, for every resource alike. */
    KUBERNETES,
    /** The operator process itself. */
    OPERATOR
  }

  /** One case: its resources, its history and its timeline. */
  final class Run {
    final Fault fault;
    final String namespace;
    final String subjectJob;
    final String neighbourJob;
    final String bystanderJob;
    final String token = newToken();
    final History history = new History();
    final AtomicInteger conflicts = new AtomicInteger();
    final Map<String, NorthflankJob> baseline = new java.util.HashMap<>();
    String rotatedToken;
    Watch recorder;
    NorthflankJob good;
    ObjectNode deletedJob;
    String recreatedAt;
    Long editedGeneration;
    int listsBefore;
    int expiredBefore;
    int callsBefore;
    double idleExecutions;
    int logLinesAtSetUp;
    long injectedAt;
    long removedAt;
    long recoveredAt;
    Duration recoveryBound;

    Run(Fault fault) {
      this.fault = fault;
      String slug = fault.name().toLowerCase().replace('_', '-');
      this.namespace = "fm-" + slug;
      this.subjectJob = "fm-" + slug;
      this.neighbourJob = "fm-" + slug + "-neighbour";
      this.bystanderJob = "fm-" + slug + "-bystander";
    }

    boolean hasNeighbour() {
      return fault.scope != Scope.TOKEN;
    }

    List<String> healthy() {
      return hasNeighbour() ? List.of(NEIGHBOUR, BYSTANDER) : List.of(BYSTANDER);
    }

    List<String> healthyAndSubject() {
      List<String> all = new ArrayList<>(healthy());
      all.add(0, SUBJECT);
      return all;
    }

    void setUp() {
      recorder =
          recorderClient.resources(NorthflankJob.class).inNamespace(namespace).watch(history);
      harness.northflank.addToken(token, Set.of());
      harness.tokenSecret(namespace, SUBJECT_SECRET, token);
      harness.tokenSecret(namespace, BYSTANDER_SECRET, CANARY);

      harness.liveJob(subjectJob);
      NorthflankJob subject = sample(namespace, SUBJECT, subjectJob);
      var spec = subject.getSpec();
      subject.setSpec(
          new NorthflankJobSpec(
              spec.projectId(),
              spec.jobId(),
              spec.teamId(),
              spec.credentials(),
              spec.syncInterval(),
              fault.subjectJob(spec.job()),
              fault.corrects() ? NorthflankJobSpec.CORRECT : null));
      harness.create(subject);
      if (hasNeighbour()) {
        harness.liveJob(neighbourJob);
        harness.create(sample(namespace, NEIGHBOUR, neighbourJob));
      }
      harness.liveJob(bystanderJob);
      harness.create(withSecret(sample(namespace, BYSTANDER, bystanderJob), BYSTANDER_SECRET));

      for (String name : healthyAndSubject()) {
        baseline.put(name, harness.awaitJob(namespace, name, FaultMatrixTest::isReady));
      }
      // the history has caught up with what the API says
      await()
          .atMost(OperatorHarness.TIMEOUT)
          .pollInterval(POLL)
          .until(
              () ->
                  healthyAndSubject().stream()
                      .allMatch(
                          name ->
                              Optional.ofNullable(latest(name))
                                  .map(v -> v.getMetadata().getResourceVersion())
                                  .equals(
                                      Optional.of(
                                          harness
                                              .get(namespace, name)
                                              .getMetadata()
                                              .getResourceVersion()))));
      good = latest(SUBJECT);
      baseline.replaceAll((name, job) -> latest(name));
      logLinesAtSetUp = harness.logLines().size();
    }

    /** A log line since the case was set up says so. */
    void awaitLogged(String text) {
      await("a log line: " + text)
          .atMost(FAULT_TIMEOUT)
          .pollInterval(POLL)
          .until(
              () -> {
                List<ILoggingEvent> lines = harness.logLines();
                return lines.subList(logLinesAtSetUp, lines.size()).stream()
                    .anyMatch(e -> e.getFormattedMessage().contains(text));
              });
    }

    /** The server paused the token after its first answer: nothing more went out with it. */
    void assertPausedAfterOneAnswer() {
      // a sync under way when the fault came may have had its second request out
      assertThat(calls(injectedAt, later(), token))
          .as("requests with the paused token")
          .hasSizeLessThanOrEqualTo(2);
    }

    /** The Secret gets a new token: the paused one is left to its pause. */
    void rotateSecret() {
      rotatedToken = newToken();
      harness.northflank.addToken(rotatedToken, Set.of());
      harness
          .client
          .secrets()
          .inNamespace(namespace)
          .withName(SUBJECT_SECRET)
          .edit(
              s -> {
                s.setData(null);
                s.setStringData(Map.of("token", rotatedToken));
                return s;
              });
    }

    boolean readWithRotatedToken() {
      return rotatedToken != null
          && syncs(removedAt, SUBJECT).stream().anyMatch(ReadProbe.Sync::synced)
          && !calls(removedAt, later(), rotatedToken).isEmpty();
    }

    /** List Jobs requests with the subject's token since the fault came. */
    long lists() {
      return calls(injectedAt, later(), token).stream()
          .filter(c -> c.route().equals(LIST_JOBS))
          .count();
    }

    com.northflank.operator.playground.simulator.FaultSettings subjectFaults() {
      return harness.northflank.faults().job(PROJECT, subjectJob);
    }

    com.northflank.operator.playground.simulator.FaultSettings subjectWriteFaults() {
      return harness.northflank.faults().jobWrites(PROJECT, subjectJob);
    }

    /** Someone changes a correctable declared field in the Northflank console. */
    void driftInNorthflank() {
      harness.northflank.updateJob(
          PROJECT, subjectJob, j -> j.put("description", "Changed in the console"));
    }

    /** Every write the simulator received for the subject's job, oldest first. */
    List<WriteLog.Write> subjectWrites() {
      return harness.northflank.writes().to("/v1/projects/" + PROJECT + "/jobs/" + subjectJob);
    }

    /** How a failed correction's message starts: the route template, then the job. */
    String patchFailure() {
      return "PATCH /v1/projects/{projectId}/jobs/{jobId} (project "
          + PROJECT
          + ", job "
          + subjectJob
          + ") failed: ";
    }

    /**
     * At most one PATCH per reconcile of the subject while the fault lasted (no write storm), all
     * failed; then exactly one that Northflank took.
     */
    void assertRetriedPatchesThenOneThatWorked(int failedStatus) {
      List<WriteLog.Write> writes = subjectWrites();
      List<WriteLog.Write> failed = writes.subList(0, writes.size() - 1);
      assertThat(failed).as("PATCHes while the fault lasted").hasSizeGreaterThanOrEqualTo(2);
      assertThat(failed).extracting(WriteLog.Write::status).containsOnly(failedStatus);
      assertThat((long) failed.size())
          .as("PATCHes against reconciles of the subject")
          .isLessThanOrEqualTo(syncs(injectedAt, SUBJECT).size());
      assertThat(writes.get(writes.size() - 1).status()).isEqualTo(200);
      assertThat(json(writes.get(writes.size() - 1).body()))
          .isEqualTo(json("{\"description\":\"This is the job description\"}"));
    }

    String resourcesPath() {
      return "/apis/northflank.com/v1alpha1/namespaces/" + namespace + "/northflankjobs";
    }

    void operatorStopped() {
      operatorStopped = true;
    }

    void operatorStarted() {
      operatorStopped = false;
    }

    NorthflankJob latest(String name) {
      List<History.Version> versions = history.of(name);
      return versions.isEmpty() ? null : versions.get(versions.size() - 1).job();
    }

    List<NorthflankJob> versionsSince(String name, long nanos) {
      return history.of(name).stream()
          .filter(v -> v.nanos() - nanos >= 0)
          .map(History.Version::job)
          .toList();
    }

    List<ReadProbe.Sync> syncs(long fromNanos, String name) {
      return harness.probe.syncs(fromNanos, later(), namespace, name);
    }

    /** Calls with the token (any token when null) between the two instants. */
    List<ReadProbe.Call> calls(long fromNanos, long toNanos, String token) {
      Predicate<ReadProbe.Call> which =
          token == null
              ? c -> true
              : c -> c.tokenFingerprint().equals(ApiToken.of(token).fingerprint());
      return harness.probe.calls(fromNanos, toNanos, which);
    }

    /** (4): every healthy resource was read successfully at least {@code reads} times. */
    void awaitHealthyReads(int reads) {
      for (String name : healthy()) {
        await(name + " read while the fault lasts")
            .atMost(FAULT_TIMEOUT)
            .pollInterval(POLL)
            .until(
                () ->
                    syncs(injectedAt, name).stream().filter(ReadProbe.Sync::synced).count()
                        >= reads);
      }
    }
  }

  /** (1) and (2), over every version the history watch saw from the fault on. */
  private static void assertLastObservationKeptAndNoFalseDrift(Run run) {
    Fault fault = run.fault;
    NorthflankJobStatus lastGood = run.good.getStatus();
    boolean failedYet = false;
    for (History.Version version : run.history.of(SUBJECT)) {
      if (version.nanos() - run.injectedAt < 0) {
        continue;
      }
      NorthflankJob job = version.job();
      NorthflankJobStatus status = job.getStatus();
      String when = "subject version " + job.getMetadata().getResourceVersion();
      assertThat(status.schedule()).as(when).isEqualTo(SCHEDULE);
      assertThat(status.cluster()).as(when).isEqualTo(run.good.getStatus().cluster());
      Set<String> injected = fault.injectedDrift();
      if (injected.isEmpty()) {
        assertThat(status.drift()).as(when).isNullOrEmpty();
        assertThat(status.driftCount()).as(when).isIn(null, 0);
        Condition drifted = condition(job, ConditionTypes.DRIFTED);
        Condition goodDrifted = condition(run.good, ConditionTypes.DRIFTED);
        assertThat(List.of(drifted.status(), drifted.reason(), drifted.lastTransitionTime()))
            .as(when + ": Drifted")
            .isEqualTo(
                List.of(
                    goodDrifted.status(), goodDrifted.reason(), goodDrifted.lastTransitionTime()));
      } else {
        // genuine drift, in the fields the fault changed and nowhere else
        assertThat(status.drift())
            .as(when)
            .allSatisfy(
                d -> {
                  assertThat(injected).contains(d.field());
                  assertThat(d.correctable()).isTrue();
                });
      }
      boolean synced = hasCondition(job, ConditionTypes.SYNCED, "True", Reasons.FETCHED);
      boolean duringFault = version.nanos() - run.removedAt < 0;
      if (synced) {
        if (duringFault && fault.readsFail && failedYet) {
          throw new AssertionError(when + ": a read succeeded while every read should fail");
        }
        lastGood = status;
        continue;
      }
      failedYet = true;
      // a failed read: only Synced/Ready/Stalled move, what was seen stays
      assertThat(fault.reason).as(when + ": failed although the fault is invisible").isNotNull();
      assertThat(condition(job, ConditionTypes.SYNCED).reason()).as(when).isEqualTo(fault.reason);
      assertThat(condition(job, ConditionTypes.READY).reason()).as(when).isEqualTo(fault.reason);
      assertThat(condition(job, ConditionTypes.STALLED).status())
          .as(when)
          .isEqualTo(fault.stalls ? "True" : "False");
      if (fault.injectedDrift().isEmpty()) {
        // only a failed read keeps the time of the last good one; a failed write follows one
        assertThat(status.lastSyncTime()).as(when).isEqualTo(lastGood.lastSyncTime());
      }
      assertThat(status.appId()).as(when).isEqualTo(lastGood.appId());
      assertThat(status.createdAt()).as(when).isEqualTo(lastGood.createdAt());
      assertThat(status.suspended()).as(when).isEqualTo(lastGood.suspended());
      assertThat(status.jobType()).as(when).isEqualTo(lastGood.jobType());
    }
    if (fault.reason != null) {
      assertThat(failedYet).as("the fault was visible on the subject").isTrue();
    }
    for (String name : run.healthy()) {
      for (NorthflankJob version : run.versionsSince(name, run.injectedAt)) {
        assertThat(isReady(version))
            .as(name + " version " + version.getMetadata().getResourceVersion() + " Ready")
            .isTrue();
      }
    }
  }

  /**
   * (2) and Events on transitions only: no DriftDetected at all, one SyncFailed per turn to
   * Synced=False and one SyncRecovered per turn back, nothing for the healthy resources.
   */
  private static void assertEventsOnTransitionsOnly(Run run) {
    int failed = 0;
    int recovered = 0;
    int detected = 0;
    int resolved = 0;
    int corrected = 0;
    NorthflankJob previous = run.good;
    for (NorthflankJob version : run.versionsSince(SUBJECT, run.injectedAt)) {
      boolean was = hasCondition(previous, ConditionTypes.SYNCED, "True", Reasons.FETCHED);
      boolean is = hasCondition(version, ConditionTypes.SYNCED, "True", Reasons.FETCHED);
      if (was && !is) {
        failed++;
      } else if (!was && is) {
        recovered++;
      }
      boolean driftedBefore = "True".equals(condition(previous, ConditionTypes.DRIFTED).status());
      boolean driftedNow = "True".equals(condition(version, ConditionTypes.DRIFTED).status());
      if (driftedNow && !driftedBefore) {
        detected++;
      } else if (driftedBefore
          && "False".equals(condition(version, ConditionTypes.DRIFTED).status())) {
        resolved++;
      }
      var correction = version.getStatus().lastCorrection();
      if (correction != null
          && correction.applied()
          && !correction.equals(previous.getStatus().lastCorrection())) {
        corrected++;
      }
      previous = version;
    }
    int expectFailed = failed;
    int expectRecovered = recovered;
    int expectDetected = detected;
    int expectResolved = resolved;
    int expectCorrected = corrected;
    await("Events of the subject")
        .atMost(OperatorHarness.TIMEOUT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              List<String> reasons = reasons(run, SUBJECT);
              assertThat(reasons.stream().filter(TransitionEvents.SYNC_FAILED::equals))
                  .hasSize(expectFailed);
              assertThat(reasons.stream().filter(TransitionEvents.SYNC_RECOVERED::equals))
                  .hasSize(expectRecovered);
              assertThat(reasons.stream().filter(TransitionEvents.DRIFT_DETECTED::equals))
                  .hasSize(expectDetected);
              assertThat(reasons.stream().filter(TransitionEvents.DRIFT_RESOLVED::equals))
                  .hasSize(expectResolved);
              assertThat(reasons.stream().filter(TransitionEvents.DRIFT_CORRECTED::equals))
                  .hasSize(expectCorrected);
            });
    if (run.fault.injectedDrift().isEmpty()) {
      assertThat(detected + resolved + corrected).as("drift Events of the subject").isZero();
    } else {
      assertThat(detected).as("the genuine drift was flagged").isPositive();
      assertThat(corrected).as("and corrected").isPositive();
    }
    for (String name : List.of(NEIGHBOUR, BYSTANDER, LATE)) {
      assertThat(harness.events(run.namespace, name))
          .as("Events of " + name)
          .extracting(Event::getReason)
          .doesNotContain(
              TransitionEvents.DRIFT_DETECTED,
              TransitionEvents.DRIFT_RESOLVED,
              TransitionEvents.DRIFT_CORRECTED);
    }
    for (String name : run.healthy()) {
      assertThat(reasons(run, name)).as("Events of " + name).isEmpty();
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** (6): per token within the budget for the case's duration; the subject at its backoff floor. */
  private static void assertNoHotLoop(Run run, long gets) {
    long end = System.nanoTime();
    double seconds = (end - run.injectedAt) / 1e9;
    long perToken = (long) Math.ceil(seconds * BUDGET.rate()) + READ_SLACK;
    Set<String> tokens = new HashSet<>(List.of(run.token, CANARY));
    if (run.rotatedToken != null) {
      tokens.add(run.rotatedToken);
    }
    for (String token : tokens) {
      assertThat((long) run.calls(run.injectedAt, end, token).size())
          .as("reads with one token in %.1fs (budget %s)", seconds, BUDGET)
          .isLessThanOrEqualTo(perToken);
    }
    assertThat(gets)
        .as("Get Job requests the simulator answered in %.1fs", seconds)
        .isLessThanOrEqualTo(tokens.size() * perToken);
    long floor = (long) Math.ceil(seconds / (MIN_RETRY_GAP.toMillis() / 1000.0)) + 4;
    summarise(run, gets, perToken, floor);
    assertThat((long) run.syncs(run.injectedAt, SUBJECT).size())
        .as("reconciles of the subject in %.1fs", seconds)
        .isLessThanOrEqualTo(floor);
  }

  /** A case's namespace is its own, and creating a resource sends no Event: all are the case's. */
  private static List<String> reasons(Run run, String name) {
    return harness.events(run.namespace, name).stream().map(Event::getReason).toList();
  }

  private static boolean isList(RecordingDispatcher.Call call, String path) {
    return call.method().equals("GET")
        && (call.path().equals(path) || call.path().startsWith(path + "?"))
        && !call.path().contains("watch=true");
  }

  static boolean isReady(NorthflankJob job) {
    return job != null && hasCondition(job, ConditionTypes.READY, "True", Reasons.IN_SYNC);
  }

  static boolean hasCondition(NorthflankJob job, String type, String status, String reason) {
    return job.getStatus() != null
        && Conditions.find(job.getStatus().conditions(), type)
            .filter(c -> c.status().equals(status) && c.reason().equals(reason))
            .isPresent();
  }

  static Condition condition(NorthflankJob job, String type) {
    return Conditions.find(job.getStatus().conditions(), type).orElseThrow();
  }

  static NorthflankJob withSecret(NorthflankJob job, String secret) {
    var spec = job.getSpec();
    job.setSpec(
        new NorthflankJobSpec(
            spec.projectId(),
            spec.jobId(),
            spec.teamId(),
            new Credentials(new SecretKeyRef(secret, "token")),
            spec.syncInterval(),
            spec.job()));
    return job;
  }

  static NorthflankJobSpec withInterval(NorthflankJobSpec spec, String interval) {
    return new NorthflankJobSpec(
        spec.projectId(),
        spec.jobId(),
        spec.teamId(),
        spec.credentials(),
        interval,
        spec.job(),
        spec.driftPolicy());
  }

  /**
   * JOSDK's gauge of reconciles executing now (of the first operator: re-registration keeps it).
   */
  static double reconcilesExecuting() {
    return harness
        .observability
        .registry()
        .find("operator.sdk.reconciliations.executions." + NorthflankJobReconciler.NAME)
        .gauges()
        .stream()
        .mapToDouble(g -> g.value())
        .max()
        .orElse(0);
  }

  /**
   * The executions gauge when nothing runs: the lowest reading over half a second. Not always zero:
   * JOSDK counts it down, and never up, for an execution it skips because the resource has left its
   * cache meanwhile (deleted resources of earlier cases).
   */
  static double idleExecutions() {
    double[] lowest = {Double.MAX_VALUE};
    await("the executions gauge at rest")
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              lowest[0] = Math.min(lowest[0], reconcilesExecuting());
              return true;
            });
    return lowest[0];
  }

  /** Later than anything a case records. */
  static long later() {
    return System.nanoTime() + Duration.ofHours(1).toNanos();
  }

  static String newToken() {
    return "nf-fm-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | 1L << 62);
  }

  /** Every version of every resource in one namespace, as a watch of its own saw them. */
  static final class History implements Watcher<NorthflankJob> {

    record Version(long nanos, NorthflankJob job) {}

    private final ConcurrentLinkedQueue<Version> versions = new ConcurrentLinkedQueue<>();

    @Override
    public void eventReceived(Action action, NorthflankJob job) {
      if (action == Action.ADDED || action == Action.MODIFIED) {
        versions.add(new Version(System.nanoTime(), job));
      }
    }

    @Override
    public void onClose(WatcherException cause) {}

    /** In arrival order, each resourceVersion once. */
    List<Version> of(String name) {
      Set<String> seen = new HashSet<>();
      return versions.stream()
          .filter(v -> v.job().getMetadata().getName().equals(name))
          .filter(v -> seen.add(v.job().getMetadata().getResourceVersion()))
          .toList();
    }
  }
}
