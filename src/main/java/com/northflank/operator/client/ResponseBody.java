package com.northflank.operator.client;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response body read up to a cap and a deadline. A job is a few kilobytes; the cap keeps a
 * misbehaving endpoint from exhausting the heap of an operator that polls many jobs concurrently,
 * and the deadline keeps a body that stalls after its headers (which the JDK's request timeout no
 * longer covers) from holding a reconcile thread.
 *
 * @param truncated the body was longer than the cap and the rest was discarded
 */
record ResponseBody(byte[] bytes, boolean truncated) {

  /**
   * @param deadline the {@link System#nanoTime()} by which the whole body must have arrived; past
   *     it the body fails with an {@link HttpTimeoutException} and the connection is dropped
   */
  static BodyHandler<ResponseBody> cappedAt(int maxBytes, long deadline) {
    return responseInfo -> new CappedSubscriber(maxBytes, deadline);
  }

  private static final class CappedSubscriber implements BodySubscriber<ResponseBody> {
    private final int maxBytes;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<ResponseBody> result = new CompletableFuture<>();
    private final CompletableFuture<ResponseBody> body;
    private volatile Flow.Subscription subscription;

    CappedSubscriber(int maxBytes, long deadline) {
      this.maxBytes = maxBytes;
      // the JDK's one timer thread completes a late body: no thread of its own per request
      this.body =
          result
              .orTimeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
              .handle(this::afterDeadline);
    }

    private ResponseBody afterDeadline(ResponseBody read, Throwable failure) {
      if (failure == null) {
        return read;
      }
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      if (cause instanceof TimeoutException) {
        Flow.Subscription current = subscription;
        if (current != null) {
          current.cancel();
        }
        throw new CompletionException(new HttpTimeoutException("response body timed out"));
      }
      throw failure instanceof CompletionException c ? c : new CompletionException(failure);
    }

    @Override
    public CompletionStage<ResponseBody> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer buffer : buffers) {
        int room = maxBytes - out.size();
        if (buffer.remaining() > room) {
          // Cancelling makes the client drop the connection instead of draining the rest.
          subscription.cancel();
          result.complete(new ResponseBody(out.toByteArray(), true));
          return;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        out.writeBytes(chunk);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(new ResponseBody(out.toByteArray(), false));
    }
  }
}
