package com.northflank.operator.webhook;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.northflank.operator.observability.ExchangePool;
import com.northflank.operator.observability.WebhookMetrics;
import com.northflank.operator.observability.WebhookMetrics.Answer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code POST /webhooks/northflank} on a port of its own, never the metrics port: the one
 * an Ingress exposes to Northflank. The checks run in order, each before anything costlier: the
 * token (401, the body unread), the size (413, read no further than the limit), a repeated event id
 * (200, ignored), a body that is no JSON object (400). Then the event is queued and answered 202 at
 * once; one thread works the queue, which is bounded (503 when full). The server's own threads,
 * queue and per-exchange deadline are bounded as the metrics server's are.
 */
public final class WebhookServer implements AutoCloseable {

  public static final String PATH = "/webhooks/northflank";
  public static final String TOKEN_HEADER = "X-Northflank-Notification-Integration-Token";
  public static final String EVENT_ID_HEADER = "X-Northflank-Notification-Integration-Event-Id";
  public static final String EVENT_TYPE_HEADER =
      "X-Northflank-Notification-Integration-Event-Type";

  /** The largest body read: Northflank's events are a few hundred bytes. */
  public static final int MAX_BODY = 64 * 1024;

  /** Events accepted and not handled yet, beyond which a request is answered 503. */
  static final int QUEUE = 1000;

  /**
   * Two threads and a short queue: a request takes a constant-time compare and, when genuine, a
   * parse of at most 64 KiB; 5 s from first byte to last, so a client that trickles is cut off.
   */
  static final ExchangePool.Limits LIMITS = new ExchangePool.Limits(Duration.ofSeconds(5), 2, 32);

  private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] NOTHING = new byte[0];

  private final HttpServer server;
  private final ExchangePool pool;
  private final Thread worker;
  private final BlockingQueue<RunEvent> queue;

  private WebhookServer(
      HttpServer server, ExchangePool pool, Thread worker, BlockingQueue<RunEvent> queue) {
    this.server = server;
    this.pool = pool;
    this.worker = worker;
    this.queue = queue;
  }

  /**
   * @param address port 0 picks a free port
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static WebhookServer start(
      InetSocketAddress address, WebhookToken token, RunEvents events) {
    return start(address, token, events, LIMITS, QUEUE);
  }

  static WebhookServer start(
      InetSocketAddress address,
      WebhookToken token,
      RunEvents events,
      ExchangePool.Limits limits,
      int queueSize) {
    BlockingQueue<RunEvent> queue = new ArrayBlockingQueue<>(queueSize);
    SeenEvents seen = new SeenEvents();
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve webhooks on port " + address.getPort(), e);
    }
    WebhookMetrics metrics = events.metrics();
    server.createContext(
        "/", exchange -> handle(exchange, token, seen, queue, metrics));
    ExchangePool pool = new ExchangePool(limits, "webhook");
    server.setExecutor(pool);
    Thread worker = new Thread(() -> work(queue, events), "webhook-events");
    worker.setDaemon(true);
    worker.start();
    server.start();
    return new WebhookServer(server, pool, worker, queue);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Events accepted and not handled yet. */
  public int queued() {
    return queue.size();
  }

  private static void work(BlockingQueue<RunEvent> queue, RunEvents events) {
    while (!Thread.currentThread().isInterrupted()) {
      RunEvent event;
      try {
        event = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        events.handle(event);
      } catch (RuntimeException e) {
        log.warn("Handling a webhook event failed: {}", e.getClass().getSimpleName());
      }
    }
  }

  private static void handle(
      HttpExchange exchange,
      WebhookToken token,
      SeenEvents seen,
      BlockingQueue<RunEvent> queue,
      WebhookMetrics metrics)
      throws IOException {
    try (exchange) {
      if (!PATH.equals(exchange.getRequestURI().getRawPath())) {
        refuse(exchange, metrics, Answer.NOT_FOUND, 404);
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        refuse(exchange, metrics, Answer.NOT_FOUND, 405);
        return;
      }
      if (!token.matches(exchange.getRequestHeaders().getFirst(TOKEN_HEADER))) {
        refuse(exchange, metrics, Answer.UNAUTHORIZED, 401);
        return;
      }
      byte[] body =
          declaredTooLarge(exchange) ? null : readAtMost(exchange.getRequestBody(), MAX_BODY);
      if (body == null) {
        refuse(exchange, metrics, Answer.TOO_LARGE, 413);
        return;
      }
      String id = exchange.getRequestHeaders().getFirst(EVENT_ID_HEADER);
      if (seen.seen(id)) {
        answer(exchange, metrics, Answer.DUPLICATE, 200);
        return;
      }
      JsonNode json;
      try {
        json = JSON.readTree(body);
      } catch (JacksonException e) {
        json = null;
      }
      if (json == null || !json.isObject()) {
        answer(exchange, metrics, Answer.MALFORMED, 400);
        return;
      }
      RunEvent event =
          RunEvent.of(exchange.getRequestHeaders().getFirst(EVENT_TYPE_HEADER), json);
      if (!queue.offer(event)) {
        answer(exchange, metrics, Answer.BUSY, 503);
        return;
      }
      seen.remember(id);
      answer(exchange, metrics, Answer.ACCEPTED, 202);
    }
  }

  private static boolean declaredTooLarge(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    try {
      return length != null && Long.parseLong(length.strip()) > MAX_BODY;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The body, or null when it is longer than {@code limit}: reading stops at the limit, and a
   * Content-Length over it is refused before any byte is read.
   */
  static byte[] readAtMost(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int total = 0;
    int n;
    while ((n = in.read(chunk, 0, Math.min(chunk.length, limit + 1 - total))) > 0) {
      total += n;
      if (total > limit) {
        return null;
      }
      out.write(chunk, 0, n);
    }
    return out.toByteArray();
  }

  /** A request refused before its body was read: the connection is not kept for another. */
  private static void refuse(HttpExchange exchange, WebhookMetrics metrics, Answer answer, int code)
      throws IOException {
    exchange.getResponseHeaders().set("Connection", "close");
    answer(exchange, metrics, answer, code);
  }

  private static void answer(HttpExchange exchange, WebhookMetrics metrics, Answer answer, int code)
      throws IOException {
    metrics.answered(answer);
    exchange.sendResponseHeaders(code, -1);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(NOTHING);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.close();
    worker.interrupt();
  }
}
