package com.northflank.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.client.JobSnapshot;
import com.northflank.operator.client.LiveJob;
import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.model.OwnershipTag;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy × situation table of docs/lifecycle.md, row by row. */
class LifecyclePolicyTest {

  static final String UID = "6f1c3a52-9d0e-4a8b-b1c2-0123456789ab";
  static final String OTHER_UID = "00000000-1111-2222-3333-444444444444";

  static NorthflankJob resource(String creation, String drift, String deletion) {
    NorthflankJob job = new NorthflankJob();
    job.setMetadata(
        new ObjectMetaBuilder()
            .withName("report")
            .withNamespace("team-a")
            .withUid(UID)
            .withCreationTimestamp("2026-12-01T10:00:00Z")
            .build());
    job.setSpec(
        new NorthflankJobSpec("p", "report", null, null, null, null, drift, null)
            .withLifecycle(creation, deletion, null));
    return job;
  }

  static Optional<JobSnapshot> live(String... tags) {
    ObjectNode doc = new ObjectMapper().createObjectNode().put("id", "report");
    doc.putArray("tags").addAll(List.of(tags).stream().map(t -> doc.textNode(t)).toList());
    LiveJob job =
        new LiveJob(
            "report", null, "Report", List.of(tags), null, "p", "manual", null, null, null, null,
            null, null, null, null, null, null, null);
    return Optional.of(new JobSnapshot(job, doc));
  }

  static Situation situation(String which) {
    return switch (which) {
      case "absent" -> Situation.of(Optional.empty(), UID);
      case "ours" -> Situation.of(live("team", OwnershipTag.of(UID)), UID);
      case "unowned" -> Situation.of(live("team"), UID);
      default -> Situation.of(live(OwnershipTag.of(OTHER_UID)), UID);
    };
  }

  @ParameterizedTest(name = "{0} × {1} → {2}")
  @CsvSource({
    "Never,      absent,          NotFound",
    "Never,      ours,            Bind",
    "Never,      unowned,         Observe",
    "Never,      elsewhere,       Observe",
    "IfAbsent,   absent,          Create",
    "IfAbsent,   ours,            Bind",
    "IfAbsent,   unowned,         Adopt",
    "IfAbsent,   elsewhere,       OwnedElsewhere",
    "MustCreate, absent,          Create",
    "MustCreate, ours,            Bind",
    "MustCreate, unowned,         AlreadyExists",
    "MustCreate, elsewhere,       OwnedElsewhere"
  })
  void theTable(String policy, String where, String expected) {
    Decision decision =
        LifecyclePolicy.decide(
            resource(policy, null, null), situation(where), Optional.empty(), false);

    assertThat(name(decision)).isEqualTo(expected);
  }

  @Test
  void aNeverResourceThatCorrectsWritesNothingToAJobOwnedElsewhere() {
    Decision decision =
        LifecyclePolicy.decide(
            resource("Never", "Correct", null), situation("elsewhere"), Optional.empty(), false);

    assertThat(name(decision)).isEqualTo("OwnedElsewhere");
  }

  @Test
  void anOlderClaimantTakesPrecedenceOverEverySituationButOurs() {
    for (String where : List.of("absent", "unowned", "elsewhere")) {
      Decision decision =
          LifecyclePolicy.decide(
              resource("IfAbsent", null, null),
              situation(where),
              Optional.of("team-b/report"),
              false);
      assertThat(decision)
          .as(where)
          .isInstanceOfSatisfying(
              Decision.Refuse.class,
              r -> {
                assertThat(r.reason()).isEqualTo(FailureReason.JOB_CLAIMED);
                assertThat(r.message()).contains("team-b/report");
              });
    }
  }

  @Test
  void aJobFoundWithOurTagAfterACrashIsBoundAsCreated() {
    Decision pending =
        LifecyclePolicy.decide(
            resource("IfAbsent", null, null), situation("ours"), Optional.empty(), true);
    Decision adopted =
        LifecyclePolicy.decide(
            resource("IfAbsent", null, null), situation("ours"), Optional.empty(), false);

    assertThat(pending).isEqualTo(new Decision.Bind(NorthflankJobStatus.CREATED));
    assertThat(adopted).isEqualTo(new Decision.Bind(NorthflankJobStatus.ADOPTED));
  }

  @Test
  void theOwnershipOnRecordStays() {
    NorthflankJob job = resource("IfAbsent", null, null);
    job.setStatus(
        new NorthflankJobStatus(
                null, null, null, null, null, null, null, null, null, null, null, null)
            .withBinding(NorthflankJobStatus.CREATED, "report"));

    assertThat(LifecyclePolicy.decide(job, situation("ours"), Optional.empty(), false))
        .isEqualTo(new Decision.Bind(NorthflankJobStatus.CREATED));
  }

  @Test
  void aJobCreatedUnderAnotherIdIsNeverCreatedTwice() {
    NorthflankJob job = resource("MustCreate", null, null);
    job.setStatus(
        new NorthflankJobStatus(
                null, null, null, null, null, null, null, null, null, null, null, null)
            .withBinding(NorthflankJobStatus.CREATED, "report-2"));

    assertThat(LifecyclePolicy.decide(job, situation("absent"), Optional.empty(), false))
        .isInstanceOf(Decision.NotFound.class);
  }

  private static String name(Decision decision) {
    if (decision instanceof Decision.Refuse refuse) {
      return refuse.reason().conditionReason();
    }
    return decision.getClass().getSimpleName();
  }
}
