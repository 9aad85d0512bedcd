package com.northflank.operator.playground.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one address clients outside the process are given: kubectl, and the operator run as its own
 * process ({@code run}) with the kubeconfig the demo writes. fabric8's mock server answers every
 * request with one complete body and serves watches only over WebSocket (fabric8's own way), while
 * kubectl watches over plain HTTP/1.1 with a chunked stream of JSON events. This endpoint serves
 * both kinds of client: a WebSocket upgrade is relayed to the mock's WebSocket frame by frame, a
 * plain watch is bridged (the mock's WebSocket watch written as one line of a chunked response per
 * event, filtered by the request's field selector and turned into a Table when kubectl asks for
 * one), and every other request is passed through unchanged.
 */
final class ClientEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClientEndpoint.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A watch event carries a whole object; kube-apiserver's own limit on a request body. */
  private static final int MAX_MESSAGE = 64 * 1024 * 1024;

  /** Headers that belong to one hop only, or that the relay's client sets itself. */
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "te",
          "trailer",
          "http2-settings",
          "sec-websocket-key",
          "sec-websocket-version",
          "sec-websocket-extensions",
          "sec-websocket-protocol",
          "sec-websocket-accept");

  private final Vertx vertx;
  private final HttpServer server;
  private final HttpClient client;
  private final URI upstream;
  private final Function<JsonNode, JsonNode> tableRow;

  /**
   * @param upstream the mock server's base URL
   * @param tableRow turns one object into a one-row Table, for watches that ask for Tables; returns
   *     null when it does not know the object's kind
   */
  ClientEndpoint(URI upstream, Function<JsonNode, JsonNode> tableRow) {
    this.upstream = upstream;
    this.tableRow = tableRow;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost(upstream.getHost())
                .setDefaultPort(upstream.getPort())
                .setMaxWebSocketFrameSize(MAX_MESSAGE)
                .setMaxWebSocketMessageSize(MAX_MESSAGE)
                .setMaxPoolSize(64)
                .setMaxWebSockets(256));
    this.server =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setHost(InetAddress.getLoopbackAddress().getHostAddress())
                    .setPort(0)
                    // a JDK client offers h2c on plain HTTP; the mock behind speaks HTTP/1.1
                    .setHttp2ClearTextEnabled(false)
                    .setMaxWebSocketFrameSize(MAX_MESSAGE)
                    .setMaxWebSocketMessageSize(MAX_MESSAGE))
            .webSocketHandler(this::relayWebSocket)
            .requestHandler(this::handle);
    await(server.listen());
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  @Override
  public void close() {
    try {
      await(server.close());
    } finally {
      vertx.close();
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the embedded API's client endpoint: " + e.getMessage(), e);
    }
  }

  private void handle(HttpServerRequest request) {
    if (isStreamingWatch(request)) {
      streamWatch(request);
    } else {
      passThrough(request);
    }
  }

  private static boolean isStreamingWatch(HttpServerRequest request) {
    return request.method().name().equals("GET") && QueryString.isWatch(request.uri());
  }

  /** fabric8's watches: the upgrade is answered as the mock answers it, then frames flow. */
  private void relayWebSocket(ServerWebSocket incoming) {
    incoming.pause();
    Promise<Integer> handshake = Promise.promise();
    incoming.setHandshake(handshake.future());
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost(upstream.getHost())
            .setPort(upstream.getPort())
            .setURI(incoming.uri())
            .setHeaders(forwarded(incoming.headers()));
    String protocols = incoming.headers().get("Sec-WebSocket-Protocol");
    if (protocols != null) {
      options.setSubProtocols(Arrays.stream(protocols.split(",")).map(String::trim).toList());
    }
    client
        .webSocket(options)
        .onFailure(
            e -> {
              LOG.debug("WebSocket {} refused upstream: {}", incoming.uri(), e.toString());
              handshake.complete(e instanceof UpgradeRejectedException r ? r.getStatus() : 502);
            })
        .onSuccess(
            mock -> {
              handshake.complete(101);
              mock.textMessageHandler(incoming::writeTextMessage);
              mock.binaryMessageHandler(incoming::writeBinaryMessage);
              incoming.textMessageHandler(mock::writeTextMessage);
              incoming.binaryMessageHandler(mock::writeBinaryMessage);
              mock.closeHandler(
                  v -> {
                    if (!incoming.isClosed()) {
                      incoming.close(closeCode(mock), mock.closeReason());
                    }
                  });
              incoming.closeHandler(
                  v -> {
                    if (!mock.isClosed()) {
                      mock.close(closeCode(incoming), incoming.closeReason());
                    }
                  });
              mock.exceptionHandler(e -> incoming.close());
              incoming.exceptionHandler(e -> mock.close());
              incoming.resume();
            });
  }

  private static short closeCode(io.vertx.core.http.WebSocketBase socket) {
    Short code = socket.closeStatusCode();
    // 1005 ("no status") and 1006 ("abnormal") are not to be sent in a close frame
    return code == null || code == 1005 || code == 1006 ? 1000 : code;
  }

  private static MultiMap forwarded(MultiMap headers) {
    MultiMap kept = MultiMap.caseInsensitiveMultiMap();
    headers.forEach(
        (name, value) -> {
          if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
            kept.add(name, value);
          }
        });
    return kept;
  }

  private void passThrough(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    request
        .body()
        .compose(
            body ->
                client
                    .request(
                        new RequestOptions()
                            .setMethod(request.method())
                            .setHost(upstream.getHost())
                            .setPort(upstream.getPort())
                            .setURI(request.uri())
                            .setHeaders(forwarded(request.headers())))
                    .compose(call -> call.send(body)))
        .compose(answer -> answer.body().map(body -> reply(response, answer, body)))
        .onFailure(
            e -> {
              LOG.debug("{} {} failed upstream: {}", request.method(), request.uri(), e.toString());
              if (!response.headWritten()) {
                response.setStatusCode(502).end();
              }
            });
  }

  private static Void reply(HttpServerResponse response, HttpClientResponse answer, Buffer body) {
    response.setStatusCode(answer.statusCode());
    response.headers().addAll(forwarded(answer.headers()));
    response.end(body);
    return null;
  }

  private void streamWatch(HttpServerRequest request) {
    String query = request.query();
    FieldSelector selector;
    try {
      selector = FieldSelector.parse(QueryString.parameter(query, "fieldSelector").orElse(""));
    } catch (IllegalArgumentException e) {
      request.response().setStatusCode(400).end(e.getMessage());
      return;
    }
    // The mock replays every existing object when a watch opens; kubectl already has them from
    // its list, whose resourceVersion it sends.
    long since =
        QueryString.parameter(query, "resourceVersion").map(ClientEndpoint::version).orElse(0L);
    String accept = request.getHeader("Accept");
    boolean table = accept != null && accept.contains("as=Table");
    String kept = QueryString.without(query, "fieldSelector");
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost(upstream.getHost())
            .setPort(upstream.getPort())
            .setURI(request.path() + (kept.isEmpty() ? "" : "?" + kept))
            .setHeaders(forwarded(request.headers()));
    HttpServerResponse response = request.response();
    client
        .webSocket(options)
        .onFailure(
            e -> {
              LOG.debug("watch {} could not be opened: {}", request.uri(), e.toString());
              response.setStatusCode(502).end();
            })
        .onSuccess(
            mock -> {
              response
                  .setStatusCode(200)
                  .setChunked(true)
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Cache-Control", "no-cache, private");
              response.writeHead();
              mock.textMessageHandler(
                  message -> forward(message, selector, table, since, response, mock));
              mock.closeHandler(
                  v -> {
                    if (!response.ended() && !response.closed()) {
                      response.end();
                    }
                  });
              mock.exceptionHandler(e -> LOG.debug("watch {} ended: {}", request.uri(), e));
              response.closeHandler(v -> mock.close());
            });
  }

  private void forward(
      String message,
      FieldSelector selector,
      boolean table,
      long since,
      HttpServerResponse response,
      WebSocket mock) {
    JsonNode event;
    try {
      event = JSON.readTree(message);
    } catch (IOException e) {
      LOG.debug("a watch event that is not JSON: {}", e.toString());
      return;
    }
    JsonNode object = event.get("object");
    if (object == null || !selector.matches(object)) {
      return;
    }
    long version = version(object.path("metadata").path("resourceVersion").asText("0"));
    if (!"DELETED".equals(event.path("type").asText()) && version <= since) {
      return;
    }
    if (table && !"ERROR".equals(event.path("type").asText())) {
      JsonNode row = tableRow.apply(object);
      if (row != null) {
        ((ObjectNode) event).set("object", row);
      }
    }
    if (response.closed()) {
      mock.close();
      return;
    }
    response.write(event + "\n");
  }

  private static long version(String resourceVersion) {
    try {
      return Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
