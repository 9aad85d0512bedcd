package com.northflank.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
    assertThat(demo.output()).contains("Unmatched argument at index 0: 'demo'");
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

  private static CommandRun java(Path jar, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    return CommandRun.of(new ProcessBuilder(command), Duration.ofMinutes(1));
  }
}
