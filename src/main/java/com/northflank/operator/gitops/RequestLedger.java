package com.northflank.operator.gitops;

import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.client.ApiCall;
import com.northflank.operator.client.ApiCallListener;
import com.northflank.operator.client.RateLimitSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;

/**
 * Counts the requests a command sends, for its progress line and summary: how many in all, how many
 * the budget's current window has left, and what the server last said is left ({@code
 * x-ratelimit-remaining}), which also counts whatever else uses the account.
 */
public final class RequestLedger implements ApiCallListener {

  private final ApiBudget budget;
  private final Clock clock;
  private final Deque<Instant> inWindow = new ArrayDeque<>();
  private long sent;
  private Long serverRemaining;

  public RequestLedger(ApiBudget budget, Clock clock) {
    this.budget = budget;
    this.clock = clock;
  }

  @Override
  public synchronized void onCall(ApiCall call) {
    sent++;
    inWindow.addLast(clock.instant());
    call.rateLimit()
        .map(RateLimitSnapshot::remaining)
        .filter(OptionalLong::isPresent)
        .ifPresent(remaining -> serverRemaining = remaining.getAsLong());
  }

  /** Every request sent, answered or not. */
  public synchronized long sent() {
    return sent;
  }

  /** What the budget allows in the window that ends now, less what this command sent in it. */
  public synchronized long leftInWindow() {
    Instant windowStart = clock.instant().minus(budget.window());
    while (!inWindow.isEmpty() && !inWindow.peekFirst().isAfter(windowStart)) {
      inWindow.removeFirst();
    }
    return Math.max(0, budget.requests() - inWindow.size());
  }

  /** The server's count of requests left, when a response has said. */
  public synchronized OptionalLong serverRemaining() {
    return serverRemaining == null ? OptionalLong.empty() : OptionalLong.of(serverRemaining);
  }

  public ApiBudget budget() {
    return budget;
  }
}
