package com.northflank.operator.playground.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl apply} of what the docs apply, against the embedded API, with kubectl's own
 * validation on: the samples (the Secret included), the release manifest as a client-side dry run,
 * {@code --validate=strict}, applying again, and server-side apply's one message.
 */
class KubectlApplyTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE =
      (a, b) ->
          a.isNumber() && b.isNumber()
              ? a.decimalValue().compareTo(b.decimalValue())
              : a.equals(b) ? 0 : 1;

  private static EmbeddedKubernetes kubernetes;
  private static Path kubeconfig;

  @BeforeAll
  static void start(@TempDir Path dir) {
    boolean installed =
        Arrays.stream(System.getenv("PATH").split(java.io.File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "kubectl")));
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("kubectl is not on PATH, and CI=true requires it");
    }
    assumeTrue(installed, "kubectl is not installed");
    kubernetes = EmbeddedKubernetes.start();
    kubeconfig = kubernetes.enableKubectl(kubernetes.installCrd(), dir.resolve("kubeconfig"));
  }

  @AfterAll
  static void stop() {
    if (kubernetes != null) {
      kubernetes.close();
    }
  }

  @Test
  void theSamplesApplyWithKubectlsValidationSecretIncluded() throws Exception {
    Result result = kubectl("apply", "-n", "samples", "-f", "deploy/samples/");

    assertThat(result.code()).as(result.output()).isZero();
    assertThat(result.output())
        .contains(
            "northflankjob.northflank.com/example-job created",
            "northflankjob.northflank.com/manual-job created",
            "secret/northflank-api created")
        .doesNotContain("error", "Warning");
  }

  @Test
  void strictValidationPassesTheSamplesAndRefusesAnUnknownFieldOfABuiltInKind(@TempDir Path dir)
      throws Exception {
    Result samples = kubectl("apply", "--validate=strict", "-n", "strict", "-f", "deploy/samples/");
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(
        typo,
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: typo, labelz: {a: b}}
        stringDatta: {token: x}
        """);

    Result refused = kubectl("apply", "--validate=strict", "-n", "strict", "-f", typo.toString());
    Result warned = kubectl("apply", "--validate=warn", "-n", "strict", "-f", typo.toString());

    assertThat(samples.code()).as(samples.output()).isZero();
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.output())
        .isEqualTo(
            "Error from server (BadRequest): error when creating \""
                + typo
                + "\": Secret in version \"v1\" cannot be handled as a Secret: strict decoding"
                + " error: unknown field \"metadata.labelz\", unknown field \"stringDatta\"\n");
    assertThat(warned.code()).as(warned.output()).isZero();
    assertThat(warned.output())
        .contains(
            "Warning: unknown field \"metadata.labelz\"",
            "Warning: unknown field \"stringDatta\"",
            "secret/typo created");
  }

  @Test
  void theReleaseManifestAppliesAsAClientSideDryRun() throws Exception {
    Result result =
        kubectl("apply", "--dry-run=client", "-f", "deploy/release/install.yaml");

    assertThat(result.code()).as(result.output()).isZero();
    assertThat(result.output())
        .contains(
            "namespace/northflank-system created (dry run)",
            "customresourcedefinition.apiextensions.k8s.io/northflankjobs.northflank.com"
                + " configured (dry run)",
            "serviceaccount/northflank-job-operator created (dry run)",
            "clusterrole.rbac.authorization.k8s.io/northflank-job-operator created (dry run)",
            "deployment.apps/northflank-job-operator created (dry run)",
            "networkpolicy.networking.k8s.io/northflank-job-operator created (dry run)");
    assertThat(kubernetes.client().namespaces().withName("northflank-system").get())
        .as("a dry run writes nothing")
        .isNull();
  }

  @Test
  void applyingASecretAgainChangesItWithAStrategicMergePatch(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.yaml");
    Files.writeString(secret, secretYaml("first"));
    assertThat(kubectl("apply", "-n", "again", "-f", secret.toString()).code()).isZero();
    Files.writeString(secret, secretYaml("second"));

    Result again = kubectl("apply", "-n", "again", "-f", secret.toString());

    assertThat(again.code()).as(again.output()).isZero();
    assertThat(again.output()).isEqualTo("secret/rotated configured\n");
    Secret stored = kubernetes.client().secrets().inNamespace("again").withName("rotated").get();
    assertThat(stored.getStringData()).containsEntry("token", "second");
    assertThat(stored.getMetadata().getLabels()).containsEntry("keep", "me");
  }

  @Test
  void applyingADeploymentAgainChangesItWithAStrategicMergePatch(@TempDir Path dir)
      throws Exception {
    Path deployment = dir.resolve("deployment.yaml");
    Files.writeString(deployment, deploymentYaml("first"));
    assertThat(kubectl("apply", "-n", "again", "-f", deployment.toString()).code()).isZero();
    Files.writeString(deployment, deploymentYaml("second"));

    Result again = kubectl("apply", "-n", "again", "-f", deployment.toString());

    assertThat(again.code()).as(again.output()).isZero();
    assertThat(again.output()).isEqualTo("deployment.apps/app configured\n");
    assertThat(
            kubernetes
                .client()
                .apps()
                .deployments()
                .inNamespace("again")
                .withName("app")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers())
        .singleElement()
        .satisfies(container -> assertThat(container.getImage()).isEqualTo("second"));
  }

  @Test
  void serverSideApplyGetsOneClearMessage() throws Exception {
    Result result =
        kubectl("apply", "--server-side", "-n", "ssa", "-f", "deploy/samples/manual-job.yaml");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.output())
        .isEqualTo(
            "error: Server-side apply not available on the server: (the playground's embedded"
                + " Kubernetes API does not do server-side apply; apply without --server-side"
                + " (client-side apply works))\n");
  }

  /**
   * The upgrade command of docs/install-and-upgrade.md is {@code kubectl apply --server-side -k
   * crds/}: with {@code -f}, kubectl would send crds/kustomization.yaml as a resource. What {@code
   * -k} applies is the CRD and nothing else (not the JSON Schema beside it).
   */
  @Test
  void theCrdKustomizationIsExactlyTheCrd() throws Exception {
    Result rendered = kubectl("kustomize", "crds/");

    assertThat(rendered.code()).as(rendered.output()).isZero();
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> read =
        YAML.readerFor(JsonNode.class).readValues(rendered.output())) {
      read.forEachRemaining(documents::add);
    }
    JsonNode crd = YAML.readTree(Path.of("crds/northflankjobs.northflank.com-v1.yml").toFile());
    assertThat(documents).hasSize(1);
    // kustomize writes 16384.0 as 16384: the same number
    assertThat(documents.get(0).equals(NUMBERS_BY_VALUE, crd))
        .as("kubectl kustomize crds/ gives the CRD:\n" + rendered.output())
        .isTrue();
  }

  /**
   * {@code -k crds/} applies against the embedded API; with {@code --server-side}, as the docs say
   * it for a real cluster, kubectl gets as far as the request, which the embedded API refuses in
   * its one message (it does not do server-side apply), not as far as a "Kustomization".
   */
  @Test
  void theCrdAppliesAsAKustomization() throws Exception {
    Result clientSide = kubectl("apply", "-k", "crds/");
    Result serverSide = kubectl("apply", "--server-side", "-k", "crds/");

    assertThat(clientSide.code()).as(clientSide.output()).isZero();
    // the embedded API's client installed the CRD before, so kubectl also warns that it adds its
    // last-applied annotation
    assertThat(clientSide.output().lines().toList())
        .last()
        .asString()
        .matches(
            "customresourcedefinition.apiextensions.k8s.io/northflankjobs.northflank.com"
                + " (configured|unchanged)");
    assertThat(serverSide.output())
        .doesNotContain("Kustomization")
        .contains("the playground's embedded Kubernetes API does not do server-side apply");
  }

  private static String secretYaml(String token) {
    return """
    apiVersion: v1
    kind: Secret
    metadata:
      name: rotated
      labels: {keep: me}
    stringData:
      token: %s
    """
        .formatted(token);
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
    """
        .formatted(image);
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
