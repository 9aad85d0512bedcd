package com.northflank.operator.it;

import static com.northflank.operator.drift.Drifts.drift;
import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static com.northflank.operator.it.OperatorHarness.condition;
import static com.northflank.operator.it.OperatorHarness.sample;
import static com.northflank.operator.credentials.CredentialResolver.CREDENTIALS_LABEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.playground.simulator.RunStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The real JOSDK operator against the mock Kubernetes API and the Northflank simulator. */
class OperatorIntegrationTest {

  private static final String GET_JOB = "GET /v1/projects/{projectId}/jobs/{jobId}";

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
  void mirrorsTheLiveJobIntoTheStatus() {
    harness.liveJob("status-job");
    harness.tokenSecret("it-status", "northflank-api", CANARY);
    harness.create(sample("it-status", "example", "status-job"));

    NorthflankJob job = harness.awaitCondition("it-status", "example", "Ready", "True", "InSync");

    var status = job.getStatus();
    assertThat(status.observedGeneration()).isEqualTo(job.getMetadata().getGeneration());
    assertThat(status.jobType()).isEqualTo("cron");
    assertThat(status.suspended()).isFalse();
    assertThat(status.schedule()).isEqualTo("30 8 * * *");
    assertThat(status.concurrencyPolicy()).isEqualTo("Allow");
    assertThat(status.cluster().id()).isEqualTo("nf-europe-west");
    assertThat(status.cluster().name()).isEqualTo("nf-europe-west");
    assertThat(status.cluster().namespace()).isEqualTo("ns-8zy2mcjh9zn2");
    assertThat(status.appId()).endsWith("/default-project/status-job");
    assertThat(status.createdAt()).isEqualTo("2021-01-20T11:19:53.175Z");
    assertThat(status.lastSyncTime()).isNotNull();
    assertThat(status.drift()).isEmpty();
    assertThat(condition(job, "Synced").reason()).isEqualTo("Fetched");
    assertThat(condition(job, "Drifted").status()).isEqualTo("False");
    assertThat(condition(job, "Stalled").status()).isEqualTo("False");
  }

  @Test
  void flagsDriftWhenTheLiveJobChangesAndClearsItWhenReverted() {
    harness.liveJob("drift-job");
    harness.tokenSecret("it-drift", "northflank-api", CANARY);
    harness.create(sample("it-drift", "example", "drift-job"));
    harness.awaitCondition("it-drift", "example", "Ready", "True", "InSync");

    harness.northflank.updateJob(
        PROJECT,
        "drift-job",
        j -> {
          j.with("settings").with("cron").put("schedule", "0 * * * *");
          j.putArray("tags").add("other-tag");
        });
    NorthflankJob drifted =
        harness.awaitCondition("it-drift", "example", "Drifted", "True", "DriftDetected");

    assertThat(drifted.getStatus().drift())
        .containsExactly(
            drift("settings.cron.schedule", "30 8 * * *", "0 * * * *"),
            drift("tags", "[\"my-tag\"]", "[\"other-tag\"]"));
    assertThat(drifted.getStatus().driftCount()).isEqualTo(2);
    assertThat(drifted.getStatus().schedule()).isEqualTo("0 * * * *");
    assertThat(condition(drifted, "Ready").status()).isEqualTo("False");
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> reasons("it-drift").anyMatch("DriftDetected"::equals));

    harness.northflank.updateJob(
        PROJECT,
        "drift-job",
        j -> {
          j.with("settings").with("cron").put("schedule", "30 8 * * *");
          j.putArray("tags").add("my-tag");
        });
    NorthflankJob resolved =
        harness.awaitCondition("it-drift", "example", "Drifted", "False", "InSync");

