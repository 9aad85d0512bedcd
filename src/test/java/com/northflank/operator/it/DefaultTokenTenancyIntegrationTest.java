package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static com.northflank.operator.it.OperatorHarness.condition;
import static com.northflank.operator.it.OperatorHarness.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.model.Lifecycle;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.playground.simulator.WriteLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many teams, one operator: the operator-wide token serves only the namespaces it is granted
 * ({@code --default-token-namespaces}), and writes with it only when they are granted too ({@code
 * --default-token-writes}); a resource's own Secret is unaffected by either. Every Northflank
 * request is counted.
 */
class DefaultTokenTenancyIntegrationTest {

  private static final String GRANTED = "it-granted";
  private static final String ELSEWHERE = "it-elsewhere";
  private static final String OWN_TOKEN = "nf-it-tenancy-own-token";
  private static final Duration QUIET = Duration.ofSeconds(3);

  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness =
        OperatorHarness.start(
            Map.of(
                OperatorSettings.DEFAULT_TOKEN_NAMESPACES.variable(), GRANTED,
                OperatorSettings.DEFAULT_TOKEN_WRITES.variable(), "false"));
    harness.northflank.addToken(OWN_TOKEN, Set.of());
  }

  @AfterAll
  static void stop() {
    String observable = harness.everythingObservable();
    harness.close();
    assertThat(observable).doesNotContain(CANARY).doesNotContain(OWN_TOKEN);
  }

  @Test
  void theOperatorWideTokenServesOnlyItsNamespacesAndWritesOnlyWhenGranted() {
    // a namespace the token is not granted: CredentialsMissing naming the flag, and no request
    long before = harness.northflank.counters().total();
    harness.create(withoutCredentials(sample(ELSEWHERE, "borrower", "example-job"), null));
    NorthflankJob refused =
        harness.awaitCondition(ELSEWHERE, "borrower", "Synced", "False", "CredentialsMissing");
    assertThat(condition(refused, "Synced").message())
        .contains(ELSEWHERE)
        .contains("--default-token-namespaces");
    await("no request for a namespace the token does not serve")
        .during(QUIET)
        .atMost(QUIET.plus(OperatorHarness.TIMEOUT))
        .until(() -> harness.northflank.counters().total() == before);

    // the same namespace with its own Secret: unaffected
    harness.tokenSecret(ELSEWHERE, "northflank-api", OWN_TOKEN);
    harness.create(sample(ELSEWHERE, "own", "example-job"));
    harness.awaitCondition(ELSEWHERE, "own", "Synced", "True", "Fetched");

    // the granted namespace reads with the token, and Correct reports drift without writing
    harness.liveJob("granted-job");
    NorthflankJob granted = withoutCredentials(sample(GRANTED, "tenant", "granted-job"), "Correct");
    harness.create(granted);
    harness.awaitCondition(GRANTED, "tenant", "Synced", "True", "Fetched");
    long writesBefore = harness.northflank.counters().nonGet();
    harness.northflank.updateJob(
        PROJECT, "granted-job", j -> j.with("settings").with("cron").put("schedule", "0 * * * *"));
    NorthflankJob drifted =
        harness.awaitCondition(GRANTED, "tenant", "Drifted", "True", "DriftDetected");
    assertThat(condition(drifted, "Drifted").message())
        .contains("not corrected")
        .contains("--default-token-writes");
    assertThat(condition(drifted, "Synced").status()).isEqualTo("True");
    long reads = harness.probe.syncs(0, System.nanoTime(), GRANTED, "tenant").size();
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> harness.probe.syncs(0, System.nanoTime(), GRANTED, "tenant").size() >= reads + 3);
    assertThat(harness.northflank.writes().to("/v1/projects/" + PROJECT + "/jobs/granted-job"))
        .isEmpty();
    assertThat(harness.northflank.counters().nonGet()).isEqualTo(writesBefore);
  }

  /**
   * A creation or deletion policy is an opt-in to writes, but not to the operator-wide token's: a
   * resource without spec.credentials creates and deletes only under --default-token-writes. The
   * grant is given and taken back by restarting the operator on the same APIs.
   */
  @Test
  void theOperatorWideTokenCreatesAndDeletesOnlyWhenGranted() {
    String id = "granted-lifecycle-job";
    String name = "lifecycle";
    // IfAbsent on an absent job without the grant: JobNotFound saying why, and no POST
    long before = harness.northflank.counters().nonGet();
    harness.create(LifecycleIntegrationTest.resource(GRANTED, name, id, "IfAbsent", "Delete"));
    NorthflankJob refused =
        harness.awaitCondition(GRANTED, name, "Synced", "False", "JobNotFound");
    assertThat(condition(refused, "Synced").message())
        .contains("is not created")
        .contains("--default-token-writes");
    assertThat(refused.getMetadata().getFinalizers()).as("nothing owned, nothing held").isEmpty();
    long reads = harness.probe.syncs(0, System.nanoTime(), GRANTED, name).size();
    await("read on at the interval, never created")
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> harness.probe.syncs(0, System.nanoTime(), GRANTED, name).size() >= reads + 2);
    assertThat(writes(id)).as("writes without the grant").isEmpty();
    assertThat(harness.northflank.counters().nonGet()).isEqualTo(before);
    assertThat(harness.northflank.job(PROJECT, id)).isEmpty();

    // granted: created once, and held by the finalizer (deletionPolicy: Delete)
    NorthflankJob created;
    withWritesGranted(true);
    try {
      created =
          harness.awaitJob(
              GRANTED,
              name,
              j ->
                  j.getStatus() != null
                      && "Created".equals(j.getStatus().ownership())
                      && Lifecycle.hasFinalizer(j)
                      && !Lifecycle.createPending(j));
      assertThat(writes(id))
          .extracting(w -> w.method() + " " + w.status())
          .containsExactly("POST 200");
      assertThat(harness.northflank.job(PROJECT, id)).isPresent();
    } finally {
      withWritesGranted(false);
    }

    // the grant taken back, the resource deleted: DeleteBlocked naming the flag, and no DELETE
    long beforeDelete = harness.northflank.counters().nonGet();
    harness.client.resource(created).delete();
    NorthflankJob blocked =
        harness.awaitCondition(GRANTED, name, "Synced", "False", "DeleteBlocked");
    assertThat(condition(blocked, "Synced").message()).contains("--default-token-writes");
    assertThat(Lifecycle.hasFinalizer(blocked)).isTrue();
    await("no DELETE without the grant")
        .during(QUIET)
        .atMost(QUIET.plus(OperatorHarness.TIMEOUT))
        .until(() -> harness.northflank.counters().nonGet() == beforeDelete);
    assertThat(writes(id)).extracting(WriteLog.Write::method).containsExactly("POST");
    assertThat(harness.northflank.job(PROJECT, id)).isPresent();

    // granted again: deleted, once
    withWritesGranted(true);
    try {
      await("the resource gone once the job is")
          .atMost(OperatorHarness.TIMEOUT)
          .until(() -> harness.get(GRANTED, name) == null);
      assertThat(harness.northflank.job(PROJECT, id)).isEmpty();
      assertThat(writes(id))
          .extracting(w -> w.method() + " " + w.status())
          .containsExactly("POST 200", "DELETE 200");
    } finally {
      withWritesGranted(false);
    }
  }

  /** Restarts the operator on the same APIs with or without --default-token-writes. */
  private static void withWritesGranted(boolean granted) {
    harness.stopOperator();
    harness.startOperator(
        Map.of(OperatorSettings.DEFAULT_TOKEN_WRITES.variable(), Boolean.toString(granted)));
  }

  /** Every write the simulator received for the job: the POST to the project, PATCH, DELETE. */
  private static List<WriteLog.Write> writes(String id) {
    return harness.northflank.writes().all().stream()
        .filter(
            w ->
                w.path().endsWith("/jobs/" + id)
                    || (w.method().equals("POST") && w.body().contains("\"name\":\"" + id + "\"")))
        .toList();
  }

  private static NorthflankJob withoutCredentials(NorthflankJob job, String policy) {
    NorthflankJobSpec spec = job.getSpec();
    job.setSpec(
        new NorthflankJobSpec(
                spec.projectId(), spec.jobId(), spec.teamId(), null, spec.syncInterval(), spec.job())
            .withDriftPolicy(policy));
    return job;
  }
}
