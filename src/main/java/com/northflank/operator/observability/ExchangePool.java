package com.northflank.operator.observability;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads of an HTTP server of the operator (metrics and health, webhooks): a few, a bounded
 * queue, and a deadline for each exchange.
 *
 * <p>The JDK's HttpServer reads a request on the thread its executor gives the exchange, with
 * blocking reads, and has no per-server timeout: its {@code sun.net.httpserver.maxReqTime} and
 * {@code maxRspTime} are read once per JVM, when the first server of the process starts, wherever
 * that is. A client that sends half a request, or trickles it, would hold its thread for ever. The
 * server reads and writes through the connection's SocketChannel, which is interruptible: a thread
 * interrupted in a read or write closes the connection and is free again. So each exchange whose
 * deadline passes has its thread interrupted.
 *
 * <p>When every thread is busy and the queue is full, an exchange is refused, and the JDK server
 * closes its connection at once: it hands the executor only the exchange, so nothing can be
 * answered without a thread to read the request. Refused connections cost nothing and do not pile
 * up.
 */
public final class ExchangePool implements Executor, AutoCloseable {

  /**
   * @param requestTimeout how long an exchange may take, from its first byte read to its last
   *     written
   * @param threads exchanges served at once
   * @param queue exchanges waiting for a thread, beyond which connections are closed
   */
  public record Limits(Duration requestTimeout, int threads, int queue) {}

  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor deadlines;
  private final long timeoutNanos;

  ExchangePool(Limits limits) {
    this(limits, "observability");
  }

  /**
   * @param name the threads' name
   */
  public ExchangePool(Limits limits, String name) {
    this.timeoutNanos = limits.requestTimeout().toNanos();
    this.workers =
        new ThreadPoolExecutor(
            limits.threads(),
            limits.threads(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(limits.queue()),
            daemon(name),
            new ThreadPoolExecutor.AbortPolicy());
    this.deadlines = new ScheduledThreadPoolExecutor(1, daemon(name + "-deadlines"));
    deadlines.setRemoveOnCancelPolicy(true);
  }

  /**
   * @throws RejectedExecutionException when every thread is busy and the queue is full (the JDK
   *     server then closes the connection)
   */
  @Override
  public void execute(Runnable exchange) {
    workers.execute(new Deadlined(exchange));
  }

  @Override
  public void close() {
    workers.shutdownNow();
    deadlines.shutdownNow();
  }

  /** An exchange whose thread is interrupted if it is still running at the deadline. */
  private final class Deadlined implements Runnable {

    private final Runnable exchange;
    private Thread runner; // guarded by this

    Deadlined(Runnable exchange) {
      this.exchange = exchange;
    }

    @Override
    public void run() {
      synchronized (this) {
        runner = Thread.currentThread();
      }
      ScheduledFuture<?> deadline =
          deadlines.schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
      try {
        exchange.run();
      } finally {
        deadline.cancel(false);
        synchronized (this) {
          runner = null;
        }
        // an expiry that raced the end of the exchange must not reach the thread's next one
        Thread.interrupted();
      }
    }

    private synchronized void expire() {
      if (runner != null) {
        runner.interrupt();
      }
    }
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
