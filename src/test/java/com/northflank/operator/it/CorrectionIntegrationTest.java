package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static com.northflank.operator.it.OperatorHarness.condition;
import static com.northflank.operator.it.OperatorHarness.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.northflank.operator.model.FieldDrift;
import com.northflank.operator.model.JobDefinition;
import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.model.Pause;
import com.northflank.operator.model.Reasons;
import com.northflank.operator.playground.simulator.WriteLog;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * driftPolicy, the paused annotation and what each sends to Northflank, counted on the simulator:
 * the real operator against the mock Kubernetes API, one resource (and one token) per test.
 */
class CorrectionIntegrationTest {

  private static final String SCHEDULE = "30 8 * * *";
  private static final Duration QUIET = Duration.ofMillis(3500);

  private static OperatorHarness harness;
  private final List<String> tokens = new ArrayList<>();

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @AfterEach
  void noTokenLeakedAndCleanUp() {
    String observable = harness.everythingObservable();
    assertThat(observable).doesNotContain(CANARY);
    tokens.forEach(token -> assertThat(observable).doesNotContain(token));
    harness.deleteAllJobs();
  }

  @Test
  void reportNeverWritesWhateverTheDrift() {
    String ns = resource("report-job", null, UnaryOperator.identity());
    long nonGetBefore = harness.northflank.counters().nonGet();

    harness.northflank.updateJob(
        PROJECT, "report-job", j -> j.with("settings").with("cron").put("schedule", "0 * * * *"));
    NorthflankJob drifted =
        harness.awaitCondition(ns, "example", "Drifted", "True", "DriftDetected");
    awaitReads(ns, 4);

    assertThat(drifted.getStatus().drift())
        .containsExactly(new FieldDrift("settings.cron.schedule", SCHEDULE, "0 * * * *", true));
    assertThat(condition(drifted, "Drifted").message())
        .contains("reported only (driftPolicy: Report)");
    assertThat(harness.northflank.writes().to(path("report-job"))).isEmpty();
    assertThat(harness.northflank.counters().nonGet()).isEqualTo(nonGetBefore);
    assertThat(harness.get(ns, "example").getStatus().lastCorrection()).isNull();
  }

