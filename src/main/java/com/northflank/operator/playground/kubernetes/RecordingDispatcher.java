package com.northflank.operator.playground.kubernetes;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Wraps the mock API's dispatcher to record every request (method and path) and, for fault
 * injection, to answer some requests itself.
 */
public final class RecordingDispatcher extends Dispatcher {

  /** One request as the API server saw it; the user agent tells whose client sent it. */
  public record Call(String method, String path, String userAgent) {

    public boolean isWrite() {
      return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }
  }

  private final Dispatcher delegate;
  private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
  private final AtomicLong writes = new AtomicLong();
  private volatile boolean recording = true;
  private volatile Function<RecordedRequest, Optional<MockResponse>> interceptor =
      request -> Optional.empty();

  RecordingDispatcher(Dispatcher delegate) {
    this.delegate = delegate;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Call call = new Call(request.getMethod(), request.getPath(), request.getHeader("User-Agent"));
    if (call.isWrite()) {
      writes.incrementAndGet();
    }
    if (recording) {
      calls.add(call);
    }
    return interceptor.apply(request).orElseGet(() -> delegate.dispatch(request));
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  /** Every request since start (or the last {@link #clear}), in arrival order. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Requests that change state (anything but GET/HEAD/OPTIONS, watches included as GET). */
  public long writeCount() {
    return writes.get();
  }

  public void clear() {
    calls.clear();
  }

  /** Turn the call list off for long runs (the benchmark); the write count stays on. */
  public void setRecording(boolean recording) {
    this.recording = recording;
  }

  /**
   * Lets a test answer requests itself, e.g. a 409 for status patches; return empty to let the API
   * server handle the request.
   */
  public void setInterceptor(Function<RecordedRequest, Optional<MockResponse>> interceptor) {
    this.interceptor = interceptor;
  }
}
