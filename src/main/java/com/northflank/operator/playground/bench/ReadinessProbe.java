package com.northflank.operator.playground.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks {@code /readyz} every 10 ms from before the operator starts, so that the first 200 is seen
 * within 10 ms of the operator being ready however long its launcher takes to return.
 */
final class ReadinessProbe implements AutoCloseable {

  private static final Duration EVERY = Duration.ofMillis(10);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final HttpRequest request;
  private final CompletableFuture<Instant> ready = new CompletableFuture<>();
  private final Thread poller;

  ReadinessProbe(int port) {
    this.request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
            .timeout(Duration.ofSeconds(2))
            .build();
    this.poller = new Thread(this::poll, "readiness-probe");
    poller.setDaemon(true);
    poller.start();
  }

  private void poll() {
    while (!ready.isDone()) {
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          ready.complete(Instant.now());
          return;
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // not listening yet
      }
      try {
        Thread.sleep(EVERY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Time from the process's start to the first 200.
   *
   * @throws IllegalStateException when the operator exits first or the timeout passes
   */
  Duration awaitReady(OperatorProcess operator, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return Duration.between(operator.started(), ready.get(200, TimeUnit.MILLISECONDS));
      } catch (TimeoutException e) {
        operator
            .exit()
            .ifPresent(
                exit -> {
                  throw new IllegalStateException(
                      "the operator ended (" + exit + ") before /readyz:\n" + operator.logs());
                });
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(
              "/readyz did not answer 200 within " + timeout + ":\n" + operator.logs());
        }
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  @Override
  public void close() {
    ready.cancel(false);
    poller.interrupt();
  }
}