  @Test
  void correctSendsOnePatchWithOnlyTheDriftedFieldsAndItsAnswerClearsTheDrift() {
    String ns = resource("correct-job", "Correct", UnaryOperator.identity());
    long readsBefore = reads(ns);

    harness.northflank.updateJob(
        PROJECT,
        "correct-job",
        j -> {
          j.with("settings").with("cron").put("schedule", "0 * * * *");
          j.with("settings").with("cron").put("concurrencyPolicy", "Forbid");
          j.put("suspended", true);
        });
    NorthflankJob corrected =
        harness.awaitJob(ns, "example", j -> j.getStatus().lastCorrection() != null);

    List<WriteLog.Write> writes = harness.northflank.writes().to(path("correct-job"));
    assertThat(writes)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.method()).isEqualTo("PATCH");
              assertThat(w.status()).isEqualTo(200);
              assertThat(json(w.body()))
                  .isEqualTo(
                      json(
                          "{\"settings\":{\"cron\":{\"concurrencyPolicy\":\"allow\","
                              + "\"schedule\":\"30 8 * * *\",\"suspended\":false}}}"));
            });
    assertThat(corrected.getStatus().lastCorrection())
        .satisfies(
            c -> {
              assertThat(c.result()).isEqualTo(LastCorrection.APPLIED);
              assertThat(c.fields())
                  .containsExactly(
                      "settings.cron.concurrencyPolicy", "settings.cron.schedule", "suspended");
              assertThat(c.generation()).isEqualTo(corrected.getMetadata().getGeneration());
            });
    // the PATCH answer is the observation: corrected in the reconcile that found the drift
    assertThat(condition(corrected, "Drifted").status()).isEqualTo("False");
    assertThat(condition(corrected, "Ready").status()).isEqualTo("True");
    assertThat(corrected.getStatus().schedule()).isEqualTo(SCHEDULE);
    assertThat(corrected.getStatus().concurrencyPolicy()).isEqualTo("Allow");
    assertThat(corrected.getStatus().suspended()).isFalse();
    assertThat(reads(ns) - readsBefore).as("reads until corrected").isLessThanOrEqualTo(2);
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(reasons(ns))
                    .containsOnlyOnce("DriftCorrected")
                    .doesNotContain("DriftDetected"));
    assertThat(events(ns, "DriftCorrected").get(0).getMessage())
        .contains("settings.cron.concurrencyPolicy, settings.cron.schedule, suspended");
    assertThat(
            harness
                .northflank
                .job(PROJECT, "correct-job")
                .orElseThrow()
                .get("suspended")
                .asBoolean())
        .isFalse();

    awaitReads(ns, 3);
    assertThat(harness.northflank.writes().to(path("correct-job"))).hasSize(1);
    assertThat(harness.observability.registry().scrape())
        .contains(
            "northflank_job_corrections_total{name=\"example\",namespace=\"" + ns + "\"} 1.0");
    harness.deleteAllJobs();
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(harness.observability.registry().scrape())
                    .doesNotContain("namespace=\"" + ns + "\""));
  }

  @Test
  void uncorrectableDriftIsReportedAndNeverSent() {
    String ns = resource("by-hand-job", "Correct", UnaryOperator.identity());

    harness.northflank.updateJob(
        PROJECT,
        "by-hand-job",
        j -> {
          j.put("name", "Renamed In The Console");
          j.put("disabledCD", true);
        });
    NorthflankJob drifted =
        harness.awaitCondition(ns, "example", "Drifted", "True", "DriftDetected");
    awaitReads(ns, 3);

    assertThat(drifted.getStatus().drift())
        .extracting(FieldDrift::field, FieldDrift::correctable)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("disabledCD", false),
            org.assertj.core.groups.Tuple.tuple("name", false));
    assertThat(condition(drifted, "Drifted").message())
        .endsWith(
            "needs a change in Northflank by hand (PATCH cannot change it): disabledCD, name");
    assertThat(harness.northflank.writes().to(path("by-hand-job"))).isEmpty();
  }

  @Test
  void aRejectedPatchStallsWithoutAHotLoopUntilTheSpecChanges() {
    // the CRD takes any description; PATCH's pattern refuses '#'
    String ns =
        resource("rejected-job", "Correct", job -> withDescription(job, "Nightly report #1"));
    NorthflankJob rejected =
        harness.awaitCondition(ns, "example", "Synced", "False", "CorrectionRejected");

    assertThat(condition(rejected, "Stalled").status()).isEqualTo("True");
    assertThat(condition(rejected, "Stalled").reason()).isEqualTo("CorrectionRejected");
    assertThat(condition(rejected, "Synced").message())
        .startsWith(
            "PATCH /v1/projects/{projectId}/jobs/{jobId} (project default-project, job"
                + " rejected-job) failed: HTTP 400: \"description\" fails to match");
    assertThat(condition(rejected, "Drifted").status()).isEqualTo("True");
    assertThat(condition(rejected, "Drifted").message())
        .contains("Northflank rejected the correction of this spec");
    assertThat(rejected.getStatus().lastCorrection().result()).isEqualTo(LastCorrection.REJECTED);
    assertThat(rejected.getStatus().schedule()).isEqualTo(SCHEDULE);

    // the job is still read at the interval, and not written again
    awaitReads(ns, 4);
    assertThat(harness.northflank.writes().to(path("rejected-job"))).hasSize(1);
    // a first reconcile before the token Secret reached the operator's cache may add another
    assertThat(events(ns, "SyncFailed"))
        .filteredOn(e -> e.getMessage().startsWith("CorrectionRejected:"))
        .hasSize(1);
    assertThat(condition(harness.get(ns, "example"), "Stalled").status()).isEqualTo("True");

    harness.edit(ns, "example", j -> withDescription(j, "Nightly report number 1"));
    harness.awaitCondition(ns, "example", "Ready", "True", "InSync");
    assertThat(harness.northflank.writes().to(path("rejected-job")))
        .extracting(WriteLog.Write::status)
        .containsExactly(400, 200);
  }

  @Test
  void aPausedResourceMakesNoCallWhileItsJobIsDeletedAndResumesAtOnce() {
    String ns =
        resource(
            "paused-job",
            "Correct",
            job -> {
              job.setSpec(withInterval(job.getSpec(), "1h"));
              return job;
            });
    String token = tokens.get(tokens.size() - 1);

    harness.edit(
        ns,
        "example",
        j ->
            j.getMetadata()
                .setAnnotations(new HashMap<>(java.util.Map.of(Pause.ANNOTATION, "true"))));
    NorthflankJob paused = harness.awaitCondition(ns, "example", "Synced", "False", "Paused");
    // Events go out in order, so once Paused is there every earlier one is: a first reconcile that
    // ran before the token Secret reached the operator's cache may have left a SyncFailed
    await().atMost(OperatorHarness.TIMEOUT).until(() -> reasons(ns).contains("Paused"));
    int failuresBefore = events(ns, "SyncFailed").size();
    int calls = calls(token);
    harness.northflank.deleteJob(PROJECT, "paused-job");
    await("no call while paused")
        .during(QUIET)
        .atMost(QUIET.plusSeconds(5))
        .until(() -> calls(token) == calls);

    NorthflankJob still = harness.get(ns, "example");
    assertThat(condition(still, "Stalled").status()).isEqualTo("False");
    assertThat(condition(still, "Ready").reason()).isEqualTo("Paused");
    assertThat(still.getStatus().schedule()).isEqualTo(SCHEDULE);
    assertThat(still.getStatus().lastSyncTime()).isEqualTo(paused.getStatus().lastSyncTime());
    assertThat(events(ns, "SyncFailed")).hasSize(failuresBefore);

    harness.edit(ns, "example", j -> j.getMetadata().getAnnotations().remove(Pause.ANNOTATION));
    // read at once, not after the hour: the job is gone now
    harness.awaitCondition(ns, "example", "Synced", "False", "JobNotFound");
    assertThat(calls(token)).isGreaterThan(calls);
    // Events are sent after the status, from the publisher's own thread
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(reasons(ns)).contains("Resumed");
              assertThat(events(ns, "SyncFailed").size()).isGreaterThan(failuresBefore);
            });
  }

  /**
   * "yes" pauses nothing: the resource is read as usual, and one Warning Event (not one per read)
   * says so; another invalid value is another warning, and "true" still pauses.
   */
  @Test
  void aPauseAnnotationThatIsNeitherTrueNorFalseIsAWarningOnceAndPausesNothing() {
    String ns = resource("yes-paused-job", "Report", job -> job);

    harness.edit(
        ns,
        "example",
        j -> j.getMetadata().setAnnotations(new HashMap<>(Map.of(Pause.ANNOTATION, "yes"))));

    await()
        .atMost(OperatorHarness.TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(events(ns, Reasons.INVALID_ANNOTATION))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getMessage())
                              .isEqualTo(
                                  "The annotation northflank.com/paused is \"yes\", neither"
                                      + " \"true\" nor \"false\": the resource is not paused,"
                                      + " and is read as usual");
                        }));
    // the reconcile the change started (its Warning says so) did not pause: Synced still says the
    // last read, and the next one comes at the interval, as usual
    assertThat(condition(harness.get(ns, "example"), "Synced").reason()).isEqualTo("Fetched");

    // a spec change is read again: the same value is not warned of twice
    harness.edit(ns, "example", j -> j.setSpec(withInterval(j.getSpec(), "30m")));
    harness.awaitJob(
        ns,
        "example",
        j -> Objects.equals(j.getStatus().observedGeneration(), j.getMetadata().getGeneration()));
    harness.edit(ns, "example", j -> j.getMetadata().getAnnotations().put(Pause.ANNOTATION, "1"));
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> events(ns, Reasons.INVALID_ANNOTATION).size() == 2);
    harness.edit(
        ns, "example", j -> j.getMetadata().getAnnotations().put(Pause.ANNOTATION, "true"));
    harness.awaitCondition(ns, "example", "Synced", "False", "Paused");
    assertThat(events(ns, Reasons.INVALID_ANNOTATION)).hasSize(2);
  }

  private static NorthflankJob withDescription(NorthflankJob job, String description) {
    JobDefinition d = job.getSpec().job();
    NorthflankJobSpec spec = job.getSpec();
    job.setSpec(
        new NorthflankJobSpec(
            spec.projectId(),
            spec.jobId(),
            spec.teamId(),
            spec.credentials(),
            spec.syncInterval(),
            new JobDefinition(
                d.name(),
                description,
                d.tags(),
                d.jobType(),
                d.vcsData(),
                d.buildConfiguration(),
                d.buildEngineConfiguration(),
                d.disabledCI(),
                d.disabledCD(),
                d.deployment(),
                d.billing(),
                d.suspended(),
                d.settings()),
            spec.driftPolicy()));
    return job;
  }

  private static NorthflankJobSpec withInterval(NorthflankJobSpec spec, String interval) {
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
   * A live job copied from the seed example, its own token and namespace, and a resource for it,
   * awaited until it has been read once. Returns the namespace.
   */
  private String resource(String jobId, String policy, UnaryOperator<NorthflankJob> change) {
    String ns = "it-" + jobId;
    String token = "nf-it-" + jobId + "-token";
    tokens.add(token);
    harness.northflank.addToken(token, Set.of());
    harness.liveJob(jobId);
    harness.tokenSecret(ns, "northflank-api", token);
    NorthflankJob job = sample(ns, "example", jobId);
    job.setSpec(job.getSpec().withDriftPolicy(policy));
    harness.create(change.apply(job));
    harness.awaitJob(
        ns, "example", j -> j.getStatus() != null && j.getStatus().lastSyncTime() != null);
    return ns;
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String path(String jobId) {
    return "/v1/projects/" + PROJECT + "/jobs/" + jobId;
  }

  /** Reconciles of the namespace's resource that got as far as a status. */
  private static long reads(String ns) {
    return harness.probe.syncs(0, System.nanoTime(), ns, "example").size();
  }

  private static void awaitReads(String ns, int more) {
    long target = reads(ns) + more;
    await().atMost(OperatorHarness.TIMEOUT).until(() -> reads(ns) >= target);
  }

  private static int calls(String token) {
    String fingerprint = ApiToken.of(token).fingerprint();
    return harness
        .probe
        .calls(
            0,
            System.nanoTime() + Duration.ofHours(1).toNanos(),
            c -> c.tokenFingerprint().equals(fingerprint))
        .size();
  }

  private static List<String> reasons(String ns) {
    return harness.events(ns, "example").stream().map(Event::getReason).toList();
  }

  private static List<Event> events(String ns, String reason) {
    return harness.events(ns, "example").stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }
}
