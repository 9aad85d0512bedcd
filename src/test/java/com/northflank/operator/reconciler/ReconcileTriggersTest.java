package com.northflank.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.Pause;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileTriggersTest {

  private final NorthflankJob old = job(3L, Map.of("team", "a"));

  @Test
  void aStatusWriteOrAnotherAnnotationTriggersNothing() {
    NorthflankJob statusWritten = job(3L, Map.of("team", "a"));
    statusWritten.getMetadata().setResourceVersion("99");
    NorthflankJob relabelled = job(3L, Map.of("team", "b"));

    assertThat(ReconcileTriggers.updatesThatMatter().accept(statusWritten, old)).isFalse();
    assertThat(ReconcileTriggers.updatesThatMatter().accept(relabelled, old)).isFalse();
  }

  @Test
  void aSpecChangePausingResumingOrDeletingTriggersAReconcile() {
    NorthflankJob paused = job(3L, Map.of("team", "a", Pause.ANNOTATION, "true"));
    NorthflankJob deleting = job(3L, Map.of("team", "a"));
    deleting.getMetadata().setDeletionTimestamp("2026-11-28T10:00:00Z");

    assertThat(ReconcileTriggers.updatesThatMatter().accept(job(4L, Map.of("team", "a")), old))
        .isTrue();
    assertThat(ReconcileTriggers.updatesThatMatter().accept(paused, old)).isTrue();
    assertThat(ReconcileTriggers.updatesThatMatter().accept(old, paused)).isTrue();
    assertThat(ReconcileTriggers.updatesThatMatter().accept(deleting, old)).isTrue();
  }

  private static NorthflankJob job(Long generation, Map<String, String> annotations) {
    NorthflankJob job = new NorthflankJob();
    job.setMetadata(
        new ObjectMetaBuilder()
            .withName("example")
            .withNamespace("ns")
            .withGeneration(generation)
            .withAnnotations(annotations)
            .build());
    return job;
  }
}
