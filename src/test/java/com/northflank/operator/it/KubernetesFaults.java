package com.northflank.operator.it;

import com.northflank.operator.playground.kubernetes.RecordingDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Faults of the in-process Kubernetes API, installed as the {@link RecordingDispatcher}'s
 * interceptor before the operator starts so that it sees the operator's first watches too:
 *
 * <ul>
 *   <li>{@link #answer}: a test answers requests itself (e.g. 409 for status patches);
 *   <li>{@link #dropWatches}: the open watches of the operator are closed by the server, and new
 *       ones are refused (HTTP 500) until {@link #restoreWatches};
 *   <li>{@link #restoreWatches}: the next watch of each informer is told its resourceVersion is too
 *       old (an in-stream ERROR event with a 410 Status, as the API server sends after a restart),
 *       so the informer must list again before it watches.
 * </ul>
 *
 * The operator's informers watch every namespace, so a watch on a cluster-wide path is the
 * operator's; tests that watch for themselves use a namespaced path and are left alone.
 */
final class KubernetesFaults implements Function<RecordedRequest, Optional<MockResponse>> {

  private static final String EXPIRED =
      "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
          + "\"metadata\":{},\"status\":\"Failure\",\"reason\":\"Expired\",\"code\":410,"
          + "\"message\":\"too old resource version\"}}";

  private final RecordingDispatcher dispatcher;

  /** Set while a request is handed on to the real API, which calls this interceptor again. */
  private final ThreadLocal<Boolean> handingOn = ThreadLocal.withInitial(() -> false);

  private final Set<WebSocket> operatorWatches = ConcurrentHashMap.newKeySet();
  private final Set<String> expireNext = ConcurrentHashMap.newKeySet();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger expired = new AtomicInteger();
  private volatile Function<RecordedRequest, Optional<MockResponse>> answer = r -> Optional.empty();
  private volatile boolean watchesDown;

  KubernetesFaults(RecordingDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /** Lets the test answer requests; empty hands the request on. */
  void answer(Function<RecordedRequest, Optional<MockResponse>> answer) {
    this.answer = answer;
  }

  /** Closes the operator's open watches from the server side and refuses new ones. */
  void dropWatches() {
    watchesDown = true;
    for (WebSocket watch : operatorWatches) {
      watch.close(1001, "API server going away");
    }
    operatorWatches.clear();
  }

  /** Accepts watches again; the first one of each informer learns its resourceVersion expired. */
  void restoreWatches() {
    expireNext.add("/apis/northflank.com/v1alpha1/northflankjobs");
    expireNext.add("/api/v1/secrets");
    watchesDown = false;
  }

  /** Watch requests of the operator answered with HTTP 500 so far. */
  int refusedWatches() {
    return refused.get();
  }

  /** Watches of the operator told their resourceVersion expired so far. */
  int expiredWatches() {
    return expired.get();
  }

  void clear() {
    answer = r -> Optional.empty();
    watchesDown = false;
    expireNext.clear();
  }

  static boolean isOperatorWatch(RecordedRequest request) {
    String path = request.getPath();
    return "GET".equals(request.getMethod())
        && path.contains("watch=true")
        && !path.contains("/namespaces/");
  }

  static MockResponse status(int code, String reason, String message) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"reason\":\""
                + reason
                + "\",\"code\":"
                + code
                + ",\"message\":\""
                + message
                + "\"}");
  }

  @Override
  public Optional<MockResponse> apply(RecordedRequest request) {
    if (handingOn.get()) {
      return Optional.empty();
    }
    Optional<MockResponse> answered = answer.apply(request);
    if (answered.isPresent() || !isOperatorWatch(request)) {
      return answered;
    }
    if (watchesDown) {
      refused.incrementAndGet();
      return Optional.of(status(500, "InternalError", "the API server is restarting"));
    }
    String path = request.getPath();
    String resource = path.substring(0, path.indexOf('?'));
    if (expireNext.remove(resource)) {
      expired.incrementAndGet();
      return Optional.of(
          new MockResponse()
              .withWebSocketUpgrade(
                  new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket webSocket, Response response) {
                      webSocket.send(EXPIRED);
                    }
                  }));
    }
    MockResponse real;
    handingOn.set(true);
    try {
      real = dispatcher.dispatch(request);
    } finally {
      handingOn.set(false);
    }
    WebSocketListener listener = real.getWebSocketListener();
    if (listener != null) {
      real.withWebSocketUpgrade(new Tracked(listener));
    }
    return Optional.of(real);
  }

  /** The API server's own watch listener, with its socket remembered so it can be closed. */
  private final class Tracked extends WebSocketListener {
    private final WebSocketListener real;

    Tracked(WebSocketListener real) {
      this.real = real;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
      real.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      operatorWatches.add(webSocket);
      real.onOpen(webSocket, response);
      if (watchesDown) {
        // raced with dropWatches: this one was accepted just before, close it as well
        operatorWatches.remove(webSocket);
        webSocket.close(1001, "API server going away");
      }
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      real.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
      real.onMessage(webSocket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      real.onClosing(webSocket, code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      operatorWatches.remove(webSocket);
      real.onClosed(webSocket, code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
      operatorWatches.remove(webSocket);
      real.onFailure(webSocket, error, response);
    }
  }
}
