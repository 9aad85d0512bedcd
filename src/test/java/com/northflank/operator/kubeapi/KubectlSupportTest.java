package com.northflank.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.northflank.operator.model.NorthflankJob;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        .containsPattern("NAME +PROJECT +JOB +TYPE +SCHEDULE +SUSPENDED +DRIFTED +READY +AGE");
    assertThat(output).containsPattern("example-job +default-project +example-job");
  }

  @Test
  void wideAddsClusterAndRuntimeNamespace() throws Exception {
    assertThat(kubectl("get", "northflankjobs", "-o", "wide").lines().findFirst().orElse(""))
        .contains("CLUSTER", "RUNTIME-NAMESPACE");
  }

  @Test
  void yamlShowsTheWholeResource() throws Exception {
    assertThat(kubectl("get", "nfjob", "example-job", "-o", "yaml"))
        .contains("kind: NorthflankJob", "jobId: example-job", "schedule: 30 8 * * *");
  }

  private static String kubectl(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null
        && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
