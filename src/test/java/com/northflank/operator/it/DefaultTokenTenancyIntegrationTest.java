package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static com.northflank.operator.it.OperatorHarness.condition;
import static com.northflank.operator.it.OperatorHarness.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import java.time.Duration;
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

  private static NorthflankJob withoutCredentials(NorthflankJob job, String policy) {
    NorthflankJobSpec spec = job.getSpec();
    job.setSpec(
        new NorthflankJobSpec(
                spec.projectId(), spec.jobId(), spec.teamId(), null, spec.syncInterval(), spec.job())
            .withDriftPolicy(policy));
    return job;
  }
}