    assertThat(resolved.getStatus().drift()).isEmpty();
    assertThat(condition(resolved, "Ready").status()).isEqualTo("True");
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> reasons("it-drift").anyMatch("DriftResolved"::equals));
    assertThat(reasons("it-drift").filter("DriftDetected"::equals)).hasSize(1);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("job deleted (404)", 404, "JobNotFound", "True"),
        Arguments.of("token refused (401)", 401, "Unauthorized", "True"),
        Arguments.of("token lacks the project (403)", 403, "Forbidden", "True"),
        Arguments.of("server error (500)", 500, "ApiUnavailable", "False"),
        Arguments.of("garbage body", 0, "InvalidResponse", "False"));
  }

  @ParameterizedTest(name = "{0}: Synced=False/{2}, last observation kept")
  @MethodSource("failures")
  void aFailedReadKeepsTheLastObservation(String name, int status, String reason, String stalled) {
    String jobId = "fail-" + reason.toLowerCase();
    String namespace = "it-" + jobId;
    harness.liveJob(jobId);
    harness.tokenSecret(namespace, "northflank-api", CANARY);
    harness.create(sample(namespace, "example", jobId));
    NorthflankJob good = harness.awaitCondition(namespace, "example", "Ready", "True", "InSync");

    var fault = harness.northflank.faults().job(PROJECT, jobId);
    if (status == 0) {
      fault.malformedJson(1.0);
    } else {
      fault.forceStatus(status, Integer.MAX_VALUE);
    }
    NorthflankJob failed = harness.awaitCondition(namespace, "example", "Synced", "False", reason);

    assertThat(failed.getStatus().schedule()).isEqualTo("30 8 * * *");
    assertThat(failed.getStatus().cluster()).isEqualTo(good.getStatus().cluster());
    assertThat(failed.getStatus().lastSyncTime()).isEqualTo(good.getStatus().lastSyncTime());
    assertThat(condition(failed, "Drifted")).isEqualTo(condition(good, "Drifted"));
    assertThat(condition(failed, "Ready").reason()).isEqualTo(reason);
    assertThat(condition(failed, "Stalled").status()).isEqualTo(stalled);
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> reasons(namespace).anyMatch("SyncFailed"::equals));

    fault.clear();
    harness.awaitCondition(namespace, "example", "Ready", "True", "InSync");
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> reasons(namespace).anyMatch("SyncRecovered"::equals));
  }

  @Test
  void aTransientFailureIsOneLineWithItsReasonAndIsRetriedWithBackoff() {
    String namespace = "it-transient";
    harness.liveJob("transient-job");
    harness.tokenSecret(namespace, "northflank-api", CANARY);
    harness.create(sample(namespace, "example", "transient-job"));
    harness.awaitCondition(namespace, "example", "Ready", "True", "InSync");
    int before = harness.logLines().size();

    harness.northflank.faults().job(PROJECT, "transient-job").forceStatus(503, 3);
    harness.awaitCondition(namespace, "example", "Synced", "False", "ApiUnavailable");
    harness.awaitCondition(namespace, "example", "Ready", "True", "InSync");

    List<ILoggingEvent> lines = linesAbout(namespace, before);
    assertThat(lines)
        .extracting(ILoggingEvent::getFormattedMessage)
        .filteredOn(m -> m.startsWith("Retrying in "))
        .as("one line for each failed read, with the attempt and the reason")
        .hasSize(3)
        .satisfies(m -> assertThat(m.get(0)).contains("(attempt 1)"))
        .satisfies(m -> assertThat(m.get(2)).contains("(attempt 3)"))
        .allSatisfy(
            m ->
                assertThat(m)
                    .contains(
                        "ApiUnavailable: GET /v1/projects/{projectId}/jobs/{jobId} (project"
                            + " default-project, job transient-job) failed: HTTP 503"));
    assertThat(lines)
        .as("no stack trace, no JOSDK 'Uncaught error' for a failure the operator handles")
        .allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull())
        .noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains("Uncaught error"));
  }

  @Test
  void anUnexpectedFailureStillLogsItsStackTraceAndIsRetried() {
    String namespace = "it-unexpected";
    harness.liveJob("unexpected-job");
    harness.tokenSecret(namespace, "northflank-api", CANARY);
    harness.create(sample(namespace, "example", "unexpected-job"));
    harness.awaitCondition(namespace, "example", "Ready", "True", "InSync");
    int before = harness.logLines().size();
    AtomicInteger refused = new AtomicInteger();
    // a status patch the Kubernetes API refuses is no Northflank failure the reconciler knows
    harness.kubernetesFaults.answer(
        request ->
            "PATCH".equals(request.getMethod())
                    && request.getPath().contains("/namespaces/" + namespace + "/")
                    && request.getPath().contains("/status")
                    && refused.getAndIncrement() == 0
                ? Optional.of(KubernetesFaults.status(400, "BadRequest", "refused by the test"))
                : Optional.empty());
    try {
      harness.northflank.updateJob(
          PROJECT,
          "unexpected-job",
          j -> j.with("settings").with("cron").put("schedule", "0 * * * *"));
      harness.awaitCondition(namespace, "example", "Drifted", "True", "DriftDetected");
    } finally {
      harness.kubernetesFaults.answer(request -> Optional.empty());
    }

    assertThat(refused).hasPositiveValue();
    assertThat(harness.logLines().subList(before, harness.logLines().size()))
        .filteredOn(e -> e.getFormattedMessage().contains("Uncaught error during event processing"))
        .filteredOn(e -> e.getFormattedMessage().contains("namespace='" + namespace + "'"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getThrowableProxy()).isNotNull());
  }

  /** The log lines since {@code from} logged while one of the namespace's resources was synced. */
  private static List<ILoggingEvent> linesAbout(String namespace, int from) {
    List<ILoggingEvent> all = harness.logLines();
    return all.subList(from, all.size()).stream()
        .filter(e -> namespace.equals(e.getMDCPropertyMap().get("resource.namespace")))
        .toList();
  }

  @Test
  void anUnchangedPollWritesNothingToKubernetes() {
    harness.liveJob("quiet-job");
    harness.tokenSecret("it-quiet", "northflank-api", CANARY);
    harness.create(sample("it-quiet", "example", "quiet-job"));
    harness.awaitCondition("it-quiet", "example", "Ready", "True", "InSync");
    // the first read wrote the status; let its own watch event settle
    long readsBefore = awaitReads(1);
    long writesBefore = harness.kubernetes.requests().writeCount();

    awaitReads(readsBefore + 3);

    assertThat(harness.kubernetes.requests().writeCount()).isEqualTo(writesBefore);
  }

  @Test
  void aSpecChangeIsReadAtOnce() {
    harness.liveJob("spec-job");
    harness.tokenSecret("it-spec", "northflank-api", CANARY);
    NorthflankJob job = sample("it-spec", "example", "spec-job");
    job.setSpec(withInterval(job.getSpec(), "1h"));
    harness.create(job);
    harness.awaitCondition("it-spec", "example", "Ready", "True", "InSync");

    NorthflankJob edited =
        harness.edit(
            "it-spec",
            "example",
            j -> {
              var spec = j.getSpec();
              var jobSpec = spec.job();
              j.setSpec(
                  new NorthflankJobSpec(
                      spec.projectId(),
                      spec.jobId(),
                      spec.teamId(),
                      spec.credentials(),
                      spec.syncInterval(),
                      new com.northflank.operator.model.JobDefinition(
                          "Renamed Job",
                          jobSpec.description(),
                          jobSpec.tags(),
                          jobSpec.jobType(),
                          jobSpec.vcsData(),
                          jobSpec.buildConfiguration(),
                          jobSpec.buildEngineConfiguration(),
                          jobSpec.disabledCI(),
                          jobSpec.disabledCD(),
                          jobSpec.deployment(),
                          jobSpec.billing(),
                          jobSpec.suspended(),
                          jobSpec.settings())));
            });

    NorthflankJob drifted =
        harness.awaitJob(
            "it-spec",
            "example",
            j ->
                j.getStatus().observedGeneration().equals(edited.getMetadata().getGeneration())
                    && condition(j, "Drifted").status().equals("True"));
    assertThat(drifted.getStatus().drift())
        .containsExactly(drift("name", "Renamed Job", "Example Job"));
  }

  /**
   * spec.jobId changed to a job that does not exist: JobNotFound, and nothing of the job before
   * (its type, schedule, last run) stands beside it. A failed read of the same job keeps them.
   */
  @Test
  void aSpecNamingAnotherJobShowsNothingOfTheJobBefore() {
    harness.liveJob("identity-job");
    harness.northflank.addRun(PROJECT, "identity-job", RunStatus.SUCCESS, Duration.ofMinutes(5));
    harness.tokenSecret("it-identity", "northflank-api", CANARY);
    harness.create(sample("it-identity", "example", "identity-job"));
    NorthflankJob before =
        harness.awaitJob(
            "it-identity",
            "example",
            j -> j.getStatus() != null && j.getStatus().lastRun() != null);
    assertThat(before.getStatus().jobType()).isEqualTo("cron");

    harness.edit(
        "it-identity",
        "example",
        j -> {
          var spec = j.getSpec();
          j.setSpec(
              new NorthflankJobSpec(
                  spec.projectId(),
                  "no-such-job",
                  spec.teamId(),
                  spec.credentials(),
                  spec.syncInterval(),
                  spec.job()));
        });

    NorthflankJob after =
        harness.awaitCondition("it-identity", "example", "Synced", "False", "JobNotFound");
    assertThat(after.getStatus().jobType()).isNull();
    assertThat(after.getStatus().schedule()).isNull();
    assertThat(after.getStatus().lastRun()).isNull();
    assertThat(after.getStatus().appId()).isNull();
    assertThat(condition(after, "Drifted").reason()).isEqualTo("AwaitingFirstSync");
  }

  @Test
  void anInvalidScheduleStallsWithoutCallingTheApi() {
    harness.liveJob("cron-job");
    harness.tokenSecret("it-cron", "northflank-api", CANARY);
    NorthflankJob job = sample("it-cron", "example", "cron-job");
    GenericKubernetesResource raw =
        Serialization.unmarshal(Serialization.asJson(job), GenericKubernetesResource.class);
    ((Map<String, Object>)
            ((Map<String, Object>)
                    ((Map<String, Object>)
                            ((Map<String, Object>) raw.getAdditionalProperties().get("spec"))
                                .get("job"))
                        .get("settings"))
                .get("cron"))
        .put("schedule", "every day at noon");
    long readsBefore = harness.northflank.counters().route(GET_JOB);
    harness.client.resource(raw).create();

    NorthflankJob stalled =
        harness.awaitCondition("it-cron", "example", "Stalled", "True", "InvalidSpec");

    assertThat(condition(stalled, "Synced").message())
        .contains("spec.job.settings.cron.schedule 'every day at noon'");
    assertThat(harness.northflank.counters().route(GET_JOB)).isEqualTo(readsBefore);
  }

  @Test
  void aMissingSecretIsCredentialsMissingAndCreatingItTriggersARead() {
    harness.liveJob("secret-job");
    NorthflankJob job = sample("it-secret", "example", "secret-job");
    job.setSpec(withInterval(job.getSpec(), "1h"));
    harness.create(job);

    NorthflankJob missing =
        harness.awaitCondition("it-secret", "example", "Synced", "False", "CredentialsMissing");
    assertThat(condition(missing, "Synced").message())
        .isEqualTo(
            "Secret it-secret/northflank-api not found, or not labelled"
                + " northflank.com/credentials=true");
    assertThat(condition(missing, "Stalled").status()).isEqualTo("False");

    harness.tokenSecret("it-secret", "northflank-api", CANARY);

    harness.awaitCondition("it-secret", "example", "Ready", "True", "InSync");
  }

  @Test
  void aSecretWithoutTheCredentialsLabelIsNotSeenUntilItIsLabelled() {
    harness.liveJob("unlabelled-job");
    harness
        .client
        .secrets()
        .inNamespace("it-unlabelled")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("northflank-api")
                .withNamespace("it-unlabelled")
                .endMetadata()
                .addToStringData("token", CANARY)
                .build())
        .create();
    NorthflankJob job = sample("it-unlabelled", "example", "unlabelled-job");
    job.setSpec(withInterval(job.getSpec(), "1h"));
    harness.create(job);

    NorthflankJob unseen =
        harness.awaitCondition("it-unlabelled", "example", "Synced", "False", "CredentialsMissing");
    assertThat(condition(unseen, "Synced").message())
        .contains("not labelled northflank.com/credentials=true");

    harness
        .client
        .secrets()
        .inNamespace("it-unlabelled")
        .withName("northflank-api")
        .edit(
            s ->
                new SecretBuilder(s)
                    .editMetadata()
                    .addToLabels(CREDENTIALS_LABEL, "true")
                    .endMetadata()
                    .build());

    harness.awaitCondition("it-unlabelled", "example", "Ready", "True", "InSync");
  }

  @Test
  void aSecretCanOnlyComeFromTheResourcesOwnNamespace() {
    harness.liveJob("cross-job");
    harness.tokenSecret("it-elsewhere", "northflank-api", CANARY);
    NorthflankJob job = sample("it-cross", "example", "cross-job");
    GenericKubernetesResource raw =
        Serialization.unmarshal(Serialization.asJson(job), GenericKubernetesResource.class);
    ((Map<String, Object>)
            ((Map<String, Object>)
                    ((Map<String, Object>) raw.getAdditionalProperties().get("spec"))
                        .get("credentials"))
                .get("secretRef"))
        .put("namespace", "it-elsewhere");
    harness.client.resource(raw).create();

    NorthflankJob refused =
        harness.awaitCondition("it-cross", "example", "Synced", "False", "CredentialsMissing");

    assertThat(condition(refused, "Synced").message())
        .startsWith("Secret it-cross/northflank-api not found");
    assertThat(
            harness
                .kubernetes
                .client()
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("northflankjobs.northflank.com")
                .get()
                .getSpec()
                .getVersions()
                .get(0)
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec")
                .getProperties()
                .get("credentials")
                .getProperties()
                .get("secretRef")
                .getProperties())
        .containsOnlyKeys("name", "key");
  }

  @Test
  void theOperatorWideTokenIsUsedWithoutCredentials() {
    harness.liveJob("default-token-job");
    NorthflankJob job = sample("it-default", "example", "default-token-job");
    var spec = job.getSpec();
    job.setSpec(
        new NorthflankJobSpec(
            spec.projectId(), spec.jobId(), null, null, spec.syncInterval(), spec.job()));
    harness.create(job);

    harness.awaitCondition("it-default", "example", "Ready", "True", "InSync");
  }

  @Test
  void aWrongSecretTokenIsUnauthorizedAndRotatingItRecovers() {
    harness.liveJob("rotate-job");
    harness.tokenSecret("it-rotate", "northflank-api", "not-a-valid-token");
    NorthflankJob job = sample("it-rotate", "example", "rotate-job");
    job.setSpec(withInterval(job.getSpec(), "1h"));
    harness.create(job);
    harness.awaitCondition("it-rotate", "example", "Stalled", "True", "Unauthorized");

    harness
        .client
        .secrets()
        .inNamespace("it-rotate")
        .withName("northflank-api")
        .edit(
            s -> {
              s.setStringData(Map.of("token", CANARY));
              s.setData(null);
              return s;
            });

    harness.awaitCondition("it-rotate", "example", "Ready", "True", "InSync");
  }

  private static NorthflankJobSpec withInterval(NorthflankJobSpec spec, String interval) {
    return new NorthflankJobSpec(
        spec.projectId(), spec.jobId(), spec.teamId(), spec.credentials(), interval, spec.job());
  }

  private static Stream<String> reasons(String namespace) {
    return harness.events(namespace, "example").stream().map(Event::getReason);
  }

  private static long awaitReads(long atLeast) {
    long[] reads = new long[1];
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> (reads[0] = harness.northflank.counters().route(GET_JOB)) >= atLeast);
    return reads[0];
  }
}
