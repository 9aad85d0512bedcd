package com.northflank.operator.playground.demo;

import com.northflank.operator.cli.OptionTypes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every transcript the demo labels {@code $ kubectl ...} is what the real kubectl prints: each one
 * is run with kubectl against the demo's own embedded API at the moment it is printed, and the two
 * outputs are compared (ages aside, which move between the two).
 */
class DemoTranscriptTest {

  @Test
  void eachKubectlTranscriptIsWhatKubectlPrints(@TempDir Path dir) throws Exception {
    boolean installed =
        Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "kubectl")));
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("kubectl is not on PATH, and CI=true requires it");
    }
    assumeTrue(installed, "kubectl is not installed");
    List<String> compared = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    DemoCommand demo = new DemoCommand();
    demo.transcriptCheck =
        new DemoCommand.TranscriptCheck() {
          private Path kubeconfig;

          @Override
          public void begin(EmbeddedKubernetes kubernetes, CustomResourceDefinition crd) {
            kubeconfig = kubernetes.enableKubectl(crd, dir.resolve("kubeconfig"));
          }

          @Override
          public void printed(String command, String output) {
            String real = run(kubeconfig, command);
            compared.add(command);
            assertThat(output).as(command).contains("example-job");
            if (!normalize(real).equals(normalize(output))) {
              mismatches.add("$ " + command + "\n--- demo:\n" + output + "--- kubectl:\n" + real);
            }
          }
        };
    int code;
    try {
      code = OptionTypes.register(new CommandLine(demo)).execute();
    } finally {
      System.setOut(original);
    }

    assertThat(code).as(captured.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(compared)
        .as("every $ kubectl line of the demo")
        .hasSize(
            (int)
                captured
                    .toString(StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> l.startsWith("$ kubectl"))
                    .count())
        .contains(
            "kubectl get nfjob -n demo -o wide",
            "kubectl get events -n demo --field-selector reason=DriftDetected",
            "kubectl get events -n demo --field-selector reason=DriftResolved",
            "kubectl get events -n demo --field-selector reason=RunFailed");
    assertThat(mismatches).isEmpty();
  }

  private static String run(Path kubeconfig, String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add(1, "--kubeconfig");
    args.add(2, kubeconfig.toString());
    try {
      Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      return output;
    } catch (Exception e) {
      throw new AssertionError("kubectl " + command + " failed", e);
    }
  }

  /** Ages (3s, 2m10s, 5h) move between the demo's print and kubectl's; spacing follows widths. */
  private static String normalize(String table) {
    return table
        .replaceAll("\\b\\d+[smhd](\\d+[smh])?\\b", "AGE")
        .lines()
        .map(line -> line.strip().replaceAll(" +", " "))
        .reduce("", (a, b) -> a + b + "\n");
  }
}
