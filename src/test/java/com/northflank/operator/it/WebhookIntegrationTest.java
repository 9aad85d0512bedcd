package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.events.TransitionEvents;
import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.Reasons;
import com.northflank.operator.observability.WebhookMetrics;
import com.northflank.operator.playground.simulator.RunStatus;
import io.fabric8.kubernetes.api.model.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run events pushed by the simulator, as a Northflank notification integration would push them:
 * the real operator reads a job every minute, its runs only on an event (or hourly), and a failed
 * run reaches the resource's status and a RunFailed Event by webhook, with one runs read and no
 * read of the job.
 */
class WebhookIntegrationTest {

  private static final String SECRET = "nf-webhook-canary-91c4d0";

  @TempDir static Path dir;
  private static OperatorHarness harness;

  @BeforeAll
  static void start() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("webhook-token"), SECRET);
    harness =
        OperatorHarness.start(
            Map.of(
                OperatorSettings.SYNC_INTERVAL.variable(), "1m",
                OperatorSettings.WEBHOOK_PORT.variable(), "0",
                OperatorSettings.WEBHOOK_TOKEN_FILE.variable(), tokenFile.toString()));
    harness.serveWebhooks(tokenFile, SECRET);
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      assertThat(harness.everythingObservable()).doesNotContain(CANARY).doesNotContain(SECRET);
      harness.close();
    }
  }

  /**
   * The operator-wide token, no Secret of its own: a Secret's watch event would reconcile the new
   * resource a second time, a read of the job that has nothing to do with the webhook.
   */
  private static NorthflankJob withoutSecret(NorthflankJob job) {
    NorthflankJobSpec spec = job.getSpec();
    job.setSpec(
        new NorthflankJobSpec(
            spec.projectId(), spec.jobId(), spec.teamId(), null, spec.syncInterval(), spec.job()));
    return job;
  }

  @Test
  void aRunFailureArrivesByWebhookAndTheRunFailedEventFollowsWithoutThePoll() {
    String ns = "webhook-failure";
    harness.liveJob(ns);
    harness.northflank.clearRuns(PROJECT, ns);
    harness.create(withoutSecret(OperatorHarness.sample(ns, "example", ns)));
    harness.awaitCondition(ns, "example", ConditionTypes.LAST_RUN_SUCCEEDED, "Unknown", "NoRuns");
    // the reconciles its creation set off (its status write among them) are over: the reads from
    // here on are the webhook's
    awaitNoJobReadFor(ns, Duration.ofSeconds(1));
    long runReadsBefore = runReads(ns);
    long jobReadsBefore = jobReads(ns);

    String run = harness.northflank.addRun(PROJECT, ns, RunStatus.FAILED, Duration.ofSeconds(30));

    harness.awaitCondition(ns, "example", ConditionTypes.LAST_RUN_SUCCEEDED, "False", "RunFailed");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                harness.events(ns, "example").stream()
                    .map(Event::getReason)
                    .anyMatch(TransitionEvents.RUN_FAILED::equals));
    assertThat(harness.get(ns, "example").getStatus().lastRun().name()).isEqualTo(run);
    // the start and the failure, sent together, made one or two runs reads and no read of the job
    long readsByWebhook = runReads(ns) - runReadsBefore;
    assertThat(readsByWebhook).isBetween(1L, 2L);
    assertThat(jobReads(ns)).isEqualTo(jobReadsBefore);
    assertThat(harness.observability.webhooks().count(WebhookMetrics.Answer.ACCEPTED))
        .isGreaterThanOrEqualTo(2);
    assertThat(harness.observability.webhooks().count(WebhookMetrics.Outcome.MATCHED))
        .isGreaterThanOrEqualTo(1);
    assertThat(harness.get(ns, "example").getStatus().conditions())
        .as("the job's own conditions are those of its last full read")
        .anyMatch(
            c -> c.type().equals(ConditionTypes.SYNCED) && c.reason().equals(Reasons.FETCHED));
  }

  @Test
  void withoutAnEventTheRunsAreNotPolledAtEveryRead() {
    String ns = "webhook-quiet";
    harness.tokenSecret(ns, "northflank-api", CANARY);
    harness.liveJob(ns);
    harness.northflank.clearRuns(PROJECT, ns);
    harness.create(OperatorHarness.sample(ns, "example", ns));
    harness.awaitCondition(ns, "example", ConditionTypes.LAST_RUN_SUCCEEDED, "Unknown", "NoRuns");
    long runReadsBefore = runReads(ns);

    // a spec change reads the job again at once; its runs, read a moment ago, are not due
    long jobReadsBefore = jobReads(ns);
    harness.edit(ns, "example", j -> j.getMetadata().getLabels().put("touched", "yes"));
    harness.edit(
        ns,
        "example",
        j ->
            j.setSpec(
                new com.northflank.operator.model.NorthflankJobSpec(
                    j.getSpec().projectId(),
                    j.getSpec().jobId(),
                    j.getSpec().teamId(),
                    j.getSpec().credentials(),
                    "30s",
                    j.getSpec().job())));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> jobReads(ns) > jobReadsBefore);
    harness.awaitJob(
        ns,
        "example",
        j ->
            j.getStatus().observedGeneration() != null
                && j.getStatus().observedGeneration().equals(j.getMetadata().getGeneration()));

    assertThat(runReads(ns)).isEqualTo(runReadsBefore);
  }

  @Test
  void aWrongSecretIsRefusedAndReadsNothing() throws Exception {
    String ns = "webhook-wrong";
    harness.tokenSecret(ns, "northflank-api", CANARY);
    harness.liveJob(ns);
    harness.northflank.clearRuns(PROJECT, ns);
    harness.create(OperatorHarness.sample(ns, "example", ns));
    harness.awaitCondition(ns, "example", ConditionTypes.LAST_RUN_SUCCEEDED, "Unknown", "NoRuns");
    Path tokenFile = dir.resolve("webhook-token");
    long refused = harness.observability.webhooks().count(WebhookMetrics.Answer.UNAUTHORIZED);
    long runReadsBefore = runReads(ns);
    try {
      harness.serveWebhooks(tokenFile, "not-the-secret");
      harness.northflank.addRun(PROJECT, ns, RunStatus.FAILED);

      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  harness.observability.webhooks().count(WebhookMetrics.Answer.UNAUTHORIZED)
                      >= refused + 2);
      assertThat(runReads(ns)).isEqualTo(runReadsBefore);
      assertThat(harness.get(ns, "example").getStatus().lastRun()).isNull();
    } finally {
      harness.serveWebhooks(tokenFile, SECRET);
    }
  }

  /** Until no Get Job of the job has been sent for {@code quiet}; the interval (1m) is far longer. */
  private void awaitNoJobReadFor(String jobId, Duration quiet) {
    long[] seen = {jobReads(jobId)};
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(quiet)
        .until(
            () -> {
              long now = jobReads(jobId);
              boolean quietSince = now == seen[0];
              seen[0] = now;
              return quietSince;
            });
  }

  /** Runs reads of this job alone: the other tests' resources are read on their own schedule. */
  private static long runReads(String jobId) {
    return harness.northflank.counters().path("GET /v1/projects/" + PROJECT + "/jobs/" + jobId + "/runs");
  }

  private static long jobReads(String jobId) {
    return harness.northflank.counters().path("GET /v1/projects/" + PROJECT + "/jobs/" + jobId);
  }
}
