package com.northflank.operator.playground.simulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The answer of one request, served but not yet sent: what {@link FaultSettings#holdNextAnswer()}
 * returns. The request's effect (a created job, a deleted one) is in the store and the request is
 * in the counters and the {@link WriteLog} while its client still waits; {@link #release()} sends
 * the answer (to nobody, if the client is gone by then). Closing the simulator abandons it.
 */
public final class HeldAnswer {

  private final CountDownLatch served = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile int status;

  HeldAnswer() {}

  /** Whether a request has been served and its answer held (true also after the release). */
  public boolean served() {
    return served.getCount() == 0;
  }

  /**
   * Waits until a request has been served and its answer held.
   *
   * @return whether that happened within {@code timeout}
   */
  public boolean awaitServed(Duration timeout) throws InterruptedException {
    return served.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The status of the held answer, e.g. 200 for a create that stored its job; 0 before. */
  public int status() {
    return status;
  }

  /** Sends the answer now, or lets the next request of the scope through unheld if none came. */
  public void release() {
    released.countDown();
  }

  public boolean released() {
    return released.getCount() == 0;
  }

  /** Called by the request's own thread once the answer is ready: blocks until the release. */
  void holdAnswer(int answerStatus) throws InterruptedException {
    this.status = answerStatus;
    served.countDown();
    released.await();
  }
}
