package com.northflank.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stored NorthflankJob whose spec or status the model cannot hold is read anyway, as the
 * informer's list and watch read it (fabric8's serialization): metadata kept, the unreadable part
 * null, and why it could not be read, without the value.
 */
class NorthflankJobReadingTest {

  private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();

  private static String job(String name, String settings, String status) {
    return """
        {"apiVersion":"northflank.com/v1alpha1","kind":"NorthflankJob",
         "metadata":{"name":"%s","namespace":"team-a","resourceVersion":"7"},
         "spec":{"projectId":"p","jobId":"j","job":{"settings":%s}},
         "status":%s}
        """
        .formatted(name, settings, status);
  }

  @Test
  void aListWithOneUnreadableResourceReadsTheOthersAndKeepsTheBadOnesName() {
    String list =
        "{\"apiVersion\":\"northflank.com/v1alpha1\",\"kind\":\"NorthflankJobList\","
            + "\"metadata\":{},\"items\":["
            + job("good", "{\"backoffLimit\":3}", "{\"driftCount\":0}")
            + ","
            + job("overflowing", "{\"backoffLimit\":2147483648}", "{}")
            + ","
            + job("mistyped", "{\"activeDeadlineSeconds\":\"ten-minutes-canary\"}", "{}")
            + "]}";

    KubernetesResourceList<NorthflankJob> read =
        FABRIC8.unmarshal(
            new java.io.ByteArrayInputStream(list.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            new com.fasterxml.jackson.core.type.TypeReference<
                io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList<NorthflankJob>>() {});

    List<NorthflankJob> items = read.getItems();
    assertThat(items).extracting(j -> j.getMetadata().getName())
        .containsExactly("good", "overflowing", "mistyped");
    assertThat(items.get(0).getSpec().job().settings().backoffLimit()).isEqualTo(3);
    assertThat(items.get(0).unreadableSpec()).isEmpty();
    assertThat(items.get(0).getStatus().driftCount()).isZero();

    assertThat(items.get(1).getSpec()).isNull();
    assertThat(items.get(1).getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(items.get(1).unreadableSpec())
        .contains(
            "spec.job.settings.backoffLimit cannot be read as a whole number from -2147483648 to"
                + " 2147483647");
    assertThat(items.get(2).unreadableSpec().orElseThrow())
        .startsWith("spec.job.settings.activeDeadlineSeconds cannot be read as a whole number")
        .doesNotContain("canary");
  }

  @Test
  void anUnreadableStatusReadsAsNoneAndKeepsItsTreeForTheNextWrite() {
    NorthflankJob job =
        FABRIC8.unmarshal(
            job("garbled", "{}", "{\"driftCount\":\"many\",\"extra\":1}"), NorthflankJob.class);

    assertThat(job.getSpec()).isNotNull();
    assertThat(job.getStatus()).isNull();
    assertThat(job.unreadableStatus()).contains("status.driftCount cannot be read as a whole"
        + " number from -2147483648 to 2147483647");
    assertThat(job.unreadableStatusTree().orElseThrow().path("extra").asInt()).isEqualTo(1);
  }

  @Test
  void aReadableResourceWritesAsItWasRead() {
    NorthflankJob job = FABRIC8.unmarshal(job("good", "{\"backoffLimit\":3}", "null"),
        NorthflankJob.class);

    assertThat(FABRIC8.asJson(job)).contains("\"backoffLimit\":3").doesNotContain("unreadable");
    assertThat(job.unreadableStatus()).isEmpty();
  }
}
