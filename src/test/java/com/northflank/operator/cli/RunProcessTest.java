package com.northflank.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} as a process, the way a pod runs it, against a Kubernetes API that does not answer:
 * it serves health at once, is not ready, says what it waits for, and stops on SIGTERM without a
 * stack trace. How fast it stops is measured by hand and reported, not asserted here.
 */
class RunProcessTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

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
    ProcessBuilder builder =
        new ProcessBuilder(
                javaCommand("run", "--metrics-port", "0", "--api-url", "https://127.0.0.1:1"))
            .redirectErrorStream(true);
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("NORTHFLANK_") || k.equals("KUBERNETES_MASTER"));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    Process process = builder.start();
    Output output = new Output(process);
    try {
      String serving = awaitLine(output.lines, "Serving /metrics, /healthz and /readyz on port ");
      int port = Integer.parseInt(serving.replaceAll(".* on port ([0-9]+).*", "$1"));
      awaitLine(output.lines, "Waiting for the Kubernetes API at https://127.0.0.1:1/: ");

      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(port, "/readyz").statusCode()).isEqualTo(503);

      // SIGTERM; Process.destroy() would also close the pipes and lose what is logged after it
      process.toHandle().destroy();
      assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
    List<String> lines = output.all();
    String all = String.join("\n", lines);
    assertThat(process.exitValue()).as(all).isEqualTo(143);
    assertThat(all).contains("Stopping").containsPattern("Stopped in [0-9]+ ms");
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

  /** The test's classpath without the test classes (whose logback-test.xml would win). */
  static List<String> javaCommand(String... args) {
    String classpath =
        Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.endsWith("test-classes"))
            .collect(Collectors.joining(File.pathSeparator));
    return Stream.concat(
            Stream.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                Main.class.getName()),
            Stream.of(args))
        .toList();
  }

  /** The process's output lines as they come. */
  static final class Output {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    Output(Process process) {
      reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // the process is gone
                }
              },
              "process-output");
      reader.setDaemon(true);
      reader.start();
    }

    /** Every line, once the process has closed its output. */
    List<String> all() throws InterruptedException {
      reader.join(TIMEOUT.toMillis());
      return lines;
    }
  }

  static String awaitLine(List<String> output, String text) {
    String[] found = new String[1];
    await()
        .atMost(TIMEOUT)
        .alias("a line containing '" + text + "' in\n" + String.join("\n", output))
        .until(
            () -> {
              found[0] = output.stream().filter(l -> l.contains(text)).findFirst().orElse(null);
              return found[0] != null;
            });
    return found[0];
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
