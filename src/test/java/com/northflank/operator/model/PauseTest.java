package com.northflank.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PauseTest {

  @Test
  void onlyTheStringTruePauses() {
    assertThat(Pause.isPaused(job(1L, Map.of(Pause.ANNOTATION, "true")))).isTrue();
    assertThat(Pause.isPaused(job(1L, Map.of(Pause.ANNOTATION, "false")))).isFalse();
    assertThat(Pause.isPaused(job(1L, Map.of(Pause.ANNOTATION, "yes")))).isFalse();
    assertThat(Pause.isPaused(job(1L, null))).isFalse();
  }

  @Test
  void anyValueButTrueOrFalseIsInvalid() {
    assertThat(Pause.invalidValue(job(1L, Map.of(Pause.ANNOTATION, "yes")))).contains("yes");
    assertThat(Pause.invalidValue(job(1L, Map.of(Pause.ANNOTATION, "True")))).contains("True");
    assertThat(Pause.invalidValue(job(1L, Map.of(Pause.ANNOTATION, "")))).contains("");
    assertThat(Pause.invalidValue(job(1L, Map.of(Pause.ANNOTATION, "true")))).isEmpty();
    assertThat(Pause.invalidValue(job(1L, Map.of(Pause.ANNOTATION, "false")))).isEmpty();
    assertThat(Pause.invalidValue(job(1L, Map.of("other", "yes")))).isEmpty();
    assertThat(Pause.invalidValue(job(1L, null))).isEmpty();
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
