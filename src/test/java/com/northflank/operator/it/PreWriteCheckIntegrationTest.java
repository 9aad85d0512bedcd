package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static com.northflank.operator.it.OperatorHarness.condition;
import static com.northflank.operator.it.OperatorHarness.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.Pause;
import com.northflank.operator.playground.simulator.WriteLog;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What arrives while a correction waits is honoured before its PATCH goes out: a pause, a switch
 * to Report, a deletion that lands after the reconcile read its resource, while Northflank answers
 * its Get Job. The operator reads the resource again from the Kubernetes API just before the
 * PATCH, so nothing here waits for its informer to catch up; when that read fails, the informer's
 * copy decides. The resources are read every hour, so the one reconcile in flight is the one a
 * harmless spec change starts. And a PATCH whose status write failed is not sent again: the next
 * reconcile re-reads the job and records the correction Northflank answered. Every Northflank write
 * is counted on the simulator.
 */
class PreWriteCheckIntegrationTest {

  private static final String SCHEDULE = "30 8 * * *";
  private static final Duration QUIET = Duration.ofSeconds(3);

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
  void noTokenLeakedAndCleanUp() {
    assertThat(harness.everythingObservable()).doesNotContain(CANARY);
    harness.kubernetesFaults.clear();
    harness.deleteAllJobs();
  }

  @Test
  void aPauseThatArrivesWhileTheCorrectionWaitsIsHonoured() {
    String ns = inSync("paused-meanwhile");

    driftDuringTheNextRead(
        "paused-meanwhile",
        () ->
            harness.edit(
                ns,
                "example",
                j ->
                    j.getMetadata()
                        .setAnnotations(new HashMap<>(Map.of(Pause.ANNOTATION, "true")))));

    harness.awaitCondition(ns, "example", "Synced", "False", "Paused");
    awaitNoWrite("paused-meanwhile");
  }

  @Test
  void aSwitchToReportThatArrivesWhileTheCorrectionWaitsIsHonoured() {
    String ns = inSync("reported-meanwhile");

    driftDuringTheNextRead(
        "reported-meanwhile",
        () -> harness.edit(ns, "example", j -> j.setSpec(j.getSpec().withDriftPolicy("Report"))));

    NorthflankJob reported =
        harness.awaitJob(
            ns,
            "example",
            j ->
                j.getStatus().conditions().stream()
                    .anyMatch(
                        c ->
                            c.type().equals("Drifted")
                                && c.message().contains("reported only (driftPolicy: Report)")));
    assertThat(reported.getStatus().schedule()).isEqualTo("0 * * * *");
    awaitNoWrite("reported-meanwhile");
  }

