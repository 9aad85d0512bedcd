package com.northflank.operator.playground.demo;

import static com.northflank.operator.testing.ChildProcess.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.northflank.operator.testing.ChildProcess;
import com.northflank.operator.testing.MarkdownBlocks;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator as its own process ({@code run}) against the playground, with the commands {@code
 * demo --keep-running} prints and docs/playground.md shows: through the one address the demo
 * prints and writes into its kubeconfig, {@code run} lists and watches, turns ready, and corrects
 * a live change of the job it was given.
 */
class RunAgainstTheDemoTest {

  private static final String DOCS_MARKER = "as demo --keep-running prints it";
  private static final String JAR = "target/northflank-job-operator.jar";

  @Test
  void runReachesReadyAndCorrectsDriftThroughTheDemosKubeconfig(@TempDir Path dir)
      throws Exception {
    requireKubectl();
    Path kubeconfig = dir.resolve("demo.kubeconfig");
    try (ChildProcess demo =
        ChildProcess.start(
            Map.of(),
            "demo",
            "--keep-running",
            "--kubeconfig",
            kubeconfig.toString(),
            "--metrics-port",
            "0")) {
      demo.awaitLine("/healthz ");
      List<String> printed = demo.lines();
      String printedApi = after(printed, "Kubernetes API: ", 0);
      assertThat(printedApi)
          .as("the address the demo prints at the start is the one it prints at the end")
          .isEqualTo(after(printed, "Kubernetes API: ", 1));
      assertThat(Files.readString(kubeconfig))
          .as("the kubeconfig names the printed address")
          .contains("server: " + printedApi);

      List<String> ownOperator =
          commands(printed, "Run the operator yourself");
      assertThat(normalized(ownOperator, kubeconfig))
          .as("docs/playground.md shows what the demo prints")
          .isEqualTo(normalized(documented(), kubeconfig));

      int metricsPort = freePort();
      ChildProcess run = null;
      try {
        for (String command : ownOperator) {
          if (command.contains(" java -jar " + JAR + " run ")) {
            run = startRun(command, metricsPort);
          } else {
            shell(command);
          }
        }
        assertThat(run).as("a run command among " + ownOperator).isNotNull();
        ChildProcess operator = run;
        await()
            .atMost(Duration.ofSeconds(60))
            .alias("run's /readyz answers 200")
            .ignoreExceptions()
            .until(() -> get(metricsPort, "/readyz").statusCode() == 200);
        // the line comes through the child's output pipe, which may trail /readyz a little
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(operator.lines())
                        .as("run says once, at INFO, that it is ready")
                        .filteredOn(l -> l.contains(" INFO ") && l.contains(" - Ready: "))
                        .singleElement()
                        .satisfies(
                            l ->
                                assertThat(l)
                                    .contains("through the Kubernetes API at " + printedApi)));

        shell(commands(printed, "Change a live job").get(0));
        // run reads every 10s, and a correction waits its turn in the request budget
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofSeconds(1))
            .alias("team-a/manual-job corrected by run")
            .until(
                () ->
                    shell(
                            "kubectl --kubeconfig "
                                + kubeconfig
                                + " get nfjob manual-job -n team-a"
                                + " -o jsonpath={.status.lastCorrection.result}")
                        .equals("Applied"));
        // the Event, the metric and the log line follow the status write: waited for, not assumed
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(
                () -> {
                  assertThat(
                          shell(
                              "kubectl --kubeconfig "
                                  + kubeconfig
                                  + " get events -n demo --field-selector"
                                  + " reason=DriftDetected,involvedObject.name=manual-job"))
                      .as("the demo's own manual-job (driftPolicy Report) flagged the hint's change")
                      .contains("settings.backoffLimit");
                  assertThat(get(metricsPort, "/metrics").body())
                      .contains(
                          "northflank_job_corrections_total{name=\"manual-job\",namespace=\"team-a\"}"
                              + " 1.0");
                  assertThat(operator.output())
                      .contains("DriftCorrected: Corrected settings.backoffLimit");
                });
        assertThat(operator.output()).doesNotContain("not watching");
        assertThat(operator.lines()).noneSatisfy(l -> assertThat(l).startsWith("\tat "));
        assertThat(operator.lines())
            .as("ready is said once, however often /readyz is asked")
            .filteredOn(l -> l.contains(" - Ready: "))
            .hasSize(1);

        operator.terminate();
        assertThat(operator.awaitExit()).isEqualTo(143);
        assertThat(operator.output()).containsPattern("Stopped in [0-9]+ ms");
      } finally {
        if (run != null) {
          run.close();
        }
      }
    }
  }

  /** The printed line's text after the label, the n-th time the label is printed. */
  private static String after(List<String> lines, String label, int nth) {
    return lines.stream()
        .filter(l -> l.startsWith(label))
        .skip(nth)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + label + " #" + nth))
        .substring(label.length())
        .strip()
        .split(" ")[0];
  }

  /** The commands (indented) the demo printed under the line starting with {@code heading}. */
  private static List<String> commands(List<String> lines, String heading) {
    int start =
        lines.indexOf(lines.stream().filter(l -> l.startsWith(heading)).findFirst().orElseThrow());
    StringBuilder block = new StringBuilder();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (!line.startsWith("  ")) {
        break;
      }
      block.append(line).append('\n');
    }
    return new MarkdownBlocks.Block(Path.of("demo"), start, "", Optional.empty(), block.toString())
        .commands();
  }

  private static List<String> documented() {
    List<MarkdownBlocks.Block> blocks =
        MarkdownBlocks.marked(List.of(Path.of("docs", "playground.md")), DOCS_MARKER);
    assertThat(blocks).as("blocks marked <!-- " + DOCS_MARKER + " -->").hasSize(1);
    return blocks.get(0).commands();
  }

  /** The kubeconfig's path and the simulator's port differ from run to run. */
  private static List<String> normalized(List<String> commands, Path kubeconfig) {
    return commands.stream()
        .map(
            c ->
                c.replace(kubeconfig.toString(), "/tmp/demo.kubeconfig")
                    .replaceAll("http://127\\.0\\.0\\.1:\\d+", "http://127.0.0.1:PORT"))
        .toList();
  }

  /** {@code VAR=value ... java -jar JAR run ARGS} as a child process, on a free metrics port. */
  private static ChildProcess startRun(String command, int metricsPort) throws Exception {
    List<String> words = Arrays.asList(command.split(" "));
    int java = words.indexOf("java");
    Map<String, String> environment = new LinkedHashMap<>();
    for (String assignment : words.subList(0, java)) {
      String[] pair = assignment.split("=", 2);
      environment.put(pair[0], pair[1]);
    }
    assertThat(words.subList(java, java + 3)).containsExactly("java", "-jar", JAR);
    List<String> args = new ArrayList<>(words.subList(java + 3, words.size()));
    int port = args.indexOf("--metrics-port");
    assertThat(port).as("run is told its metrics port").isPositive();
    args.set(port + 1, Integer.toString(metricsPort));
    return ChildProcess.start(environment, args.toArray(String[]::new));
  }

  /** Runs a command line as a shell would; returns its output, failing unless it exits 0. */
  private static String shell(String command) throws Exception {
    Process process =
        new ProcessBuilder("bash", "-c", command)
            .directory(Path.of("").toAbsolutePath().toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(command).isTrue();
    assertThat(process.exitValue()).as(command + "\n" + output).isZero();
    return output;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
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
