package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.northflank.operator.client.ApiToken;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.credentials.CredentialResolver;
import com.northflank.operator.model.Credentials;
import com.northflank.operator.model.SecretKeyRef;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.model.Reasons;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * List-assisted polling and the restart spread, on the real operator: what a sweep of the project
 * finds is read at once, long before the job's own interval; a restart does not re-read every
 * synced resource at once.
 */
class FreshnessIntegrationTest {

  private static final String GET_JOB = "GET /v1/projects/{projectId}/jobs/{jobId}";
  private static final String LIST_JOBS = "GET /v1/projects/{projectId}/jobs";

  /** Resources of live copies of the example job, each read every {@code interval}. */
  private static List<String> watch(
      OperatorHarness harness, String namespace, int count, String interval) {
    harness.tokenSecret(namespace, "northflank-api", OperatorHarness.CANARY);
    List<String> ids = IntStream.rangeClosed(1, count).mapToObj(i -> namespace + "-" + i).toList();
    for (String id : ids) {
      harness.liveJob(id);
      NorthflankJob job = OperatorHarness.sample(namespace, id, id);
      var spec = job.getSpec();
      job.setSpec(
          new NorthflankJobSpec(
              spec.projectId(), id, spec.teamId(), spec.credentials(), interval, spec.job()));
      harness.create(job);
    }
    for (String id : ids) {
      harness.awaitCondition(namespace, id, ConditionTypes.SYNCED, "True", Reasons.FETCHED);
    }
    return ids;
  }

  @Test
  void aSuspensionInTheConsoleIsSeenAfterASweepNotAfterTheJobsInterval() {
    try (OperatorHarness harness = OperatorHarness.start()) {
      // a minute between full reads: sweeps every ~6s, the harness waits at most 20s
      List<String> ids = watch(harness, "sweep", 3, "60s");
      String flipped = ids.get(1);
      long readsBefore = harness.northflank.counters().route(GET_JOB);

      harness.northflank.updateJob(PROJECT, flipped, job -> job.put("suspended", true));

      NorthflankJob seen =
          harness.awaitJob(
              "sweep",
              flipped,
              j -> j.getStatus() != null && Boolean.TRUE.equals(j.getStatus().suspended()));
      assertThat(Conditions.isTrue(seen.getStatus().conditions(), ConditionTypes.DRIFTED)).isTrue();
      assertThat(harness.northflank.counters().route(LIST_JOBS)).isPositive();
      assertThat(harness.northflank.counters().route(GET_JOB) - readsBefore)
          .as("only the changed job was read again")
          .isEqualTo(1);
      assertThat(harness.get("sweep", ids.get(0)).getStatus().suspended()).isFalse();
    }
  }

  @Test
  void aJobMissingFromTheListIsReadAtOnceAndTurnsJobNotFound() {
    try (OperatorHarness harness = OperatorHarness.start()) {
      List<String> ids = watch(harness, "gone", 2, "60s");

      assertThat(harness.northflank.deleteJob(PROJECT, ids.get(0))).isTrue();

      harness.awaitCondition(
          "gone", ids.get(0), ConditionTypes.SYNCED, "False", Reasons.JOB_NOT_FOUND);
      long reads = harness.northflank.counters().route(GET_JOB);
      long lists = harness.northflank.counters().route(LIST_JOBS);
      // later sweeps still miss it, which is no news: no read of it before its own interval
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> harness.northflank.counters().route(LIST_JOBS) >= lists + 1);
      assertThat(harness.northflank.counters().route(GET_JOB)).isEqualTo(reads);
    }
  }

  /**
   * Issue 21, finding 6: once the Secret holding a token is deleted (or loses the label that makes
   * it visible), its resources report CredentialsMissing, but the sweeps kept listing their
   * project with the revoked token. Now no request carries it any more.
   */
  @ParameterizedTest(name = "Secret {0}")
  @ValueSource(strings = {"deleted", "unlabelled"})
  void aTokenWhoseSecretIsGoneIsNoLongerUsedBySweeps(String how) {
    try (OperatorHarness harness = OperatorHarness.start()) {
      String namespace = "revoked-" + how;
      String token = "nf-revoked-" + how + "-7c1d";
      harness.northflank.addToken(token, Set.of());
      String fingerprint = ApiToken.of(token).fingerprint();
      harness.tokenSecret(namespace, "team-token", token);
      List<String> ids = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        String id = namespace + "-" + i;
        harness.liveJob(id);
        NorthflankJob job = OperatorHarness.sample(namespace, id, id);
        var spec = job.getSpec();
        job.setSpec(
            new NorthflankJobSpec(
                spec.projectId(),
                id,
                spec.teamId(),
                new Credentials(new SecretKeyRef("team-token", "token")),
                "60s",
                spec.job()));
        harness.create(job);
        ids.add(id);
      }
      long start = System.nanoTime();
      // a minute between full reads: the project is swept every ~6s with the team's token
      await("a sweep with the team's token")
          .atMost(Duration.ofSeconds(20))
          .until(() -> !lists(harness, fingerprint, start).isEmpty());

      var secret = harness.client.secrets().inNamespace(namespace).withName("team-token");
      if (how.equals("deleted")) {
        secret.delete();
      } else {
        secret.edit(
            s -> {
              s.getMetadata().getLabels().remove(CredentialResolver.CREDENTIALS_LABEL);
              return s;
            });
      }
      for (String id : ids) {
        harness.awaitCondition(
            namespace, id, ConditionTypes.SYNCED, "False", Reasons.CREDENTIALS_MISSING);
      }
      long gone = System.nanoTime();

      await("no request with the revoked token")
          .during(Duration.ofSeconds(10))
          .atMost(Duration.ofSeconds(12))
          .until(
              () ->
                  harness
                      .probe
                      .calls(
                          gone,
                          System.nanoTime() + Duration.ofHours(1).toNanos(),
                          c -> c.tokenFingerprint().equals(fingerprint))
                      .isEmpty());
    }
  }

  private static List<ReadProbe.Call> lists(
      OperatorHarness harness, String fingerprint, long from) {
    return harness.probe.calls(
        from,
        System.nanoTime() + Duration.ofHours(1).toNanos(),
        c -> c.tokenFingerprint().equals(fingerprint) && c.route().equals(LIST_JOBS));
  }

  @Test
  void aRestartWithSyncedResourcesSpreadsTheirReadsOverTheInterval() {
    try (OperatorHarness harness =
        OperatorHarness.start(Map.of(OperatorSettings.OBSERVE_RUNS.variable(), "false"))) {
      int jobs = 20;
      watch(harness, "restart", jobs, "20s");
      harness.stopOperator();
      long before = harness.northflank.counters().route(GET_JOB);

      harness.startOperator();

      // steady state reads 20 jobs per 20s: about 4 in 4s; all at once would be 20
      await()
          .during(Duration.ofSeconds(4))
          .atMost(Duration.ofSeconds(5))
          .until(() -> harness.northflank.counters().route(GET_JOB) - before <= 10);
      // and every one is read within its interval all the same
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> harness.northflank.counters().route(GET_JOB) - before >= jobs);
    }
  }
}
