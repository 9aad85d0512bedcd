package com.northflank.operator.cli;

import com.northflank.operator.testing.ChildProcess;
import static com.northflank.operator.testing.ChildProcess.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} as a process, the way a pod runs it, against a Kubernetes API that does not answer:
 * it serves health at once, is not ready, says what it waits for, and stops on SIGTERM without a
 * stack trace. How fast it stops is measured by hand and reported, not asserted here.
 */
class RunProcessTest {

  @Test
  void waitsForAnUnreachableApiServingHealthAndStopsCleanlyOnSigterm(@TempDir Path dir)
      throws Exception {
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
            namespace: default
        current-context: gone
        """);
    Map<String, String> environment = new HashMap<>();
    System.getenv().keySet().stream()
        .filter(name -> name.startsWith("NORTHFLANK_") || name.startsWith("KUBERNETES_"))
        .forEach(name -> environment.put(name, null));
    environment.put("KUBECONFIG", kubeconfig.toString());
    int exit;
    try (ChildProcess run =
        ChildProcess.start(
            environment, "run", "--metrics-port", "0", "--api-url", "https://127.0.0.1:1")) {
      String serving = run.awaitLine("Serving /metrics, /healthz and /readyz on port ");
      int port = Integer.parseInt(serving.replaceAll(".* on port ([0-9]+).*", "$1"));
      run.awaitLine("Waiting for the Kubernetes API at https://127.0.0.1:1/: ");

      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(port, "/readyz").statusCode()).isEqualTo(503);

      run.terminate();
      exit = run.awaitExit();
      List<String> lines = run.lines();
      assertThat(exit).as(run.output()).isEqualTo(143);
      assertThat(run.output()).contains("Stopping").containsPattern("Stopped in [0-9]+ ms");
      assertThat(lines)
          .as("one warning about the missing token, naming the ways to give one")
          .filteredOn(l -> l.contains("No operator-wide Northflank API token"))
          .singleElement()
          .satisfies(
              l ->
                  assertThat(l)
                      .contains(" WARN ")
                      .contains(
                          "NORTHFLANK_API_TOKEN,", "--token-file", "spec.credentials.secretRef"));
      assertThat(lines)
          .as("no stack trace")
          .noneSatisfy(l -> assertThat(l).startsWith("\tat "))
          .noneSatisfy(l -> assertThat(l).contains("Exception:"));
    }
  }
}
