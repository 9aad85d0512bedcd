package com.northflank.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.northflank.operator.client.ApiToken;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.config.OperatorSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diff} and {@code export} against a Northflank API that cannot be reached, through the real
 * HTTP client: the first read that finds no connection ends the command within the connect timeout
 * and a second, naming the API's URL and why, and no other read is sent. Two ways to be
 * unreachable, both on 127.0.0.1: a closed port (refused at once) and a listening socket whose
 * accept queue is full (the connect is never answered, as behind a firewall that drops it).
 */
class UnreachableApiTest {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration GRACE = Duration.ofSeconds(1);

  @TempDir Path dir;

  private final List<AutoCloseable> sockets = new ArrayList<>();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @AfterEach
  void closeSockets() throws Exception {
    for (AutoCloseable socket : sockets) {
      socket.close();
    }
  }

  @Test
  void diffOfFiveFilesAgainstAClosedPortStopsAtTheFirst() throws IOException {
    String api = "http://127.0.0.1:" + closedPort();
    BudgetedReads reads = reads(api);
    List<Path> files = fiveResources();

    long started = System.nanoTime();
    DiffReport report = new DiffService(reads).diff(files);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(report.exitCode()).isEqualTo(2);
    assertThat(reads.ledger().sent()).as("requests sent").isEqualTo(1);
    assertThat(report.resources().get(0).error())
        .contains("cannot connect to the API at " + api + " (connection refused)")
        .contains("check --api-url");
    assertThat(report.resources().subList(1, 5))
        .extracting(ResourceDiff::error)
        .containsOnly("not read: the API cannot be reached (see northflankjob job-1)");
    assertThat(took).isLessThan(CONNECT_TIMEOUT.plus(GRACE));
  }

  @Test
  void diffAgainstAnApiThatNeverAnswersTheConnectEndsAfterTheConnectTimeout() throws IOException {
    String api = "http://127.0.0.1:" + blackHolePort();
    BudgetedReads reads = reads(api);
    List<Path> files = fiveResources();

    long started = System.nanoTime();
    DiffReport report = new DiffService(reads).diff(files);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(report.exitCode()).isEqualTo(2);
    assertThat(reads.ledger().sent()).isEqualTo(1);
    assertThat(report.resources().get(0).error())
        .contains("cannot connect to the API at " + api + " (no connection within 1000 ms)");
    assertThat(report.resources().subList(1, 5))
        .extracting(ResourceDiff::error)
        .containsOnly("not read: the API cannot be reached (see northflankjob job-1)");
    assertThat(took)
        .isGreaterThanOrEqualTo(CONNECT_TIMEOUT)
        .isLessThan(CONNECT_TIMEOUT.plus(GRACE));
  }

  @Test
  void exportAgainstAClosedPortSaysWhyLast() throws IOException {
    String api = "http://127.0.0.1:" + closedPort();
    BudgetedReads reads = reads(api);

    long started = System.nanoTime();
    ExportResult result =
        new ExportService(
                reads, new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC())
            .export(
                ExportRequest.of(null, "default-project", List.of(), null, null),
                ExportTarget.directory(dir.resolve("out")));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(reads.ledger().sent()).isEqualTo(1);
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("export: error: GET /v1/projects/{projectId}/jobs")
                    .endsWith("cannot connect to the API at " + api + " (connection refused)"));
    assertThat(lines)
        .last()
        .asString()
        .startsWith("export: stopped: the API cannot be reached: check --api-url")
        .endsWith("0 jobs written to " + dir.resolve("out") + ", 1 request");
    assertThat(took).isLessThan(CONNECT_TIMEOUT.plus(GRACE));
  }

  private BudgetedReads reads(String apiUrl) {
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(
                OperatorSettings.API_URL.variable(),
                apiUrl,
                OperatorSettings.CONNECT_TIMEOUT.variable(),
                "1s"));
    return BudgetedReads.connect(config, ApiToken.of("nf-unreachable-token"));
  }

  private List<Path> fiveResources() throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      files.add(
          Files.writeString(
              dir.resolve("job-" + i + ".yaml"),
              """
              apiVersion: northflank.com/v1alpha1
              kind: NorthflankJob
              metadata: {name: job-%d}
              spec: {projectId: default-project, jobId: job-%d}
              """
                  .formatted(i, i)));
    }
    return files;
  }

  /** A port nothing listens on: connects are refused at once. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * A listening socket that never accepts, its accept queue filled by connections of our own: the
   * kernel then drops further SYNs, so a connect neither succeeds nor is refused.
   */
  private int blackHolePort() throws IOException {
    ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    sockets.add(listening);
    InetSocketAddress address =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), listening.getLocalPort());
    for (int i = 0; i < 64; i++) {
      Socket filler = new Socket();
      try {
        filler.connect(address, 300);
        sockets.add(filler);
      } catch (SocketTimeoutException full) {
        filler.close();
        return listening.getLocalPort();
      }
    }
    assumeTrue(false, "the accept queue never filled: no black hole on this system");
    return -1;
  }
}
