package com.northflank.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.model.NorthflankJob;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PauseTest {

  private final NorthflankJob old = job(3L, Map.of("team", "a"));

  @Test
  void onlyTheStringTruePauses() {
    assertThat(Pause.isPaused(job(1L, Map.of(Pause.ANNOTATION, "true")))).isTrue();
    assertThat(Pause.isPaused(job(1L, Map.of(Pause.ANNOTATION, "false")))).isFalse();
    assertThat(Pause.isPaused(job(1L, Map.of(Pause.ANNOTATION, "yes")))).isFalse();
    assertThat(Pause.isPaused(job(1L, null))).isFalse();
  }

  @Test
  void aStatusWriteOrAnotherAnnotationTriggersNothing() {
    NorthflankJob statusWritten = job(3L, Map.of("team", "a"));
    statusWritten.getMetadata().setResourceVersion("99");
    NorthflankJob relabelled = job(3L, Map.of("team", "b"));

    assertThat(Pause.updatesThatMatter().accept(statusWritten, old)).isFalse();
    assertThat(Pause.updatesThatMatter().accept(relabelled, old)).isFalse();
  }

  @Test
  void aSpecChangePausingResumingOrDeletingTriggersAReconcile() {
    NorthflankJob paused = job(3L, Map.of("team", "a", Pause.ANNOTATION, "true"));
    NorthflankJob deleting = job(3L, Map.of("team", "a"));
    deleting.getMetadata().setDeletionTimestamp("2026-11-28T10:00:00Z");

    assertThat(Pause.updatesThatMatter().accept(job(4L, Map.of("team", "a")), old)).isTrue();
    assertThat(Pause.updatesThatMatter().accept(paused, old)).isTrue();
    assertThat(Pause.updatesThatMatter().accept(old, paused)).isTrue();
    assertThat(Pause.updatesThatMatter().accept(deleting, old)).isTrue();
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
