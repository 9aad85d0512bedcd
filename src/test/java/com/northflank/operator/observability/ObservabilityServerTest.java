package com.northflank.operator.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics and health server under clients that hold connections: nothing they do keeps
 * /healthz from answering (the kubelet gives a probe 2 s).
 */
class ObservabilityServerTest {

  private static final String HALF_A_REQUEST = "GET /metrics HTTP/1.1\r\nHost: localhost\r\n";
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<Socket> clients = new ArrayList<>();
  private ObservabilityServer server;

  @AfterEach
  void close() throws IOException {
    for (Socket client : clients) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void clientsThatHoldConnectionsDoNotBlockTheProbes() throws Exception {
    server = ObservabilityServer.start(0, registry, () -> true);
    // silent connections, and more half-sent requests than the server once had threads
    for (int i = 0; i < 10; i++) {
      connect();
    }
    for (int i = 0; i < 3; i++) {
      send(connect(), HALF_A_REQUEST);
    }

    assertThat(get("/healthz", PROBE_TIMEOUT)).startsWith("HTTP/1.1 200");
    assertThat(get("/readyz", PROBE_TIMEOUT)).startsWith("HTTP/1.1 200");
  }

  @Test
  void aHalfSentRequestIsCutAtTheDeadlineAndItsThreadServesOthers() throws Exception {
    server = start(new ExchangePool.Limits(Duration.ofMillis(300), 2, 4));
    Socket first = connect();
    Socket second = connect();
    send(first, HALF_A_REQUEST);
    send(second, HALF_A_REQUEST);

    // both threads are held until the deadline frees them
    assertThat(get("/healthz", PROBE_TIMEOUT)).startsWith("HTTP/1.1 200");
    assertClosedByServer(first);
    assertClosedByServer(second);
    // the interrupts that cut them reach no later exchange
    for (int i = 0; i < 20; i++) {
      assertThat(get(i % 2 == 0 ? "/metrics" : "/healthz", PROBE_TIMEOUT))
          .startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void aClientTricklingItsHeadersIsCutAtTheDeadlineToo() throws Exception {
    server = start(new ExchangePool.Limits(Duration.ofMillis(500), 1, 1));
    Socket trickling = connect();
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger sent = new AtomicInteger();
    try {
      // one byte every 50 ms, never a whole request: idle timeouts would never fire
      byte[] header = ("GET /metrics HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(500))
          .getBytes(StandardCharsets.US_ASCII);
      clock.scheduleAtFixedRate(
          () -> {
            try {
              trickling.getOutputStream().write(header[sent.getAndIncrement() % header.length]);
            } catch (IOException closed) {
              throw new UncheckedIOException(closed);
            }
          },
          0,
          50,
          TimeUnit.MILLISECONDS);

      assertClosedByServer(trickling);
      assertThat(sent.get()).as("bytes sent before the cut").isLessThan(header.length);
      assertThat(get("/healthz", PROBE_TIMEOUT)).startsWith("HTTP/1.1 200");
    } finally {
      clock.shutdownNow();
    }
  }

  @Test
  void beyondThreadsAndQueueAConnectionIsClosedAtOnceNotPiledUp() throws Exception {
    CountDownLatch answering = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    server =
        ObservabilityServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            registry,
            () -> {
              answering.countDown();
              return awaitQuietly(release);
            },
            new ExchangePool.Limits(Duration.ofMinutes(1), 1, 1));
    Socket holder = connect();
    send(holder, request("/readyz"));
    assertThat(answering.await(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    // the one thread is busy: of two more clients one waits in the queue, the other is closed
    // at once rather than left waiting
    Socket second = connect();
    Socket third = connect();
    send(second, request("/healthz"));
    send(third, request("/healthz"));
    await().atMost(PROBE_TIMEOUT).until(() -> closed(second) || closed(third));
    Socket queued = closed(second) ? third : second;

    release.countDown();
    assertThat(answer(holder)).startsWith("HTTP/1.1 200");
    assertThat(answer(queued)).startsWith("HTTP/1.1 200");
  }

  // ---- clients ----

  private ObservabilityServer start(ExchangePool.Limits limits) {
    return ObservabilityServer.start(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry, () -> true, limits);
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
    clients.add(socket);
    return socket;
  }

  private static String request(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  }

  private static String answer(Socket socket) throws IOException {
    socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
  }

  /** Whether the server has closed the connection, without waiting for it to. */
  private static boolean closed(Socket socket) throws IOException {
    socket.setSoTimeout(20);
    try {
      return socket.getInputStream().read() == -1;
    } catch (SocketTimeoutException open) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The server closed the connection (end of stream, or a reset) within the probe timeout. */
  private static void assertClosedByServer(Socket socket) throws IOException {
    socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
    try {
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    } catch (SocketException reset) {
      // closed while the client's bytes were unread: a reset instead of an end of stream
    }
  }

  private static void send(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** The whole answer to a GET, or a SocketTimeoutException when none comes within the time. */
  private String get(String path, Duration timeout) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
      socket.setSoTimeout((int) timeout.toMillis());
      send(socket, request(path));
      try (InputStream in = socket.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      }
    }
  }
}
