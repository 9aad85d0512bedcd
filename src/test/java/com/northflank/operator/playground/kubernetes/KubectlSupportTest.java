package com.northflank.operator.playground.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.northflank.operator.model.NorthflankJob;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real kubectl against the embedded API, as {@code demo --keep-running} offers it. */
class KubectlSupportTest {

  private static EmbeddedKubernetes kubernetes;
  private static Path kubeconfig;

  @BeforeAll
  static void start(@TempDir Path dir) throws IOException {
    if (!onPath("kubectl") && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("kubectl is not on PATH, and CI=true requires it");
    }
    assumeTrue(onPath("kubectl"), "kubectl is not installed");
    kubernetes = EmbeddedKubernetes.start();
    CustomResourceDefinition crd = kubernetes.installCrd();
    NorthflankJob job =
        Serialization.unmarshal(
            Files.readString(Path.of("deploy/samples/example-cron-job.yaml")), NorthflankJob.class);
    job.getMetadata().setNamespace("demo");
    kubernetes.client().resource(job).create();
    kubeconfig = kubernetes.enableKubectl(crd, dir.resolve("kubeconfig"));
  }

  @AfterAll
  static void stop() {
    if (kubernetes != null) {
      kubernetes.close();
    }
  }

  @Test
  void getListsTheResourcesWithTheCrdsColumns() throws Exception {
    String output = kubectl("get", "nfjob");

    assertThat(output.lines().findFirst().orElse(""))
        .containsPattern(
            "NAME +PROJECT +JOB +TYPE +SCHEDULE +SUSPENDED +DRIFTED +READY +LAST-RUN +AGE$");
    assertThat(output).containsPattern("example-job +default-project +example-job");
  }

  @Test
  void getFollowsTheContinueTokenFromChunkToChunk() throws Exception {
    for (String name : List.of("chunk-a", "chunk-b", "chunk-c")) {
      NorthflankJob job =
          Serialization.unmarshal(
              Files.readString(Path.of("deploy/samples/example-cron-job.yaml")),
              NorthflankJob.class);
      job.getMetadata().setNamespace("chunks");
      job.getMetadata().setName(name);
      kubernetes.client().resource(job).create();
    }

    String output = kubectl("get", "nfjob", "-n", "chunks", "--chunk-size=1");

    assertThat(output.lines().filter(line -> line.startsWith("chunk-")).map(l -> l.split(" ")[0]))
        .containsExactly("chunk-a", "chunk-b", "chunk-c");
  }

  @Test
  void wideAddsClusterRuntimeNamespaceAndWhenTheLastRunStarted() throws Exception {
    assertThat(kubectl("get", "northflankjobs", "-o", "wide").lines().findFirst().orElse(""))
        .contains("CLUSTER", "RUNTIME-NAMESPACE")
        .containsPattern("LAST-RUN +LAST-RUN-STARTED +AGE");
  }

  @Test
  void yamlShowsTheWholeResource() throws Exception {
    assertThat(kubectl("get", "nfjob", "example-job", "-o", "yaml"))
        .contains("kind: NorthflankJob", "jobId: example-job", "schedule: 30 8 * * *");
  }

  @Test
  void applyValidatesOnTheServerWithoutValidateFalse() throws Exception {
    assertThat(kubectl("apply", "-n", "demo", "-f", "deploy/samples/manual-job.yaml"))
        .contains("northflankjob.northflank.com/manual-job created");
  }

