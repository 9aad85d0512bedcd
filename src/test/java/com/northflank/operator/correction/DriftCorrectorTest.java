package com.northflank.operator.correction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.client.JobRef;
import com.northflank.operator.client.JobSnapshot;
import com.northflank.operator.client.LiveJob;
import com.northflank.operator.client.NorthflankApiException.Kind;
import com.northflank.operator.client.NorthflankApiException;
import com.northflank.operator.client.PatchResultShape;
import com.northflank.operator.client.UnexpectedCalls;
import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.credentials.ResolvedCredentials;
import com.northflank.operator.drift.DriftComparator;
import com.northflank.operator.drift.DriftReport;
import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.model.FieldDrift;
import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.model.Pause;
import com.northflank.operator.scheduling.SyncSchedule;
import com.northflank.operator.status.StatusFactoryTest;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a correction goes out, what it carries, and what a refusal or failure leaves behind. */
class DriftCorrectorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  private static final ApiToken TOKEN = ApiToken.of("nf-corrector-token");
  private static final JobRef REF = new JobRef(null, "default-project", "example-job");
  private static final Duration INTERVAL = Duration.ofMinutes(5);

  private final FakeApi api = new FakeApi();
  private final RequestBudget budget = new RequestBudget(ApiBudget.parse("100000/1h"));
  private final SyncSchedule schedule = new SyncSchedule(INTERVAL, budget);
  private StatusFactoryTest.MutableClock clock;
  private NorthflankJob job;
  private JsonNode desired;
  private JobSnapshot read;

  @BeforeEach
  void setUp() throws Exception {
    clock = new StatusFactoryTest.MutableClock(T0);
    job =
        Serialization.unmarshal(
            Files.readString(Path.of("deploy/samples/example-cron-job.yaml")), NorthflankJob.class);
    job.getMetadata().setNamespace("ns");
    job.getMetadata().setGeneration(3L);
    job.setSpec(job.getSpec().withDriftPolicy("Correct"));
    desired = JSON.valueToTree(job.getSpec().job());
    ObjectNode live = (ObjectNode) StatusFactoryTest.seed().get("data");
    live.put("name", "Renamed In The Console");
    live.with("settings").with("cron").put("schedule", "0 * * * *");
    live.with("settings").with("cron").put("concurrencyPolicy", "Forbid");
    read = snapshot(live);
    current = job;
  }

  @Test
  void reportNeverWrites() {
    job.setSpec(job.getSpec().withDriftPolicy("Report"));

    assertThat(correct()).isEqualTo(new Correction.Skipped(Correction.Skip.REPORT));
    job.setSpec(job.getSpec().withDriftPolicy(null));
    assertThat(correct()).isEqualTo(new Correction.Skipped(Correction.Skip.REPORT));
    assertThat(api.patches).isEmpty();
  }

  @Test
  void readOnlyNeverWrites() {
    Correction correction = corrector(true).correct(scope(), read, drift());

    assertThat(correction).isEqualTo(new Correction.Skipped(Correction.Skip.READ_ONLY));
    assertThat(api.patches).isEmpty();
  }

  @Test
  void theOperatorWideTokenWithoutWritesNeverWrites() {
    Correction correction =
        corrector(false)
            .correct(scope(ResolvedCredentials.operatorWide(TOKEN, false)), read, drift());

    assertThat(correction)
        .isEqualTo(new Correction.Skipped(Correction.Skip.TOKEN_MAY_NOT_WRITE));
    assertThat(api.patches).isEmpty();
  }

  @Test
  void theOperatorWideTokenWithWritesCorrects() {
    Correction correction =
        corrector(false)
            .correct(scope(ResolvedCredentials.operatorWide(TOKEN, true)), read, drift());

    assertThat(correction).isInstanceOf(Correction.Applied.class);
    assertThat(api.patches).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"PAUSED", "NO_LONGER_WANTED", "SPEC_CHANGED", "DELETING", "GONE"})
  void aChangeThatArrivedWhileTheCorrectionWaitedWithholdsIt(WriteGate.Hold hold) {
    current = Serialization.clone(job);
    switch (hold) {
      case PAUSED -> current.getMetadata().setAnnotations(Map.of(Pause.ANNOTATION, "true"));
      case NO_LONGER_WANTED -> {
        current.setSpec(current.getSpec().withDriftPolicy("Report"));
        current.getMetadata().setGeneration(4L);
      }
      case SPEC_CHANGED -> current.getMetadata().setGeneration(4L);
      case DELETING -> current.getMetadata().setDeletionTimestamp("2026-11-28T10:00:00Z");
      case GONE -> current = null;
    }

    Correction correction = correct();

    assertThat(correction).isEqualTo(new Correction.Withheld(hold));
    assertThat(api.patches).isEmpty();
  }

  @Test
  void aCorrectionNorthflankAnsweredButNoStatusRecordedStillCountsForTheInterval() {
    LastCorrection unrecorded =
        new LastCorrection(
            "2026-11-28T09:58:00Z",
            List.of("settings.cron.schedule"),
            LastCorrection.APPLIED,
            3L,
            null);
    Correction correction =
        corrector(false).correct(new RememberingScope(scope(), unrecorded), read, drift());

    assertThat(correction)
        .isEqualTo(
            new Correction.Deferred(Instant.parse("2026-11-28T10:03:00Z"), Duration.ofMinutes(3)));
    assertThat(api.patches).isEmpty();
  }

  /** A scope that knows of a correction the status on record does not show yet. */
  private record RememberingScope(CorrectionScope scope, LastCorrection unrecorded)
      implements CorrectionScope {
    @Override
    public NorthflankJob job() {
      return scope.job();
    }

    @Override
    public String key() {
      return scope.key();
    }

    @Override
    public JobRef ref() {
      return scope.ref();
    }

    @Override
    public ResolvedCredentials credentials() {
      return scope.credentials();
    }

    @Override
    public JsonNode desired() {
      return scope.desired();
    }

    @Override
    public Duration effectiveInterval() {
      return scope.effectiveInterval();
    }

    @Override
    public Optional<NorthflankJob> current() {
      return scope.current();
    }

    @Override
    public Optional<LastCorrection> lastCorrection() {
      return Optional.of(unrecorded);
    }
  }

  @Test
  void onlyUncorrectableDriftIsNotSent() throws Exception {
    ObjectNode live = (ObjectNode) StatusFactoryTest.seed().get("data");
    live.put("name", "Renamed In The Console");
    read = snapshot(live);

    assertThat(correct()).isEqualTo(new Correction.Skipped(Correction.Skip.NOTHING_CORRECTABLE));
    assertThat(api.patches).isEmpty();
  }

  @Test
  void onePatchWithTheDriftedCorrectableFieldsAndItsAnswerIsTheObservation() {
    Correction correction = correct();

    assertThat(api.patches)
        .containsExactly(
            JSON.createObjectNode()
                .set(
                    "settings",
                    JSON.createObjectNode()
                        .set(
                            "cron",
                            JSON.createObjectNode()
                                .put("concurrencyPolicy", "allow")
                                .put("schedule", "30 8 * * *"))));
    Correction.Applied applied = (Correction.Applied) correction;
    assertThat(applied.applied())
        .isEqualTo(
            new LastCorrection(
                "2026-11-28T10:00:00Z",
                List.of("settings.cron.concurrencyPolicy", "settings.cron.schedule"),
                LastCorrection.APPLIED,
                3L,
                null));
    assertThat(applied.live(read).job().settings().cron().schedule()).isEqualTo("30 8 * * *");
    assertThat(applied.drift(drift()).differences())
        .extracting(FieldDrift::field)
        .containsExactly("name");
    assertThat(applied.next()).isEqualTo(T0.plus(INTERVAL));
  }

  @Test
  void atMostOneCorrectionPerIntervalForASpec() {
    job.setStatus(withCorrection(LastCorrection.APPLIED, 3L, "2026-11-28T09:58:00Z"));

    Correction soon = correct();
    clock.advance(Duration.ofMinutes(3));
    Correction later = correct();

    assertThat(soon)
        .isEqualTo(
            new Correction.Deferred(Instant.parse("2026-11-28T10:03:00Z"), Duration.ofMinutes(3)));
    assertThat(later).isInstanceOf(Correction.Applied.class);
    assertThat(api.patches).hasSize(1);
  }

  @Test
  void aSpecChangeIsCorrectedAtOnce() {
    job.setStatus(withCorrection(LastCorrection.APPLIED, 2L, "2026-11-28T09:59:59Z"));

    assertThat(correct()).isInstanceOf(Correction.Applied.class);
  }

  @Test
  void aRejectedSpecIsHeldUntilItChanges() {
    job.setStatus(withCorrection(LastCorrection.REJECTED, 3L, "2026-11-28T08:00:00Z"));

    Correction held = correct();
    job.getMetadata().setGeneration(4L);
    Correction changed = correct();

    assertThat(held).isInstanceOf(Correction.Held.class);
    assertThat(changed).isInstanceOf(Correction.Applied.class);
    assertThat(api.patches).hasSize(1);
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "BAD_REQUEST, CORRECTION_REJECTED, true",
    "CONFLICT, CORRECTION_CONFLICT, false",
    "UNAVAILABLE, API_UNAVAILABLE, false",
    "RATE_LIMITED, RATE_LIMITED, false",
    "FORBIDDEN, FORBIDDEN, false",
    "NOT_FOUND, JOB_NOT_FOUND, false"
  })
  void aFailedPatchIsAFailureAndOnlyARefusalIsRecorded(
      Kind kind, FailureReason reason, boolean recorded) {
    api.failure =
        new NorthflankApiException(
            kind, "PATCH /v1/projects/{projectId}/jobs/{jobId} (project p, job j) failed");

    Correction.Failed failed = (Correction.Failed) correct();

    assertThat(failed.failure().reason()).isEqualTo(reason);
    assertThat(failed.record().isPresent()).isEqualTo(recorded);
    failed
        .record()
        .ifPresent(
            record -> {
              assertThat(record.result()).isEqualTo(LastCorrection.REJECTED);
              assertThat(record.generation()).isEqualTo(3L);
              assertThat(record.message()).isEqualTo(failed.failure().getMessage());
            });
    if (kind == Kind.FORBIDDEN) {
      assertThat(failed.failure().getMessage()).contains("Project > Jobs > General > Update");
    }
  }

  private Correction correct() {
    return corrector(false).correct(scope(), read, drift());
  }

  private DriftCorrector corrector(boolean readOnly) {
    return new DriftCorrector(api, budget, readOnly, clock);
  }

  /** The reconcile the correction is part of, read at the schedule's effective interval. */
  private CorrectionScope scope() {
    return scope(ResolvedCredentials.ownSecret(TOKEN));
  }

  private CorrectionScope scope(ResolvedCredentials credentials) {
    return new Scope(
        job,
        SyncSchedule.key(job),
        REF,
        credentials,
        desired,
        schedule.effectiveInterval(job),
        () -> Optional.ofNullable(current));
  }

  /** The resource as the informer's cache holds it when the correction is about to go out. */
  private NorthflankJob current;

  private record Scope(
      NorthflankJob job,
      String key,
      JobRef ref,
      ResolvedCredentials credentials,
      JsonNode desired,
      Duration effectiveInterval,
      Supplier<Optional<NorthflankJob>> now)
      implements CorrectionScope {
    @Override
    public Optional<NorthflankJob> current() {
      return now.get();
    }
  }

  private DriftReport drift() {
    return new DriftComparator().compare(desired, read.document());
  }

  private NorthflankJobStatus withCorrection(String result, long generation, String time) {
    return new NorthflankJobStatus(
            3L, null, null, null, null, null, null, null, null, null, null, List.of())
        .withLastCorrection(
            new LastCorrection(time, List.of("settings.cron.schedule"), result, generation, null));
  }

  private static JobSnapshot snapshot(JsonNode doc) {
    try {
      return new JobSnapshot(JSON.treeToValue(doc, LiveJob.class), doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers a PATCH as Northflank would: the job with the body applied, in its own dialect. */
  private static final class FakeApi extends UnexpectedCalls {
    final List<ObjectNode> patches = new ArrayList<>();
    NorthflankApiException failure;

    FakeApi() {
      super("the corrector");
    }

    @Override
    public JobSnapshot patchJob(JobRef ref, ObjectNode patch, JobSnapshot before, ApiToken token) {
      patches.add(patch.deepCopy());
      if (failure != null) {
        throw failure;
      }
      ObjectNode answer = patch.deepCopy();
      answer.put("id", ref.jobId());
      return snapshot(PatchResultShape.toGetJobShape(before.document(), answer));
    }
  }
}
