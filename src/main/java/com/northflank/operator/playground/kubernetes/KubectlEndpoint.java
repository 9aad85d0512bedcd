package com.northflank.operator.playground.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address kubectl talks to. fabric8's mock server answers every request with one complete body
 * and serves watches only over WebSocket (its own client's way), while kubectl watches over plain
 * HTTP/1.1 with a chunked stream of JSON events. This endpoint passes every request through to the
 * mock unchanged, except watches, which it bridges: it opens the mock's WebSocket watch and writes
 * each event as one line of a chunked response, filtered by the request's field selector and turned
 * into a Table when kubectl asks for one.
 */
final class KubectlEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubectlEndpoint.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Headers the JDK client sets itself or that belong to one hop only. */
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
          "http2-settings");

  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient client;
  private final URI upstream;
  private final Function<JsonNode, JsonNode> tableRow;

  /**
   * @param upstream the mock server's base URL
   * @param tableRow turns one object into a one-row Table, for watches that ask for Tables; returns
   *     null when it does not know the object's kind
   */
  KubectlEndpoint(URI upstream, Function<JsonNode, JsonNode> tableRow) {
    this.upstream = upstream;
    this.tableRow = tableRow;
    this.executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "kubectl-endpoint");
              thread.setDaemon(true);
              return thread;
            });
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(executor)
            .build();
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (isStreamingWatch(exchange)) {
        streamWatch(exchange);
      } else {
        passThrough(exchange);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug(
          "kubectl request {} {} ended: {}",
          exchange.getRequestMethod(),
          exchange.getRequestURI(),
          e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean isStreamingWatch(HttpExchange exchange) {
    String query = exchange.getRequestURI().getRawQuery();
    return exchange.getRequestMethod().equals("GET")
        && exchange.getRequestHeaders().getFirst("Upgrade") == null
        && query != null
        && (query.contains("watch=true") || query.contains("watch=1"));
  }

  private void passThrough(HttpExchange exchange) throws IOException, InterruptedException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
            .timeout(Duration.ofSeconds(60))
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
              }
            });
    HttpResponse<byte[]> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
              }
            });
    byte[] answer = response.body();
    boolean noBody = answer.length == 0 || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : answer.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  private void streamWatch(HttpExchange exchange) throws IOException, InterruptedException {
    URI requested = exchange.getRequestURI();
    FieldSelector selector =
        FieldSelector.parse(
            QueryString.parameter(requested.getRawQuery(), "fieldSelector").orElse(""));
    // The mock replays every existing object when a watch opens; kubectl already has them from
    // its list, whose resourceVersion it sends.
    long since =
        QueryString.parameter(requested.getRawQuery(), "resourceVersion")
            .map(KubectlEndpoint::version)
            .orElse(0L);
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    boolean table = accept != null && accept.contains("as=Table");
    URI watch =
        URI.create(
            "ws://"
                + upstream.getAuthority()
                + requested.getRawPath()
                + "?"
                + QueryString.without(requested.getRawQuery(), "fieldSelector"));
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache, private");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    CompletableFuture<Void> done = new CompletableFuture<>();
    WebSocket socket;
    try {
      socket =
          client
              .newWebSocketBuilder()
              .buildAsync(watch, new EventForwarder(out, selector, table, since, done))
              .get();
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.debug("watch {} could not be opened: {}", watch, e.getCause().toString());
      out.close();
      return;
    }
    try {
      done.join();
    } catch (RuntimeException e) {
      LOG.debug("watch {} ended: {}", watch, e.toString());
    } finally {
      socket.abort();
      try {
        out.close();
      } catch (IOException e) {
        // kubectl already went away
      }
    }
  }

  private static long version(String resourceVersion) {
    try {
      return Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Writes each WebSocket message (one watch event) as one line of the chunked response. */
  private final class EventForwarder implements WebSocket.Listener {
    private final OutputStream out;
    private final FieldSelector selector;
    private final boolean table;
    private final long since;
    private final CompletableFuture<Void> done;
    private final StringBuilder partial = new StringBuilder();

    EventForwarder(
        OutputStream out,
        FieldSelector selector,
        boolean table,
        long since,
        CompletableFuture<Void> done) {
      this.out = out;
      this.selector = selector;
      this.table = table;
      this.since = since;
      this.done = done;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        try {
          forward(message);
        } catch (IOException e) {
          done.completeExceptionally(e);
          return null;
        }
      }
      socket.request(1);
      return null;
    }

    private void forward(String message) throws IOException {
      JsonNode event = JSON.readTree(message);
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
          ((com.fasterxml.jackson.databind.node.ObjectNode) event).set("object", row);
        }
      }
      synchronized (out) {
        out.write((event.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
      done.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      done.completeExceptionally(error);
    }
  }
}