  @Test
  void applyOfABadYamlFailsWithAReadableMessage(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        apiVersion: northflank.com/v1alpha1
        kind: NorthflankJob
        metadata: {name: bad}
        spec:
          projectId: default-project
          job: {jobType: manual, suspended: true}
        """);

    Result result = run("apply", "-n", "demo", "-f", bad.toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.output())
        .isEqualTo(
            """
            The NorthflankJob "bad" is invalid: \n\
            * spec.jobId: Required value
            * spec.job: Invalid value: "object": suspended: true applies only to cron jobs \
            (jobType: cron)
            """);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.northflank.operator.playground.kubernetes.AdmissionTest#invalidResources")
  void applyRefusesEachInvalidResourceNamingTheField(String file, String field, String yaml)
      throws Exception {
    Result result =
        run(
            "apply",
            "-n",
            "demo",
            "-f",
            Path.of("src", "test", "resources", "invalid-resources", file).toString());

    assertThat(result.code()).as(result.output()).isEqualTo(1);
    assertThat(result.output()).contains(field);
  }

  @Test
  void getWatchStreamsChanges() throws Exception {
    Process watch =
        new ProcessBuilder(command("get", "nfjob", "-n", "demo", "-w"))
            .redirectErrorStream(true)
            .start();
    StringBuffer output = new StringBuffer();
    Thread reader = readInto(watch, output);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> output.toString().contains("example-job"));
      kubernetes
          .client()
          .resources(NorthflankJob.class)
          .inNamespace("demo")
          .withName("example-job")
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"status\":{\"jobType\":\"cron\",\"schedule\":\"*/7 * * * *\"}}");

      await().atMost(Duration.ofSeconds(30)).until(() -> output.toString().contains("*/7 * * * *"));
      assertThat(watch.isAlive()).as(output.toString()).isTrue();
      assertThat(output.toString()).doesNotContain("error", "Connection");
    } finally {
      watch.destroy();
      reader.join(10_000);
    }
  }

  @Test
  void createNamespaceAndSecretAnswer() throws Exception {
    assertThat(kubectl("create", "namespace", "team-a")).contains("namespace/team-a created");
    assertThat(
            kubectl(
                "-n",
                "team-a",
                "create",
                "secret",
                "generic",
                "northflank-api",
                "--from-literal=token=nf-secret"))
        .contains("secret/northflank-api created");

    Secret secret =
        kubernetes.client().secrets().inNamespace("team-a").withName("northflank-api").get();
    assertThat(secret.getData())
        .containsEntry(
            "token",
            Base64.getEncoder().encodeToString("nf-secret".getBytes(StandardCharsets.UTF_8)));
    assertThat(secret.getType()).isEqualTo("Opaque");
  }

  @Test
  void describeEventsAndFieldSelectorsShowTheJobsEvents() throws Exception {
    NorthflankJob job =
        kubernetes
            .client()
            .resources(NorthflankJob.class)
            .inNamespace("demo")
            .withName("example-job")
            .get();
    event("drift", job, "Warning", "DriftDetected", "2 declared fields differ");
    event("resolved", job, "Normal", "DriftResolved", "Every declared field matches");
    NorthflankJob other = new NorthflankJob();
    other.setMetadata(
        new ObjectMetaBuilder().withName("other-job").withNamespace("demo").withUid("u-2").build());
    event("unrelated", other, "Warning", "SyncFailed", "not about example-job");

    assertThat(kubectl("describe", "nfjob", "-n", "demo", "example-job"))
        .containsPattern("Warning +DriftDetected +\\S+ +northflank-job-operator +2 declared fields")
        .containsPattern("Normal +DriftResolved")
        .doesNotContain("not about example-job");
    assertThat(kubectl("get", "events", "-n", "demo", "--field-selector", "reason=DriftDetected"))
        .containsPattern("LAST SEEN +TYPE +REASON +OBJECT +MESSAGE")
        .containsPattern("Warning +DriftDetected +northflankjob/example-job +2 declared fields")
        .doesNotContain("DriftResolved", "SyncFailed");
    assertThat(kubectl("events", "-n", "demo", "--for", "northflankjob/example-job"))
        .containsPattern("Warning +DriftDetected +NorthflankJob/example-job")
        .containsPattern("Normal +DriftResolved +NorthflankJob/example-job")
        .doesNotContain("SyncFailed");
  }

  @Test
  void explainReadsTheCrdsOpenApi() throws Exception {
    assertThat(kubectl("explain", "nfjob.spec.job"))
        .contains("KIND:       NorthflankJob", "FIELD: job <Object>", "settings\t<Object>")
        .contains("Desired state of the job");
    assertThat(kubectl("explain", "nfjob.spec.job.jobType")).contains("ENUM:", "cron", "manual");
  }

  @Test
  void explainShowsADescriptionForEveryFieldOfSpecJob() throws Exception {
    List<String> objects =
        List.of(
            "nfjob",
            "nfjob.spec",
            "nfjob.spec.job",
            "nfjob.spec.job.vcsData",
            "nfjob.spec.job.buildConfiguration",
            "nfjob.spec.job.buildConfiguration.storage",
            "nfjob.spec.job.buildConfiguration.storage.ephemeralStorage",
            "nfjob.spec.job.buildEngineConfiguration",
            "nfjob.spec.job.buildEngineConfiguration.buildpack",
            "nfjob.spec.job.buildEngineConfiguration.buildkit",
            "nfjob.spec.job.buildEngineConfiguration.kaniko",
            "nfjob.spec.job.deployment",
            "nfjob.spec.job.deployment.buildpack",
            "nfjob.spec.job.deployment.docker",
            "nfjob.spec.job.deployment.storage",
            "nfjob.spec.job.deployment.storage.ephemeralStorage",
            "nfjob.spec.job.billing",
            "nfjob.spec.job.settings",
            "nfjob.spec.job.settings.cron",
            "nfjob.status");
    for (String object : objects) {
      assertThat(kubectl("explain", object))
          .as("kubectl explain " + object)
          .contains("DESCRIPTION:")
          .doesNotContain("<no description>", "<empty>");
    }
  }

  private static void event(
      String name, NorthflankJob job, String type, String reason, String message) {
    kubernetes
        .client()
        .v1()
        .events()
        .inNamespace("demo")
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(name + "." + System.nanoTime())
                .endMetadata()
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withCount(1)
                .withFirstTimestamp(java.time.Instant.now().toString())
                .withLastTimestamp(java.time.Instant.now().toString())
                .withNewSource()
                .withComponent("northflank-job-operator")
                .endSource()
                .withNewInvolvedObject()
                .withApiVersion("northflank.com/v1alpha1")
                .withKind("NorthflankJob")
                .withName(job.getMetadata().getName())
                .withNamespace("demo")
                .withUid(job.getMetadata().getUid())
                .endInvolvedObject()
                .build())
        .create();
  }

  record Result(int code, String output) {}

  private static List<String> command(String... args) {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return command;
  }

  static Result run(String... args) throws Exception {
    Process process = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
    StringBuffer output = new StringBuffer();
    Thread reader = readInto(process, output);
    assertThat(process.waitFor(60, TimeUnit.SECONDS))
        .as("kubectl %s answers", List.of(args))
        .isTrue();
    reader.join(10_000);
    return new Result(process.exitValue(), output.toString());
  }

  private static Thread readInto(Process process, StringBuffer output) {
    Thread reader =
        new Thread(
            () -> {
              try (var in = process.getInputStream()) {
                byte[] buffer = new byte[4096];
                for (int n; (n = in.read(buffer)) > 0; ) {
                  output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "kubectl-output");
    reader.start();
    return reader;
  }

  private static String kubectl(String... args) throws Exception {
    Result result = run(args);
    assertThat(result.code()).as(result.output()).isZero();
    return result.output();
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null
        && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
