package com.northflank.operator.status;

import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.failure.SyncException;
import com.northflank.operator.correction.Correction;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.runs.RunObservation;
import com.northflank.operator.runs.RunSelection;
import static com.northflank.operator.drift.Drifts.drift;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.drift.DriftReport;
import com.northflank.operator.model.Condition;
import com.northflank.operator.model.FieldDrift;
import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.LastRun;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.client.LiveJob;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public class StatusFactoryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  private MutableClock clock;
  private StatusFactory factory;
  private NorthflankJob job;
  private LiveJob live;

  @BeforeEach
  void setUp() throws Exception {
    clock = new MutableClock(T0);
    factory = new StatusFactory(clock, Duration.ofMinutes(15));
    job = new NorthflankJob();
    job.setMetadata(
        new ObjectMetaBuilder().withName("example").withNamespace("ns").withGeneration(3L).build());
    job.setSpec(new NorthflankJobSpec("default-project", "example-job", null, null, null, null));
    live = JSON.treeToValue(seed().get("data"), LiveJob.class);
  }

  public static ObjectNode seed() throws Exception {
    try (InputStream in =
        StatusFactoryTest.class.getResourceAsStream(
            "/fixtures/get-job-response-seed-example.json")) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  @Test
  void aSuccessfulReadFillsTheLiveFieldsAndReadyConditions() {
    NorthflankJobStatus status = factory.synced(job, live, DriftReport.none());

    assertThat(status.observedGeneration()).isEqualTo(3L);
    assertThat(status.jobType()).isEqualTo("cron");
    assertThat(status.suspended()).isFalse();
    assertThat(status.schedule()).isEqualTo("30 8 * * *");
    assertThat(status.concurrencyPolicy()).isEqualTo("Allow");
    assertThat(status.cluster().id()).isEqualTo("nf-europe-west");
    assertThat(status.cluster().namespace()).isEqualTo("ns-8zy2mcjh9zn2");
    assertThat(status.appId()).isEqualTo("/example-user/default-project/example-job");
    assertThat(status.createdAt()).isEqualTo("2021-01-20T11:19:53.175Z");
    assertThat(status.lastSyncTime()).isEqualTo("2026-11-28T10:00:00Z");
    assertThat(status.drift()).isEmpty();
    assertThat(status.driftCount()).isZero();
    assertThat(status.conditions())
        .extracting(Condition::type, Condition::status, Condition::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Ready", "True", "InSync"),
            org.assertj.core.groups.Tuple.tuple("Synced", "True", "Fetched"),
            org.assertj.core.groups.Tuple.tuple("Drifted", "False", "InSync"),
            org.assertj.core.groups.Tuple.tuple("Stalled", "False", "Recoverable"));
  }

  @Test
  void driftValuesAreCutWithAVisibleMarkerSoTheStatusStaysSmall() throws Exception {
    String huge = "x".repeat(200_000);
    List<FieldDrift> many =
        IntStream.range(0, 25).mapToObj(i -> drift("f" + (100 + i), huge, huge + i)).toList();

    NorthflankJobStatus status = factory.synced(job, live, new DriftReport(many));

    assertThat(status.drift())
        .allSatisfy(
            d -> {
              assertThat(d.desired()).hasSizeLessThanOrEqualTo(256).startsWith("xxxx")
                  .contains("truncated");
              assertThat(d.actual()).hasSizeLessThanOrEqualTo(256).contains("truncated");
            });
    assertThat(JSON.writeValueAsString(status)).hasSizeLessThan(32 * 1024);
    // the same drift gives the same status: no write on the next poll
    assertThat(factory.synced(job, live, new DriftReport(many))).isEqualTo(status);
  }

  @Test
  void whatNorthflankAnswersIsCutToo() throws Exception {
    ObjectNode data = (ObjectNode) seed().get("data");
    ((ObjectNode) data.path("settings").path("cron")).put("schedule", "5".repeat(500_000));
    data.put("appId", "/" + "a".repeat(500_000));
    LiveJob huge = JSON.treeToValue(data, LiveJob.class);

    NorthflankJobStatus status = factory.synced(job, huge, DriftReport.none());

    assertThat(status.schedule()).hasSizeLessThanOrEqualTo(1024).contains("truncated");
    assertThat(status.appId()).hasSizeLessThanOrEqualTo(1024).contains("truncated");
    assertThat(status.cluster().id()).isEqualTo("nf-europe-west");
  }

  @Test
  void shortDriftValuesAreKeptAsTheyAre() {
    NorthflankJobStatus status =
        factory.synced(job, live, new DriftReport(List.of(drift("name", "A", "B"))));

    assertThat(status.drift()).containsExactly(drift("name", "A", "B"));
  }

  @Test
  void driftMakesReadyFalseAndIsCappedWithATotal() {
    List<FieldDrift> many =
        IntStream.range(0, 25).mapToObj(i -> drift("f" + (100 + i), "a", "b")).toList();

    NorthflankJobStatus status = factory.synced(job, live, new DriftReport(many));

    assertThat(status.drift()).hasSize(NorthflankJobStatus.MAX_DRIFT_ENTRIES);
    assertThat(status.driftCount()).isEqualTo(25);
    assertThat(condition(status, "Drifted").status()).isEqualTo("True");
    assertThat(condition(status, "Drifted").message())
        .startsWith("25 declared fields differ from the live job: f100, f101")
        .endsWith("and 20 more");
    assertThat(condition(status, "Ready").status()).isEqualTo("False");
    assertThat(condition(status, "Ready").reason()).isEqualTo("DriftDetected");
  }

  @Test
  void anUnchangedPollYieldsTheIdenticalStatusUntilTheHeartbeatIsDue() {
    job.setStatus(factory.synced(job, live, DriftReport.none()));

    clock.advance(Duration.ofMinutes(5));
    NorthflankJobStatus second = factory.synced(job, live, DriftReport.none());
    clock.advance(Duration.ofMinutes(10));
    NorthflankJobStatus atHeartbeat = factory.synced(job, live, DriftReport.none());

    assertThat(second).isEqualTo(job.getStatus());
    assertThat(atHeartbeat.lastSyncTime()).isEqualTo("2026-11-28T10:15:00Z");
    assertThat(condition(atHeartbeat, "Ready").lastTransitionTime())
        .isEqualTo("2026-11-28T10:00:00Z");
  }

  @Test
  void aChangeRefreshesLastSyncTimeAtOnce() {
    job.setStatus(factory.synced(job, live, DriftReport.none()));
    clock.advance(Duration.ofMinutes(1));

    NorthflankJobStatus drifted =
        factory.synced(job, live, new DriftReport(List.of(drift("tags", "[a]", "[b]"))));

    assertThat(drifted.lastSyncTime()).isEqualTo("2026-11-28T10:01:00Z");
  }

  @Test
  void aFailedReadKeepsTheLastObservationAndDrift() {
    job.setStatus(factory.synced(job, live, new DriftReport(List.of(drift("name", "A", "B")))));
    clock.advance(Duration.ofMinutes(5));

    NorthflankJobStatus failed =
        factory.failed(job, new SyncException(FailureReason.API_UNAVAILABLE, "HTTP 503"));

    assertThat(failed.schedule()).isEqualTo("30 8 * * *");
    assertThat(failed.cluster().name()).isEqualTo("nf-europe-west");
    assertThat(failed.lastSyncTime()).isEqualTo("2026-11-28T10:00:00Z");
    assertThat(failed.drift()).containsExactly(drift("name", "A", "B"));
    assertThat(condition(failed, "Synced").status()).isEqualTo("False");
    assertThat(condition(failed, "Synced").reason()).isEqualTo("ApiUnavailable");
    assertThat(condition(failed, "Synced").lastTransitionTime()).isEqualTo("2026-11-28T10:05:00Z");
    assertThat(condition(failed, "Drifted")).isEqualTo(condition(job.getStatus(), "Drifted"));
    assertThat(condition(failed, "Ready").reason()).isEqualTo("ApiUnavailable");
    assertThat(condition(failed, "Stalled").status()).isEqualTo("False");
  }

  @Test
  void terminalFailuresStall() {
    for (FailureReason reason : FailureReason.values()) {
      NorthflankJobStatus failed = factory.failed(job, new SyncException(reason, "why"));

      assertThat(condition(failed, "Stalled").status())
          .as(reason.name())
          .isEqualTo(reason.stalls() ? "True" : "False");
    }
    assertThat(FailureReason.values())
        .filteredOn(FailureReason::stalls)
        .containsExactlyInAnyOrder(
            FailureReason.JOB_NOT_FOUND,
            FailureReason.UNAUTHORIZED,
            FailureReason.FORBIDDEN,
            FailureReason.INVALID_SPEC,
            FailureReason.CORRECTION_REJECTED,
            // issue 22: MustCreate on a job this resource did not create stalls (Stalled=True)
            FailureReason.ALREADY_EXISTS);
  }

  @Test
  void beforeTheFirstSuccessfulReadDriftIsUnknown() {
    NorthflankJobStatus failed =
        factory.failed(job, new SyncException(FailureReason.CREDENTIALS_MISSING, "no token"));

    assertThat(condition(failed, "Drifted").status()).isEqualTo("Unknown");
    assertThat(condition(failed, "Drifted").reason()).isEqualTo("AwaitingFirstSync");
    assertThat(condition(failed, "Ready").status()).isEqualTo("False");
    assertThat(failed.schedule()).isNull();
    assertThat(failed.lastSyncTime()).isNull();
  }

  @Test
  void recoveryFlipsSyncedBackAndKeepsDriftedTransitionTime() {
    job.setStatus(factory.synced(job, live, DriftReport.none()));
    clock.advance(Duration.ofMinutes(1));
    job.setStatus(factory.failed(job, new SyncException(FailureReason.API_UNAVAILABLE, "503")));
    clock.advance(Duration.ofMinutes(1));

    NorthflankJobStatus recovered = factory.synced(job, live, DriftReport.none());

    assertThat(condition(recovered, "Synced").lastTransitionTime())
        .isEqualTo("2026-11-28T10:02:00Z");
    assertThat(condition(recovered, "Drifted").lastTransitionTime())
        .isEqualTo("2026-11-28T10:00:00Z");
    assertThat(condition(recovered, "Ready").status()).isEqualTo("True");
  }

  @Test
  void theDriftMessageSaysWhatTheOperatorDoesAndWhatNeedsAHand() {
    DriftReport drift =
        new DriftReport(
            List.of(drift("name", "A", "B"), drift("settings.cron.schedule", "0 * * * *", "x")));

    String report = condition(factory.synced(job, live, drift), "Drifted").message();
    String readOnly =
        condition(
                factory.synced(job, live, drift, new Correction.Skipped(Correction.Skip.READ_ONLY)),
                "Drifted")
            .message();
    String deferred =
        condition(
                factory.synced(
                    job,
                    live,
                    drift,
                    new Correction.Deferred(T0.plusSeconds(300), Duration.ofMinutes(5))),
                "Drifted")
            .message();

    assertThat(report)
        .isEqualTo(
            "2 declared fields differ from the live job: name, settings.cron.schedule;"
                + " reported only (driftPolicy: Report); needs a change in Northflank by hand"
                + " (PATCH cannot change it): name");
    assertThat(readOnly)
        .contains("not corrected: corrections are disabled by the operator's --read-only")
        .endsWith("by hand (PATCH cannot change it): name");
    assertThat(deferred).contains("next correction after 2026-11-28T10:05:00Z");
  }

  @Test
  void driftTheOperatorWideTokenMayNotCorrectSaysWhyAndNamesTheFlag() {
    DriftReport drift = new DriftReport(List.of(drift("settings.cron.schedule", "0 * * * *", "x")));

    String message =
        condition(
                factory.synced(
                    job,
                    live,
                    drift,
                    new Correction.Skipped(Correction.Skip.TOKEN_MAY_NOT_WRITE)),
                "Drifted")
            .message();

    assertThat(message)
        .startsWith("1 declared field differs from the live job: settings.cron.schedule; not"
            + " corrected: ")
        .contains("operator-wide token")
        .contains("--default-token-writes");
  }

  @Test
  void onlyUncorrectableDriftNamesNoPolicy() {
    NorthflankJobStatus status =
        factory.synced(
            job,
            live,
            new DriftReport(List.of(drift("jobType", "manual", "cron"))),
            new Correction.Skipped(Correction.Skip.NOTHING_CORRECTABLE));

    assertThat(condition(status, "Drifted").message())
        .isEqualTo(
            "1 declared field differs from the live job: jobType; needs a change in Northflank"
                + " by hand (PATCH cannot change it): jobType");
  }

  @Test
  void aNewCorrectionIsRecordedAndAnOldOneCarriedOver() {
    LastCorrection applied =
        new LastCorrection(
            "2026-11-28T10:00:00Z", List.of("description"), LastCorrection.APPLIED, 3L, null);
    job.setStatus(
        factory.synced(
            job,
            live,
            DriftReport.none(),
            new Correction.Applied(null, DriftReport.none(), applied, null, T0)));

    NorthflankJobStatus next = factory.synced(job, live, DriftReport.none());

    assertThat(job.getStatus().lastCorrection()).isEqualTo(applied);
    assertThat(next.lastCorrection()).isEqualTo(applied);
    assertThat(next).isEqualTo(job.getStatus());
  }

  @Test
  void aFailedWriteAfterAGoodReadShowsThatRead() {
    job.setStatus(factory.synced(job, live, DriftReport.none()));
    clock.advance(Duration.ofMinutes(5));
    NorthflankJobStatus observed =
        factory.synced(
            job,
            live,
            new DriftReport(List.of(drift("description", "A", "B"))),
            new Correction.Failed(null, null));

    NorthflankJobStatus failed =
        factory.failed(
            job,
            new SyncException(FailureReason.CORRECTION_REJECTED, "PATCH refused")
                .withObservation(observed));

    assertThat(failed.drift()).containsExactly(drift("description", "A", "B"));
    assertThat(failed.lastSyncTime()).isEqualTo("2026-11-28T10:05:00Z");
    assertThat(condition(failed, "Drifted").status()).isEqualTo("True");
    assertThat(condition(failed, "Synced").reason()).isEqualTo("CorrectionRejected");
    assertThat(condition(failed, "Synced").message()).isEqualTo("PATCH refused");
    assertThat(condition(failed, "Stalled").status()).isEqualTo("True");
    assertThat(condition(failed, "Stalled").reason()).isEqualTo("CorrectionRejected");
    assertThat(condition(failed, "Ready").reason()).isEqualTo("CorrectionRejected");
  }

  @Test
  void aWriteThatKeepsFailingAfterGoodReadsWritesTheStatusOnce() {
    job.setStatus(factory.synced(job, live, DriftReport.none()));
    DriftReport drift = new DriftReport(List.of(drift("description", "A", "B")));
    clock.advance(Duration.ofMinutes(1));
    job.setStatus(failedWrite(drift));
    clock.advance(Duration.ofMinutes(1));

    NorthflankJobStatus again = failedWrite(drift);

    assertThat(again).isEqualTo(job.getStatus());
    assertThat(again.lastSyncTime()).isEqualTo("2026-11-28T10:01:00Z");
  }

  private NorthflankJobStatus failedWrite(DriftReport drift) {
    NorthflankJobStatus observed =
        factory.synced(job, live, drift, new Correction.Failed(null, null));
    return factory.failed(
        job,
        new SyncException(FailureReason.API_UNAVAILABLE, "PATCH failed: HTTP 500")
            .withObservation(observed));
  }

  @Test
  void pausedKeepsTheObservationAndStallsNothing() {
    job.setStatus(factory.synced(job, live, new DriftReport(List.of(drift("name", "A", "B")))));
    clock.advance(Duration.ofMinutes(5));

    NorthflankJobStatus paused = factory.paused(job);

    assertThat(paused.schedule()).isEqualTo("30 8 * * *");
    assertThat(paused.lastSyncTime()).isEqualTo("2026-11-28T10:00:00Z");
    assertThat(paused.drift()).containsExactly(drift("name", "A", "B"));
    assertThat(condition(paused, "Drifted")).isEqualTo(condition(job.getStatus(), "Drifted"));
    assertThat(condition(paused, "Synced").reason()).isEqualTo("Paused");
    assertThat(condition(paused, "Synced").message()).contains("northflank.com/paused");
    assertThat(condition(paused, "Ready").status()).isEqualTo("False");
    assertThat(condition(paused, "Stalled").status()).isEqualTo("False");
    job.setStatus(paused);
    assertThat(factory.paused(job)).as("unchanged when paused again").isEqualTo(paused);
  }

  private static Condition condition(NorthflankJobStatus status, String type) {
    return Conditions.find(status.conditions(), type).orElseThrow();
  }

  public static final class MutableClock extends Clock {
    private Instant now;

  public   MutableClock(Instant now) {
      this.now = now;
    }

  public   void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  // --- the last run ---

  private static final LastRun FAILED_RUN =
      new LastRun("job-b", LastRun.FAILED, "2026-11-28T09:30:00Z", "2026-11-28T09:31:00Z");

  private NorthflankJobStatus readWithAFailedRun() {
    return factory.synced(
        job,
        live,
        DriftReport.none(),
        new Correction.Skipped(Correction.Skip.REPORT),
        new RunObservation.Read(new RunSelection.Found(FAILED_RUN, Optional.of(FAILED_RUN))));
  }

  @Test
  void aReadWithRunsAddsLastRunAndTheLastRunSucceededConditionLast() {
    NorthflankJobStatus status = readWithAFailedRun();

    assertThat(status.lastRun()).isEqualTo(FAILED_RUN);
    assertThat(status.conditions())
        .extracting(Condition::type)
        .containsExactly("Ready", "Synced", "Drifted", "Stalled", "LastRunSucceeded");
    assertThat(Conditions.isFalse(status.conditions(), "LastRunSucceeded")).isTrue();
    assertThat(Conditions.isTrue(status.conditions(), "Ready"))
        .as("a failed run is not a failed sync")
        .isTrue();
  }

  @Test
  void aFailedReadOrAPauseKeepsTheLastRunAndItsCondition() {
    job.setStatus(readWithAFailedRun());
    clock.advance(Duration.ofMinutes(5));

    NorthflankJobStatus failed =
        factory.failed(job, new SyncException(FailureReason.API_UNAVAILABLE, "HTTP 503"));
    NorthflankJobStatus paused = factory.paused(job);

    for (NorthflankJobStatus status : List.of(failed, paused)) {
      assertThat(status.lastRun()).isEqualTo(FAILED_RUN);
      assertThat(Conditions.find(status.conditions(), "LastRunSucceeded"))
          .contains(
              Conditions.find(job.getStatus().conditions(), "LastRunSucceeded").orElseThrow());
    }
  }

  // --- another job: spec.projectId, jobId or teamId changed ---

  /** What the operator saw of example-job: drift, a failed run, a correction. */
  private void observedExampleJob() {
    job.setStatus(
        readWithAFailedRun()
            .withLastCorrection(
                new LastCorrection(
                    "2026-11-28T09:00:00Z",
                    List.of("description"),
                    LastCorrection.APPLIED,
                    3L,
                    null)));
    job.setStatus(
        factory.synced(
            job,
            live,
            new DriftReport(List.of(drift("name", "A", "B"))),
            new Correction.Skipped(Correction.Skip.REPORT)));
    clock.advance(Duration.ofMinutes(5));
  }

  private void specNames(String projectId, String jobId, String teamId) {
    job.setSpec(new NorthflankJobSpec(projectId, jobId, teamId, null, null, null));
    job.getMetadata().setGeneration(4L);
  }

  private static void assertNothingOfTheJobBefore(NorthflankJobStatus status) {
    assertThat(status.jobType()).isNull();
    assertThat(status.schedule()).isNull();
    assertThat(status.suspended()).isNull();
    assertThat(status.cluster()).isNull();
    assertThat(status.appId()).isNull();
    assertThat(status.lastSyncTime()).isNull();
    assertThat(status.drift()).isNull();
    assertThat(status.lastRun()).isNull();
    assertThat(status.lastCorrection()).isNull();
    assertThat(Conditions.find(status.conditions(), "LastRunSucceeded")).isEmpty();
  }

  @Test
  void aFailedReadOfAnotherJobKeepsNothingOfTheJobBefore() {
    observedExampleJob();
    specNames("default-project", "other-job", null);

    NorthflankJobStatus failed =
        factory.failed(
            job, new SyncException(FailureReason.JOB_NOT_FOUND, "HTTP 404: Job not found"));

    assertNothingOfTheJobBefore(failed);
    assertThat(condition(failed, "Synced").reason()).isEqualTo("JobNotFound");
    assertThat(condition(failed, "Drifted").status()).isEqualTo("Unknown");
    assertThat(condition(failed, "Drifted").reason()).isEqualTo("AwaitingFirstSync");
    assertThat(condition(failed, "Drifted").lastTransitionTime()).isEqualTo("2026-11-28T10:05:00Z");
    assertThat(condition(failed, "Stalled").status()).isEqualTo("True");
    assertThat(failed.observedGeneration()).isEqualTo(4L);
  }

  @Test
  void anotherProjectOrTeamIsAnotherJobToo() {
    observedExampleJob();

    specNames("other-project", "example-job", null);
    NorthflankJobStatus otherProject =
        factory.failed(job, new SyncException(FailureReason.JOB_NOT_FOUND, "404"));
    specNames("default-project", "example-job", "other-team");
    NorthflankJobStatus otherTeam = factory.paused(job);
    specNames("default-project", "example-job", "example-user");
    NorthflankJobStatus sameTeamNamed =
        factory.failed(job, new SyncException(FailureReason.API_UNAVAILABLE, "503"));

    assertNothingOfTheJobBefore(otherProject);
    assertNothingOfTheJobBefore(otherTeam);
    assertThat(condition(otherTeam, "Drifted").reason()).isEqualTo("AwaitingFirstSync");
    assertThat(sameTeamNamed.schedule()).as("the same job, its team now named").isNotNull();
    assertThat(sameTeamNamed.lastRun()).isEqualTo(FAILED_RUN);
  }

  @Test
  void aReadOfAnotherJobCarriesNothingOverFromTheJobBefore() throws Exception {
    observedExampleJob();
    specNames("default-project", "other-job", null);
    ObjectNode other = (ObjectNode) seed().get("data");
    other.put("id", "other-job");
    other.put("appId", "/example-user/default-project/other-job");
    LiveJob otherLive = JSON.treeToValue(other, LiveJob.class);

    NorthflankJobStatus read = factory.synced(job, otherLive, DriftReport.none());

    assertThat(read.appId()).isEqualTo("/example-user/default-project/other-job");
    assertThat(read.lastRun()).as("runs not read yet: none on record").isNull();
    assertThat(read.lastCorrection()).isNull();
    assertThat(Conditions.find(read.conditions(), "LastRunSucceeded")).isEmpty();
    assertThat(read.lastSyncTime()).isEqualTo("2026-11-28T10:05:00Z");
  }

  @Test
  void withoutAnAppIdOnRecordTheStatusIsKept() {
    observedExampleJob();
    job.setStatus(
        new NorthflankJobStatus(
            3L,
            "cron",
            false,
            "30 8 * * *",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            job.getStatus().conditions()));
    specNames("default-project", "other-job", null);

    NorthflankJobStatus failed =
        factory.failed(job, new SyncException(FailureReason.JOB_NOT_FOUND, "404"));

    assertThat(failed.schedule()).isEqualTo("30 8 * * *");
  }

  @Test
  void turningRunsOffRemovesTheLastRunWhateverWasRead() {
    job.setStatus(readWithAFailedRun());
    job.setSpec(job.getSpec().withObserveRuns(false));

    NorthflankJobStatus read = readWithAFailedRun();
    NorthflankJobStatus failed =
        factory.failed(job, new SyncException(FailureReason.API_UNAVAILABLE, "HTTP 503"));
    job.setSpec(job.getSpec().withObserveRuns(true));
    NorthflankJobStatus operatorOff =
        new StatusFactory(clock, Duration.ofMinutes(15), false)
            .synced(job, live, DriftReport.none());

    for (NorthflankJobStatus status : List.of(read, failed, operatorOff)) {
      assertThat(status.lastRun()).isNull();
      assertThat(Conditions.find(status.conditions(), "LastRunSucceeded")).isEmpty();
    }
  }

  @Test
  void aRunsReadAloneChangesOnlyTheLastRunAndItsVerdict() {
    NorthflankJobStatus read =
        factory.synced(
            job,
            live,
            DriftReport.none(),
            new Correction.Skipped(Correction.Skip.REPORT),
            new RunObservation.Read(RunSelection.of(List.of())));
    job.setStatus(read);
    clock.advance(Duration.ofSeconds(30));

    NorthflankJobStatus runs =
        factory.runsRead(
            job,
            new RunObservation.Read(
                RunSelection.of(
                    List.of(
                        new com.northflank.operator.client.JobRun(
                            "id-r1",
                            "example-job-r1",
                            "FAILED",
                            0,
                            true,
                            1,
                            0,
                            0,
                            1,
                            "2026-11-28T09:59:00Z",
                            "2026-11-28T10:00:20Z")))));

    assertThat(runs.lastRun().name()).isEqualTo("example-job-r1");
    assertThat(runs.lastRun().status()).isEqualTo(LastRun.FAILED);
    assertThat(Conditions.find(runs.conditions(), "LastRunSucceeded").orElseThrow())
        .extracting(Condition::status, Condition::reason)
        .containsExactly("False", "RunFailed");
    assertThat(runs.lastSyncTime()).as("no read of the job").isEqualTo(read.lastSyncTime());
    assertThat(runs.conditions().subList(0, 4)).isEqualTo(read.conditions().subList(0, 4));
    assertThat(runs.withLastRun(null).withConditions(3L, read.conditions()))
        .isEqualTo(read.withLastRun(null));
  }
}
