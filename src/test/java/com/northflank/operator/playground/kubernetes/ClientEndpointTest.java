package com.northflank.operator.playground.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.northflank.operator.model.NorthflankJob;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one address the embedded API gives clients outside the process serves fabric8 clients as
 * well as kubectl: a client built from the kubeconfig it writes (as {@code run} builds its own)
 * lists, watches over WebSocket and runs an informer through it.
 */
class ClientEndpointTest {

  private EmbeddedKubernetes kubernetes;
  private KubernetesClient outside;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    kubernetes = EmbeddedKubernetes.start();
    Path kubeconfig =
        kubernetes.enableKubectl(kubernetes.installCrd(), dir.resolve("kubeconfig"));
    outside =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
            .build();
  }

  @AfterEach
  void stop() {
    if (outside != null) {
      outside.close();
    }
    if (kubernetes != null) {
      kubernetes.close();
    }
  }

  @Test
  void theKubeconfigNamesTheEndpointNotTheMockServer() {
    assertThat(outside.getMasterUrl().toString()).doesNotStartWith(kubernetes.url());
    assertThat(outside.getNamespace()).isEqualTo("demo");
  }

  @Test
  void aWatchThroughTheEndpointSeesChangesMadeBehindIt() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (var watch =
        outside
            .configMaps()
            .inNamespace("demo")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, ConfigMap map) {
                    seen.add(action + " " + map.getMetadata().getName());
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    seen.add("closed " + cause);
                  }
                })) {
      kubernetes
          .client()
          .configMaps()
          .inNamespace("demo")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("watched")
                  .endMetadata()
                  .addToData("k", "v")
                  .build())
          .create();

      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("ADDED watched"));
    }
    assertThat(seen).noneMatch(event -> event.startsWith("closed"));
  }

  @Test
  void anInformerThroughTheEndpointSyncsAndFollowsTheResources() throws Exception {
    NorthflankJob job =
        Serialization.unmarshal(
            Files.readString(Path.of("deploy/samples/manual-job.yaml")), NorthflankJob.class);
    job.getMetadata().setNamespace("demo");
    kubernetes.client().resource(job).create();
    List<String> names = new CopyOnWriteArrayList<>();

    SharedIndexInformer<NorthflankJob> informer =
        outside
            .resources(NorthflankJob.class)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(NorthflankJob added) {
                    names.add(added.getMetadata().getName());
                  }

                  @Override
                  public void onUpdate(NorthflankJob before, NorthflankJob after) {}

                  @Override
                  public void onDelete(NorthflankJob deleted, boolean unknownFinalState) {}
                });
    try {
      await().atMost(Duration.ofSeconds(10)).until(informer::hasSynced);
      job.getMetadata().setName("second-job");
      job.getMetadata().setResourceVersion(null);
      kubernetes.client().resource(job).create();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> names.containsAll(List.of("manual-job", "second-job")));
      assertThat(informer.isWatching()).isTrue();
    } finally {
      informer.close();
    }
  }
}
