package com.northflank.operator.scheduling;

import io.github.resilience4j.core.IntervalFunction;
import io.javaoperatorsdk.operator.processing.retry.Retry;
import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import java.time.Duration;
import java.util.Optional;

/**
 * JOSDK retry for transient failures: exponential backoff with jitter (resilience4j's interval
 * function), never giving up, capped so that a recovered API is read again within one interval.
 */
public final class JitteredRetry implements Retry {

  private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
  private static final Duration LONGEST_RETRY = Duration.ofMinutes(5);

  private final IntervalFunction intervals;

  /**
   * From 2s, doubling, to the sync interval or 5m, whichever is shorter: a recovered API is read
   * again within one interval.
   */
  public static JitteredRetry forSyncInterval(Duration syncInterval) {
    Duration max = syncInterval.compareTo(LONGEST_RETRY) < 0 ? syncInterval : LONGEST_RETRY;
    return new JitteredRetry(FIRST_RETRY.compareTo(max) < 0 ? FIRST_RETRY : max, max);
  }

  public JitteredRetry(Duration initial, Duration max) {
    this.intervals = IntervalFunction.ofExponentialRandomBackoff(initial, 2.0, 0.5, max);
  }

  @Override
  public RetryExecution initExecution() {
    return new Execution(intervals);
  }

  private static final class Execution implements RetryExecution {
    private final IntervalFunction intervals;
    private int attempt;

    Execution(IntervalFunction intervals) {
      this.intervals = intervals;
    }

    @Override
    public Optional<Long> nextDelay() {
      attempt++;
      return Optional.of(intervals.apply(attempt));
    }

    @Override
    public int getAttemptCount() {
      return attempt;
    }

    @Override
    public boolean isLastAttempt() {
      return false;
    }
  }
}
