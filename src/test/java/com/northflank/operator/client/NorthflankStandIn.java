package com.northflank.operator.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local stand-in for the Northflank API: answers every request with the programmed reply and
 * records what it received. Replies can be held back until {@link #release()} to provoke timeouts
 * without sleeping.
 */
final class NorthflankStandIn implements AutoCloseable {

  /**
   * What the stand-in received. Header names are case-insensitive; rawQuery is null without one.
   */
  record Received(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      String body) {
    Optional<String> header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
  }

  private record Reply(int status, Map<String, String> headers, byte[] body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile Reply reply = new Reply(500, Map.of(), new byte[0]);
  private volatile boolean holding;
  private volatile boolean holdingBodies;

  private NorthflankStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static NorthflankStandIn start() {
    try {
      return new NorthflankStandIn();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI baseUri() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  /** Answers every following request with this status, body and header name/value pairs. */
  NorthflankStandIn reply(int status, String body, String... headerPairs) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    reply = new Reply(status, headers, body.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  NorthflankStandIn replyJson(int status, String body, String... headerPairs) {
    String[] withType = new String[headerPairs.length + 2];
    withType[0] = "Content-Type";
    withType[1] = "application/json";
    System.arraycopy(headerPairs, 0, withType, 2, headerPairs.length);
    return reply(status, body, withType);
  }

  /** Following replies wait until {@link #release()} or {@link #close()}. */
  NorthflankStandIn holdReplies() {
    holding = true;
    return this;
  }

  /** Following replies send their headers at once and their body only after {@link #release()}. */
  NorthflankStandIn holdBodies() {
    holdingBodies = true;
    return this;
  }

  void release() {
    released.countDown();
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  Received onlyRequest() {
    List<Received> all = received();
    if (all.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + all.size());
    }
    return all.get(0);
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              copy(exchange.getRequestHeaders()),
              new String(body, StandardCharsets.UTF_8)));
      if (holding && !released.await(30, TimeUnit.SECONDS)) {
        return;
      }
      Reply current = reply;
      current.headers().forEach(exchange.getResponseHeaders()::add);
      exchange.sendResponseHeaders(
          current.status(), current.body().length == 0 ? -1 : current.body().length);
      if (current.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          if (holdingBodies) {
            out.flush(); // so that the headers really are on the wire while the body waits
            if (!released.await(30, TimeUnit.SECONDS)) {
              return;
            }
          }
          out.write(current.body());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client gave up first (timeout tests); nothing left to answer.
    } finally {
      exchange.close();
    }
  }

  private static Map<String, List<String>> copy(Headers headers) {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    return copy;
  }
}
