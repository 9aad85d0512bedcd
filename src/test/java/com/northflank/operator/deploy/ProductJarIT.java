package com.northflank.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import com.northflank.operator.playground.simulator.SimulatorOptions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two jars {@code mvn package} makes: the product's (what the image runs) holds the operator's
 * commands and nothing of the playground; the whole one (what the README runs) holds both. Run by
 * failsafe after the package phase.
 */
class ProductJarIT {

  private static final Path WHOLE_JAR = Path.of("target/northflank-job-operator.jar");

  @Test
  void theProductJarHoldsNoPlaygroundClassOrLibrary() throws IOException {
    List<String> entries = ProductJar.entries(ProductJar.PATH);

    assertThat(ProductJar.playgroundEntries(entries)).isEmpty();
    assertThat(entries)
        .contains(
            "com/northflank/operator/cli/Main.class",
            "com/northflank/operator/reconciler/NorthflankJobReconciler.class",
            // validate evaluates the CRD's CEL rules; cel-java runs on protobuf
            "dev/cel/runtime/CelRuntime.class",
            "com/google/protobuf/Message.class");
  }

  @Test
  void theWholeJarHoldsTheProductAndThePlayground() throws IOException {
    List<String> entries = ProductJar.entries(WHOLE_JAR);

    assertThat(entries)
        .contains(
            "com/northflank/operator/cli/Main.class",
            "com/northflank/operator/playground/cli/PlaygroundMain.class",
            "com/northflank/operator/playground/demo/DemoCommand.class",
            "io/fabric8/mockwebserver/MockWebServer.class");
    // resilience4j's Kotlin dependency is used by none of its classes here
    assertThat(entries).noneMatch(name -> name.startsWith("kotlin/"));
  }

  @Test
  void theProductJarRunsTheOperatorsCommandsOnly() throws Exception {
    CommandRun help = java(ProductJar.PATH, "--help");
    CommandRun demo = java(ProductJar.PATH, "demo");

    assertThat(help.code()).as(help.output()).isZero();
    assertThat(help.output()).contains("run", "validate", "export", "diff");
    assertThat(help.output()).doesNotContain("demo", "simulator", "bench");
    assertThat(demo.code()).isEqualTo(2);
    assertThat(demo.output()).contains("Unmatched argument: 'demo'");
  }

  @Test
  void theProductJarValidatesTheSamples() throws Exception {
    // validate touches the CRD schema, json-schema-validator and cel-java: all must be there
    CommandRun validate = java(ProductJar.PATH, "validate", "-f", "deploy/samples/");

    assertThat(validate.code()).as(validate.output()).isZero();
    assertThat(validate.output()).contains("2 NorthflankJob(s) checked: all valid");
  }

  @Test
  void theWholeJarListsThePlaygroundsCommandsAfterTheOperators() throws Exception {
    CommandRun help = java(WHOLE_JAR, "--help");

    assertThat(help.code()).as(help.output()).isZero();
    assertThat(help.output())
        .containsSubsequence("run", "validate", "export", "diff", "demo", "simulator", "bench");
  }

  @Test
  void everyServiceTheProductJarDeclaresIsInIt() throws IOException {
    // the shade plugin merges the services files of the libraries it keeps; a class listed there
    // but left out (a Kubernetes model group, say) would fail its ServiceLoader at run time
    List<String> entries = ProductJar.entries(ProductJar.PATH);
    Map<String, List<String>> missing = new TreeMap<>();
    try (JarFile jar = new JarFile(ProductJar.PATH.toFile())) {
      for (String entry : entries) {
        if (!entry.startsWith("META-INF/services/") || entry.endsWith("/")) {
          continue;
        }
        String text =
            new String(
                jar.getInputStream(jar.getEntry(entry)).readAllBytes(), StandardCharsets.UTF_8);
        for (String line : text.lines().map(l -> l.replaceAll("#.*", "").strip()).toList()) {
          if (!line.isEmpty() && !entries.contains(line.replace('.', '/') + ".class")) {
            missing.computeIfAbsent(entry, e -> new ArrayList<>()).add(line);
          }
        }
      }
    }

    assertThat(missing).isEmpty();
    assertThat(entries)
        .contains("META-INF/services/io.fabric8.kubernetes.api.model.KubernetesResource")
        .noneMatch(name -> name.startsWith("io/fabric8/kubernetes/api/model/gatewayapi/"));
  }

