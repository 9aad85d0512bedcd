package com.northflank.operator.northflank;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read up to a cap. A job is a few kilobytes; the cap keeps a misbehaving endpoint
 * from exhausting the heap of an operator that polls many jobs concurrently.
 *
 * @param truncated the body was longer than the cap and the rest was discarded
 */
record ResponseBody(byte[] bytes, boolean truncated) {

  static BodyHandler<ResponseBody> cappedAt(int maxBytes) {
    return responseInfo -> new CappedSubscriber(maxBytes);
  }

  private static final class CappedSubscriber implements BodySubscriber<ResponseBody> {
    private final int maxBytes;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<ResponseBody> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    CappedSubscriber(int maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public CompletionStage<ResponseBody> getBody() {
      return result;
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
