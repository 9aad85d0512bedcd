package com.northflank.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-28T10:05:00Z");

  @Test
  void aMessageIsCutToWhatAConditionShouldHold() {
    Condition c =
        Conditions.transition(null, "Synced", "False", "InvalidSpec", "y".repeat(100_000), 1L, T0);

    assertThat(c.message()).hasSizeLessThanOrEqualTo(1024).startsWith("yyyy").contains("truncated");
    assertThat(Conditions.transition(null, "Synced", "True", "Fetched", "ok", 1L, T0).message())
        .isEqualTo("ok");
  }

  @Test
  void aNewConditionStartsNow() {
    Condition c = Conditions.transition(null, "Synced", "True", "Fetched", "ok", 1L, T0);

    assertThat(c.lastTransitionTime()).isEqualTo("2026-11-28T10:00:00Z");
    assertThat(c.observedGeneration()).isEqualTo(1L);
  }

  @Test
  void sameStatusKeepsTheTransitionTimeEvenWhenReasonAndMessageChange() {
    Condition before =
        Conditions.transition(null, "Synced", "False", "ApiUnavailable", "503", 1L, T0);

    Condition after =
        Conditions.transition(List.of(before), "Synced", "False", "RateLimited", "429", 2L, T1);

    assertThat(after.lastTransitionTime()).isEqualTo(before.lastTransitionTime());
    assertThat(after.reason()).isEqualTo("RateLimited");
    assertThat(after.message()).isEqualTo("429");
    assertThat(after.observedGeneration()).isEqualTo(2L);
  }

  @Test
  void aStatusFlipMovesTheTransitionTime() {
    Condition before = Conditions.transition(null, "Synced", "True", "Fetched", "ok", 1L, T0);

    Condition after =
        Conditions.transition(List.of(before), "Synced", "False", "JobNotFound", "404", 1L, T1);

    assertThat(after.lastTransitionTime()).isEqualTo("2026-11-28T10:05:00Z");
  }

  @Test
  void otherTypesDoNotLendTheirTransitionTime() {
    Condition ready = Conditions.transition(null, "Ready", "True", "InSync", "ok", 1L, T0);

    Condition synced =
        Conditions.transition(List.of(ready), "Synced", "True", "Fetched", "ok", 1L, T1);

    assertThat(synced.lastTransitionTime()).isEqualTo("2026-11-28T10:05:00Z");
  }

  @Test
  void lookups() {
    List<Condition> conditions =
        List.of(
            Conditions.transition(null, "Ready", "True", "InSync", "", 1L, T0),
            Conditions.transition(null, "Drifted", "False", "InSync", "", 1L, T0));

    assertThat(Conditions.isTrue(conditions, "Ready")).isTrue();
    assertThat(Conditions.isFalse(conditions, "Drifted")).isTrue();
    assertThat(Conditions.isTrue(conditions, "Stalled")).isFalse();
    assertThat(Conditions.isFalse(null, "Stalled")).isFalse();
  }
}
