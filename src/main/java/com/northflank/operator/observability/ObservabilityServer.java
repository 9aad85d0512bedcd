package com.northflank.operator.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /metrics} (Prometheus text format), {@code /healthz} (the process answers) and
 * {@code /readyz} (the operator's informers are synced; a leader-election standby is ready too).
 */
public final class ObservabilityServer implements AutoCloseable {

  /**
   * A few threads, so that scrapes and probes do not wait behind each other or behind a slow
   * client; a short queue; and 5 s per request, from its first byte to the answer's last: a scrape
   * takes milliseconds (Prometheus gives it 10 s by default) and a probe is one small request.
   */
  static final ExchangePool.Limits LIMITS = new ExchangePool.Limits(Duration.ofSeconds(5), 4, 16);

  private final HttpServer server;
  private final ExchangePool executor;

  private ObservabilityServer(HttpServer server, ExchangePool executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * On every interface, as in a pod.
   *
   * @param port 0 picks a free port
   */
  public static ObservabilityServer start(
      int port, PrometheusMeterRegistry registry, BooleanSupplier ready) {
    return start(new InetSocketAddress(port), registry, ready);
  }

  /**
   * @param address port 0 picks a free port
   */
  public static ObservabilityServer start(
      InetSocketAddress address, PrometheusMeterRegistry registry, BooleanSupplier ready) {
    return start(address, registry, ready, LIMITS);
  }

  static ObservabilityServer start(
      InetSocketAddress address,
      PrometheusMeterRegistry registry,
      BooleanSupplier ready,
      ExchangePool.Limits limits) {
    int port = address.getPort();
    try {
      HttpServer server = HttpServer.create(address, 0);
      server.createContext(
          "/metrics",
          exchange ->
              respond(
                  exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
      server.createContext("/healthz", exchange -> respond(exchange, 200, "text/plain", "ok\n"));
      server.createContext(
          "/readyz",
          exchange -> {
            boolean isReady = ready.getAsBoolean();
            respond(exchange, isReady ? 200 : 503, "text/plain", isReady ? "ok\n" : "not ready\n");
          });
      ExchangePool executor = new ExchangePool(limits);
      server.setExecutor(executor);
      server.start();
      return new ObservabilityServer(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on port " + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(status, -1);
    } else {
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }
}
