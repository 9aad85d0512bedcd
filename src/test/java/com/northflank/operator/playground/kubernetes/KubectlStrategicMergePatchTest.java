package com.northflank.operator.playground.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubectl commands that send strategic merge patches, run for real against the embedded API:
 * {@code set env}, {@code set image}, {@code rollout restart} and {@code patch --type strategic}.
 * Each test works on a Deployment of its own namespace.
 */
class KubectlStrategicMergePatchTest {

  private static EmbeddedKubernetes kubernetes;
  private static Path kubeconfig;
  private static Path manifests;

  @BeforeAll
  static void start(@TempDir Path dir) throws IOException {
    boolean installed =
        Arrays.stream(System.getenv("PATH").split(java.io.File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "kubectl")));
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("kubectl is not on PATH, and CI=true requires it");
    }
    assumeTrue(installed, "kubectl is not installed");
    kubernetes = EmbeddedKubernetes.start();
    kubeconfig = kubernetes.enableKubectl(kubernetes.installCrd(), dir.resolve("kubeconfig"));
    manifests = dir;
  }

  @AfterAll
  static void stop() {
    if (kubernetes != null) {
      kubernetes.close();
    }
  }

  @Test
  void setEnvAddsChangesAndRemovesVariablesOfOneContainer() throws Exception {
    deploy("env");

    Result first = kubectl("-n", "env", "set", "env", "deployment/app", "A=1", "B=2");
    Result changed = kubectl("-n", "env", "set", "env", "deployment/app", "-c", "app", "A=one");
    Result removed = kubectl("-n", "env", "set", "env", "deployment/app", "B-");

    assertThat(first.code()).as(first.output()).isZero();
    assertThat(first.output()).isEqualTo("deployment.apps/app env updated\n");
    assertThat(changed.code()).as(changed.output()).isZero();
    assertThat(removed.code()).as(removed.output()).isZero();
    Deployment stored = deployment("env");
    assertThat(container(stored, "app").getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(tuple("A", "one"));
    // the first command set both containers' variables, the last removed B from both
    assertThat(container(stored, "sidecar").getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(tuple("A", "1"));
    assertThat(container(stored, "app").getImage()).isEqualTo("app:1");
  }

  @Test
  void setImageChangesOneContainersImageAndKeepsTheOther() throws Exception {
    deploy("image");

    Result result = kubectl("-n", "image", "set", "image", "deployment/app", "app=app:2");

    assertThat(result.code()).as(result.output()).isZero();
    assertThat(result.output()).isEqualTo("deployment.apps/app image updated\n");
    Deployment stored = deployment("image");
    assertThat(stored.getSpec().getTemplate().getSpec().getContainers())
        .extracting(Container::getName, Container::getImage)
        .containsExactly(tuple("app", "app:2"), tuple("sidecar", "sidecar:1"));
  }

  @Test
  void rolloutRestartAnnotatesThePodTemplate() throws Exception {
    deploy("restart");

    Result result = kubectl("-n", "restart", "rollout", "restart", "deployment/app");

    assertThat(result.code()).as(result.output()).isZero();
    assertThat(result.output()).isEqualTo("deployment.apps/app restarted\n");
    Deployment stored = deployment("restart");
    assertThat(stored.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey("kubectl.kubernetes.io/restartedAt");
    assertThat(stored.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", "a");
  }

  @Test
  void patchTypeStrategicAddsAndDeletesContainersByName() throws Exception {
    deploy("patch");

    Result added =
        kubectl(
            "-n",
            "patch",
            "patch",
            "deployment",
            "app",
            "--type",
            "strategic",
            "-p",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"debug\","
                + "\"image\":\"busybox\"}]}}}}");
    List<String> afterAdding = names(deployment("patch"));
    Result deleted =
        kubectl(
            "-n",
            "patch",
            "patch",
            "deployment",
            "app",
            "--type",
            "strategic",
            "-p",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\","
                + "\"$patch\":\"delete\"}]}}}}");

    assertThat(added.code()).as(added.output()).isZero();
    assertThat(added.output()).isEqualTo("deployment.apps/app patched\n");
    // kube-apiserver's order: what the patch adds comes before what it does not name
    assertThat(afterAdding).containsExactly("debug", "app", "sidecar");
    assertThat(deleted.code()).as(deleted.output()).isZero();
    assertThat(names(deployment("patch"))).containsExactly("debug", "app");
  }

  @Test
  void aPatchKubeApiserverRefusesIsRefusedWithItsReason() throws Exception {
    deploy("refused");

    Result result =
        kubectl(
            "-n",
            "refused",
            "patch",
            "deployment",
            "app",
            "--type",
            "strategic",
            "-p",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}}}");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.output())
        .startsWith("Error from server (BadRequest):")
        .contains("does not contain declared merge key: name");
    assertThat(names(deployment("refused"))).containsExactly("app", "sidecar");
  }

  @Test
  void applyingADeploymentAgainMergesItsContainers() throws Exception {
    deploy("again");
    Path changed = manifests.resolve("again.yaml");
    Files.writeString(changed, deploymentYaml("app:2").replace("sidecar:1", "sidecar:2"));

    Result result = kubectl("apply", "-n", "again", "-f", changed.toString());

    assertThat(result.code()).as(result.output()).isZero();
    assertThat(result.output()).isEqualTo("deployment.apps/app configured\n");
    assertThat(deployment("again").getSpec().getTemplate().getSpec().getContainers())
        .extracting(Container::getImage)
        .containsExactly("app:2", "sidecar:2");
  }

  /** Kinds the embedded API stores but does not serve to kubectl: no list merges known. */
  @Test
  void aStrategicPatchOfAKindWithoutKnownListsGetsOneMessage() {
    kubernetes
        .client()
        .pods()
        .inNamespace("pods")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("c:1")
                .endContainer()
                .endSpec()
                .build())
        .create();

    assertThatThrownBy(
            () ->
                kubernetes
                    .client()
                    .pods()
                    .inNamespace("pods")
                    .withName("p")
                    .patch(
                        PatchContext.of(PatchType.STRATEGIC_MERGE),
                        "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}"))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(
            "the playground's embedded Kubernetes API takes strategic merge patches only of the"
                + " kinds it serves")
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(415));
  }

  private static void deploy(String namespace) throws Exception {
    Path file = manifests.resolve(namespace + ".yaml");
    Files.writeString(file, deploymentYaml("app:1"));
    Result created = kubectl("apply", "-n", namespace, "-f", file.toString());
    assertThat(created.code()).as(created.output()).isZero();
  }

  private static String deploymentYaml(String image) {
    return """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: app}
    spec:
      selector: {matchLabels: {app: a}}
      template:
        metadata: {labels: {app: a}}
        spec:
          containers:
          - {name: app, image: %s}
          - {name: sidecar, image: sidecar:1}
    """
        .formatted(image);
  }

  private static Deployment deployment(String namespace) {
    return kubernetes.client().apps().deployments().inNamespace(namespace).withName("app").get();
  }

  private static Container container(Deployment deployment, String name) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(container -> container.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> names(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
        .map(Container::getName)
        .toList();
  }

  record Result(int code, String output) {}

  private static Result kubectl(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl %s answers", command).isTrue();
    return new Result(process.exitValue(), output);
  }
}