  @Test
  void aDeletionThatArrivesWhileTheCorrectionWaitsIsHonoured() {
    String ns = inSync("deleted-meanwhile");
    int linesBefore = harness.logLines().size();

    driftDuringTheNextRead(
        "deleted-meanwhile",
        () -> harness.client.resources(NorthflankJob.class).inNamespace(ns).withName("example").delete());

    await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.get(ns, "example") == null);
    awaitNoWrite("deleted-meanwhile");
    assertThat(harness.logLines().subList(linesBefore, harness.logLines().size()))
        .noneSatisfy(e -> assertThat(e.getThrowableProxy()).isNotNull());
  }

  @Test
  void whenTheResourceCannotBeReadAgainTheInformersCopyDecides() {
    String ns = inSync("unconfirmed");
    String resourcePath = "/apis/northflank.com/v1alpha1/namespaces/" + ns + "/northflankjobs/example";
    AtomicBoolean refusing = new AtomicBoolean();
    AtomicInteger refused = new AtomicInteger();
    harness.kubernetesFaults.answer(
        request -> {
          if (refusing.get()
              && "GET".equals(request.getMethod())
              && resourcePath.equals(request.getPath())) {
            refused.incrementAndGet();
            return Optional.of(KubernetesFaults.status(403, "Forbidden", "no get"));
          }
          return Optional.empty();
        });
    int linesBefore = harness.logLines().size();

    // from the Get Job on, the operator's own read of the resource is refused; the test reads
    // only the simulator until the PATCH is there
    driftDuringTheNextRead("unconfirmed", () -> refusing.set(true));
    await().atMost(OperatorHarness.TIMEOUT).until(() -> !writes("unconfirmed").isEmpty());
    refusing.set(false);

    assertThat(refused).hasValue(1);
    assertThat(writes("unconfirmed")).extracting(WriteLog.Write::status).containsExactly(200);
    harness.awaitJob(ns, "example", j -> j.getStatus().lastCorrection() != null);
    assertThat(harness.logLines().subList(linesBefore, harness.logLines().size()))
        .anySatisfy(
            e ->
                assertThat(e.getFormattedMessage())
                    .contains("Could not read " + ns + "/example again before writing")
                    .contains("HTTP 403")
                    .contains("the informer's copy decides"));
  }

  @Test
  void aPatchWhoseStatusWriteFailedIsNotSentAgainAndItsRecordIsWrittenLater() {
    String ns = inSync("unrecorded");
    AtomicInteger failedStatusWrites = new AtomicInteger();
    AtomicBoolean armed = new AtomicBoolean();
    harness.kubernetesFaults.answer(
        request -> {
          boolean statusWrite =
              "PATCH".equals(request.getMethod())
                  && request.getPath().startsWith("/apis/northflank.com/v1alpha1/namespaces/" + ns)
                  && request.getPath().contains("/example/status");
          if (statusWrite && armed.compareAndSet(true, false)) {
            failedStatusWrites.incrementAndGet();
            // someone changes the job again before the operator reads it next
            harness.northflank.updateJob(
                PROJECT,
                "unrecorded",
                j -> j.with("settings").with("cron").put("schedule", "15 * * * *"));
            // a failure the client does not retry by itself (it does 5xx)
            return Optional.of(KubernetesFaults.status(403, "Forbidden", "not now"));
          }
          return Optional.empty();
        });
    // the status write that follows the correcting PATCH fails, once
    harness.northflank.faults().jobWrites(PROJECT, "unrecorded").changeBeforeNextRequest(j -> armed.set(true));

    harness.northflank.updateJob(
        PROJECT, "unrecorded", j -> j.with("settings").with("cron").put("schedule", "0 * * * *"));
    harness.edit(ns, "example", j -> j.setSpec(withInterval(j.getSpec(), "59m")));

    NorthflankJob recorded =
        harness.awaitJob(ns, "example", j -> j.getStatus().lastCorrection() != null);
    assertThat(failedStatusWrites).hasValue(1);
    assertThat(recorded.getStatus().lastCorrection().result()).isEqualTo(LastCorrection.APPLIED);
    assertThat(recorded.getStatus().lastCorrection().fields())
        .containsExactly("settings.cron.schedule");
    // the second change is reported, and not corrected within the interval
    assertThat(recorded.getStatus().schedule()).isEqualTo("15 * * * *");
    assertThat(condition(recorded, "Drifted").message())
        .contains("corrected at most once per interval");
    await("one PATCH, not two")
        .during(QUIET)
        .atMost(QUIET.plus(OperatorHarness.TIMEOUT))
        .until(() -> writes("unrecorded").size() == 1);
    assertThat(writes("unrecorded")).extracting(WriteLog.Write::status).containsExactly(200);
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(harness.events(ns, "example"))
                    .extracting(Event::getReason)
                    .containsOnlyOnce("DriftCorrected"));
  }

  /**
   * A resource with driftPolicy: Correct, its own live job and namespace, read once in sync and
   * then every hour: no read is in flight until the test starts one.
   */
  private static String inSync(String jobId) {
    String interval = "1h";
    String ns = "it-" + jobId;
    harness.liveJob(jobId);
    harness.tokenSecret(ns, "northflank-api", CANARY);
    NorthflankJob job = sample(ns, "example", jobId);
    NorthflankJobSpec spec = job.getSpec();
    job.setSpec(
        new NorthflankJobSpec(
            spec.projectId(), spec.jobId(), spec.teamId(), spec.credentials(), interval,
            spec.job(), "Correct"));
    harness.create(job);
    NorthflankJob read = harness.awaitCondition(ns, "example", "Ready", "True", "InSync");
    assertThat(read.getStatus().schedule()).isEqualTo(SCHEDULE);
    return ns;
  }

  /**
   * Starts a read (a harmless spec change: the interval), whose Get Job finds the job drifted and
   * during which {@code meanwhile} happens to the resource.
   */
  private static void driftDuringTheNextRead(String jobId, Runnable meanwhile) {
    AtomicBoolean done = new AtomicBoolean();
    Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change =
        j -> {
          j.with("settings").with("cron").put("schedule", "0 * * * *");
          if (done.compareAndSet(false, true)) {
            meanwhile.run();
          }
        };
    harness.northflank.faults().job(PROJECT, jobId).changeBeforeNextRequest(change);
    harness.edit("it-" + jobId, "example", j -> j.setSpec(withInterval(j.getSpec(), "59m")));
    await().atMost(OperatorHarness.TIMEOUT).untilTrue(done);
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

  private static void awaitNoWrite(String jobId) {
    await("no PATCH of " + jobId)
        .during(QUIET)
        .atMost(QUIET.plus(OperatorHarness.TIMEOUT))
        .until(() -> writes(jobId).isEmpty());
  }

  private static List<WriteLog.Write> writes(String jobId) {
    return harness.northflank.writes().to("/v1/projects/" + PROJECT + "/jobs/" + jobId);
  }
}
