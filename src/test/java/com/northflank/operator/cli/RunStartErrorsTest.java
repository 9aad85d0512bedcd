package com.northflank.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.testing.ChildProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} as a process, given what a newcomer gets wrong: each mistake is one line on the
 * terminal and exit status 2, before anything starts, never a stack trace.
 */
class RunStartErrorsTest {

  @Test
  void aMetricsPortInUseIsOneLine(@TempDir Path dir) throws Exception {
    Path kubeconfig = unreachableKubeconfig(dir);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ChildProcess run =
            ChildProcess.start(
                environment(kubeconfig.toString()),
                "run",
                "--metrics-port",
                Integer.toString(taken.getLocalPort()))) {
      int exit = run.awaitExit();

      assertThat(exit).as(run.output()).isEqualTo(2);
      assertThat(run.lines())
          .containsExactly(
              "Cannot serve /metrics on port "
                  + taken.getLocalPort()
                  + " (Address already in use); --metrics-port 0 picks a free port.");
    }
  }

  @Test
  void aKubeconfigThatIsNotThereIsOneLine(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("no-such-kubeconfig");
    try (ChildProcess run =
        ChildProcess.start(environment(missing.toString()), "run", "--metrics-port", "0")) {
      int exit = run.awaitExit();

      assertThat(exit).as(run.output()).isEqualTo(2);
      assertThat(run.lines())
          .containsExactly(
              "KUBECONFIG names "
                  + missing
                  + ", and there is no such file: the operator would not know its cluster.");
    }
  }

  @Test
  void aKubeconfigThatDoesNotParseIsOneLineWithWhere(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("kubeconfig");
    Files.writeString(broken, "apiVersion: v1\nkind: Config\nclusters: [\n  - name: [x: y\n");
    try (ChildProcess run =
        ChildProcess.start(environment(broken.toString()), "run", "--metrics-port", "0")) {
      int exit = run.awaitExit();

      assertThat(exit).as(run.output()).isEqualTo(2);
      assertThat(run.lines())
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .startsWith("Cannot read the kubeconfig " + broken + ": ")
                      .containsPattern("\\(line [0-9]+, column [0-9]+\\)$"));
    }
  }

  @Test
  void aKubeconfigWhoseCurrentContextIsNotThereIsOneLine(@TempDir Path dir) throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\ncurrent-context: gone\n");
    try (ChildProcess run =
        ChildProcess.start(environment(kubeconfig.toString()), "run", "--metrics-port", "0")) {
      int exit = run.awaitExit();

      assertThat(exit).as(run.output()).isEqualTo(2);
      assertThat(run.lines())
          .containsExactly(
              "The kubeconfig "
                  + kubeconfig
                  + " has no current context it defines (current-context: gone): choose one with"
                  + " kubectl config use-context.");
    }
  }

  @Test
  void aCertificateTheKubeconfigNamesThatIsNotThereIsOneLine(@TempDir Path dir) throws Exception {
    Path kubeconfig = unreachableKubeconfig(dir);
    Path missing = dir.resolve("ca.crt");
    Files.writeString(
        kubeconfig,
        Files.readString(kubeconfig)
            .replace(
                "server: https://127.0.0.1:1",
                "server: https://127.0.0.1:1\n    certificate-authority: " + missing));
    try (ChildProcess run =
        ChildProcess.start(environment(kubeconfig.toString()), "run", "--metrics-port", "0")) {
      int exit = run.awaitExit();

      assertThat(exit).as(run.output()).isEqualTo(2);
      assertThat(run.lines())
          .containsExactly(
              "Cannot read the kubeconfig " + kubeconfig + ": no such file " + missing);
    }
  }

  @Test
  void kubeconfigParserMessagesBecomeOneLine() {
    assertThat(
            KubernetesConnection.oneLine(
                new IllegalStateException(
                    "mapping values are not allowed here\n in reader, line 1, column 9:\n"
                        + "    this: is: not\n            ^\n")))
        .isEqualTo("mapping values are not allowed here (line 1, column 9)");
  }

  /** Only the given kubeconfig, and no setting of the machine's environment. */
  private static Map<String, String> environment(String kubeconfig) {
    Map<String, String> environment = new HashMap<>();
    System.getenv().keySet().stream()
        .filter(name -> name.startsWith("NORTHFLANK_") || name.startsWith("KUBERNETES_"))
        .forEach(name -> environment.put(name, null));
    environment.put("KUBECONFIG", kubeconfig);
    return environment;
  }

  private static Path unreachableKubeconfig(Path dir) throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: gone
          cluster:
            server: https://127.0.0.1:1
        users:
        - name: someone
          user:
            token: not-a-secret
        contexts:
        - name: gone
          context:
            cluster: gone
            user: someone
        current-context: gone
        """);
    return kubeconfig;
  }
}