  @Test
  void theProductJarRunsTheOperatorAgainstAClusterAndNorthflank(@TempDir Path work)
      throws Exception {
    // the fabric8 client, JOSDK and the model groups the product jar keeps, end to end: the
    // resource reaches Synced and its status shows the live job
    try (EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start();
        NorthflankSimulator northflank =
            NorthflankSimulator.start(
                SimulatorOptions.builder().token(TOKEN).seedJobs(true).build())) {
      kubernetes.installCrd();
      NorthflankJob job = new NorthflankJob();
      job.setMetadata(
          new ObjectMetaBuilder().withName("example-job").withNamespace("default").build());
      job.setSpec(new NorthflankJobSpec("default-project", "example-job", null, null, null, null));
      kubernetes.client().resource(job).create();
      Map<String, String> environment = new HashMap<>();
      environment.put("KUBERNETES_MASTER", "http://127.0.0.1:" + kubernetes.server().getPort());
      environment.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
      environment.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
      environment.put("NORTHFLANK_API_URL", northflank.baseUrl().toString());
      environment.put("NORTHFLANK_API_TOKEN", TOKEN);
      environment.put("DEFAULT_TOKEN_NAMESPACES", "default");
      environment.put("METRICS_PORT", "0");

      Path log = work.resolve("run.log");
      Process operator = startLogged(environment, ProductJar.PATH, log, "run");
      try {
        await()
            .atMost(Duration.ofMinutes(1))
            .until(
                () -> {
                  assertThat(operator.isAlive())
                      .as("the operator is running:%n%s", Files.readString(log))
                      .isTrue();
                  NorthflankJob read =
                      kubernetes
                          .client()
                          .resources(NorthflankJob.class)
                          .inNamespace("default")
                          .withName("example-job")
                          .get();
                  return read.getStatus() != null
                      && Conditions.isTrue(read.getStatus().conditions(), ConditionTypes.SYNCED);
                });
      } finally {
        operator.toHandle().destroy();
        assertThat(operator.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  @Test
  void theProductJarExportsAndDiffsAgainstNorthflank(@TempDir Path work) throws Exception {
    try (NorthflankSimulator northflank =
        NorthflankSimulator.start(SimulatorOptions.builder().token(TOKEN).seedJobs(true).build())) {
      Map<String, String> environment =
          Map.of(
              "NORTHFLANK_API_URL", northflank.baseUrl().toString(), "NORTHFLANK_API_TOKEN", TOKEN);

      CommandRun export =
          run(
              environment,
              "export",
              "--project",
              "default-project",
              "--job",
              "example-job",
              "--output-dir",
              work.toString());
      CommandRun inSync = run(environment, "diff", "-f", work.toString());
      northflank.updateJob(
          "default-project", "example-job", live -> live.put("description", "changed by hand"));
      CommandRun drift = run(environment, "diff", "-f", work.toString());

      assertThat(export.code()).as(export.output()).isZero();
      assertThat(work.resolve("example-job.yaml")).content().contains("kind: \"NorthflankJob\"");
      assertThat(inSync.code()).as(inSync.output()).isZero();
      assertThat(drift.code()).as(drift.output()).isEqualTo(1);
      assertThat(drift.output()).contains("description");
    }
  }

  private static final String TOKEN = "nf-product-jar-it-token";

  private static CommandRun run(Map<String, String> environment, String... args)
      throws Exception {
    return CommandRun.of(builder(environment, ProductJar.PATH, args), Duration.ofMinutes(1));
  }

  /** Its output, which nobody reads while it runs, goes to a file. */
  private static Process startLogged(
      Map<String, String> environment, Path jar, Path log, String... args) throws IOException {
    return builder(environment, jar, args)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** A child JVM that sees none of this machine's Kubernetes or Northflank settings. */
  private static ProcessBuilder builder(Map<String, String> environment, Path jar, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder
        .environment()
        .keySet()
        .removeIf(v -> v.startsWith("KUBE") || v.startsWith("NORTHFLANK"));
    builder.environment().putAll(environment);
    return builder;
  }

  private static CommandRun java(Path jar, String... args) throws Exception {
    return CommandRun.of(builder(Map.of(), jar, args), Duration.ofMinutes(1));
  }
}
