package com.northflank.operator.correction;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.Pause;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The last look at a resource before a write to Northflank goes out on its behalf. */
class WriteGateTest {

  private static final Predicate<NorthflankJob> CORRECTS = j -> j.getSpec().corrects();

  private static NorthflankJob job(long generation, String policy) {
    NorthflankJob job = new NorthflankJob();
    job.setMetadata(
        new ObjectMetaBuilder()
            .withName("j")
            .withNamespace("team-a")
            .withGeneration(generation)
            .build());
    job.setSpec(new NorthflankJobSpec("p", "j", null, null, null, null, policy));
    return job;
  }

  @Test
  void anUnchangedResourceMayBeWritten() {
    NorthflankJob read = job(3, "Correct");

    assertThat(WriteGate.check(read, Optional.of(job(3, "Correct")), CORRECTS)).isEmpty();
    // annotations other than the pause, labels and the status change nothing
    NorthflankJob relabelled = job(3, "Correct");
    relabelled.getMetadata().setLabels(Map.of("team", "a"));
    assertThat(WriteGate.check(read, Optional.of(relabelled), CORRECTS)).isEmpty();
  }

  @Test
  void eachChangeThatArrivedMeanwhileHoldsTheWrite() {
    NorthflankJob read = job(3, "Correct");
    NorthflankJob paused = job(3, "Correct");
    paused.getMetadata().setAnnotations(Map.of(Pause.ANNOTATION, "true"));
    NorthflankJob deleting = job(3, "Correct");
    deleting.getMetadata().setDeletionTimestamp("2026-11-28T10:00:00Z");

    assertThat(WriteGate.check(read, Optional.empty(), CORRECTS)).contains(WriteGate.Hold.GONE);
    assertThat(WriteGate.check(read, Optional.of(deleting), CORRECTS))
        .contains(WriteGate.Hold.DELETING);
    assertThat(WriteGate.check(read, Optional.of(paused), CORRECTS))
        .contains(WriteGate.Hold.PAUSED);
    assertThat(WriteGate.check(read, Optional.of(job(4, "Report")), CORRECTS))
        .contains(WriteGate.Hold.NO_LONGER_WANTED);
    assertThat(WriteGate.check(read, Optional.of(job(4, "Correct")), CORRECTS))
        .contains(WriteGate.Hold.SPEC_CHANGED);
  }

  @Test
  void aResourceGoingAwayIsToldApartFromOneThatChanged() {
    assertThat(WriteGate.Hold.GONE.resourceGoing()).isTrue();
    assertThat(WriteGate.Hold.DELETING.resourceGoing()).isTrue();
    assertThat(WriteGate.Hold.PAUSED.resourceGoing()).isFalse();
    assertThat(WriteGate.Hold.PAUSED.message()).contains("paused");
  }
}
