package com.northflank.operator.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.northflank.operator.playground.cli.PlaygroundMain;
import com.northflank.operator.playground.demo.DemoCommand;
import com.northflank.operator.testing.ChildProcess;
import com.northflank.operator.testing.MarkdownBlocks;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands in the docs cannot rot: every shell block of README.md and docs/*.md marked {@code <!--
 * runnable -->} runs, as written, against the playground, and must exit 0. The playground is
 * {@code demo --keep-running}, its kubeconfig in {@code KUBECONFIG} and its simulator in {@code
 * NORTHFLANK_API_URL} (with its token and a budget as large as it allows, so that export and diff
 * need not pace themselves to the real account's). Blocks run in file order in one working
 * directory that sees the repository's deploy/ and crds/, each with bash {@code -e}; {@code java
 * -jar target/northflank-job-operator.jar} runs this build's classes. In a block, {@code <token>}
 * stands for the demo's token, {@code /tmp/demo.kubeconfig} for the demo's kubeconfig and {@code
 * http://127.0.0.1:8090} (the simulator's default address) for the demo's simulator.
 */
class DocsCommandsTest {

  private static final String MARKER = "runnable";

  @Test
  void everyRunnableBlockOfTheDocsRunsAgainstThePlayground(@TempDir Path dir) throws Exception {
    requireKubectl();
    List<MarkdownBlocks.Block> blocks = MarkdownBlocks.marked(markdownFiles(), MARKER);
    assertThat(blocks)
        .as("blocks marked <!-- runnable -->")
        .hasSizeGreaterThanOrEqualTo(5)
        .allSatisfy(block -> assertThat(block.info()).as(block.where()).isEqualTo("sh"));
    Path workspace = Files.createDirectories(dir.resolve("workspace"));
    List<Path> links = new ArrayList<>();
    for (String shared : List.of("deploy", "crds")) {
      links.add(
          Files.createSymbolicLink(workspace.resolve(shared), Path.of(shared).toAbsolutePath()));
    }
    Path kubeconfig = dir.resolve("demo.kubeconfig");
    try {
      runAgainstThePlayground(blocks, workspace, kubeconfig);
    } finally {
      // the repository's directories stay; only the links go
      for (Path link : links) {
        Files.delete(link);
      }
    }
  }

  private static void runAgainstThePlayground(
      List<MarkdownBlocks.Block> blocks, Path workspace, Path kubeconfig) throws Exception {

    try (ChildProcess demo =
        ChildProcess.start(
            Map.of(),
            "demo",
            "--keep-running",
            "--kubeconfig",
            kubeconfig.toString(),
            "--metrics-port",
            "0")) {
      demo.awaitLine("Still running");
      String northflank = demo.awaitLine("Northflank API: ").replaceAll(".*(http://\\S+).*", "$1");
      Map<String, String> environment =
          Map.of(
              "KUBECONFIG", kubeconfig.toString(),
              "NORTHFLANK_API_URL", northflank,
              "NORTHFLANK_API_TOKEN", DemoCommand.TOKEN,
              "NORTHFLANK_API_BUDGET", "100000/1h");

      List<String> failures = new ArrayList<>();
      for (MarkdownBlocks.Block block : blocks) {
        String script =
            block
                .text()
                .replace("<token>", DemoCommand.TOKEN)
                .replace("/tmp/demo.kubeconfig", kubeconfig.toString())
                .replace("http://127.0.0.1:8090", northflank);
        Result result = bash(script, workspace, environment);
        if (result.code() != 0) {
          failures.add(block.where() + " exited " + result.code() + ":\n" + result.output());
        }
      }
      assertThat(failures).as("runnable blocks that failed").isEmpty();
    }
  }

  private static List<Path> markdownFiles() throws IOException {
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      return Stream.concat(
              Stream.of(Path.of("README.md")),
              docs.filter(p -> p.toString().endsWith(".md")).sorted())
          .toList();
    }
  }

  record Result(int code, String output) {}

  /** The block under bash -e, with java -jar target/northflank-job-operator.jar as this build. */
  private static Result bash(String block, Path workspace, Map<String, String> environment)
      throws IOException, InterruptedException {
    String classpath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.endsWith("test-classes"))
            .collect(Collectors.joining(File.pathSeparator));
    String preamble =
        """
        set -eo pipefail
        java() {
          if [ "$1" = -jar ] && [ "$2" = target/northflank-job-operator.jar ]; then
            shift 2
            command "$PLAYGROUND_JAVA" -cp "$PLAYGROUND_CLASSPATH" %s "$@"
          else
            command "$PLAYGROUND_JAVA" "$@"
          fi
        }
        """
            .formatted(PlaygroundMain.class.getName());
    Path log = Files.createTempFile(workspace.getParent(), "block", ".log");
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", preamble + block)
            .directory(workspace.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    builder
        .environment()
        .put("PLAYGROUND_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    builder.environment().put("PLAYGROUND_CLASSPATH", classpath);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      return new Result(-1, Files.readString(log) + "\n(still running after 60 s)");
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static void requireKubectl() {
    boolean installed =
        Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "kubectl")));
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("kubectl is not on PATH, and CI=true requires it");
    }
    assumeTrue(installed, "kubectl is not installed");
  }
}
