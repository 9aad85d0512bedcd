package com.northflank.operator.scheduling;

import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.config.DurationParser;
import com.northflank.operator.config.SyncIntervals;
import com.northflank.operator.model.NorthflankJob;
import io.javaoperatorsdk.operator.processing.retry.Retry;
import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each resource is read next: its {@code spec.syncInterval} (or the operator default),
 * stretched by the request budget when all jobs together want more reads than it allows; after a
 * transient failure, the retry policy's backoff, growing while the failures repeat.
 */
public class SyncSchedule {

  private static final Logger log = LoggerFactory.getLogger(SyncSchedule.class);

  static final double JITTER = 0.1;

  private final Duration defaultInterval;
  private final Duration floor;
  private final RequestBudget budget;
  private final Retry retry;

  /** The retry state of each resource whose last reads failed transiently. */
  private final Map<String, RetryExecution> failing = new ConcurrentHashMap<>();

  /** Resources whose declared interval was raised to the floor, each told once in the log. */
  private final Set<String> raised = ConcurrentHashMap.newKeySet();

  /** With the default floor, or the default interval when that is shorter. */
  public SyncSchedule(Duration defaultInterval, RequestBudget budget) {
    this(defaultInterval, budget, JitteredRetry.forSyncInterval(defaultInterval));
  }

  /**
   * @param retry the backoff after transient failures (the same policy JOSDK applies to the
   *     failures the reconciler does not know)
   */
  public SyncSchedule(Duration defaultInterval, RequestBudget budget, Retry retry) {
    this(
        defaultInterval,
        defaultInterval.compareTo(SyncIntervals.DEFAULT_FLOOR) < 0
            ? defaultInterval
            : SyncIntervals.DEFAULT_FLOOR,
        budget,
        retry);
  }

  /**
   * @param floor {@code --min-sync-interval}: a shorter declared interval is raised to it
   */
  public SyncSchedule(Duration defaultInterval, Duration floor, RequestBudget budget, Retry retry) {
    this.defaultInterval = defaultInterval;
    this.floor = floor;
    this.budget = budget;
    this.retry = retry;
  }

  /** The budget's key for a resource. */
  public static String key(NorthflankJob job) {
    return key(job.getMetadata().getNamespace(), job.getMetadata().getName());
  }

  public static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /**
   * The declared interval, raised to the floor; the default when none is declared, or when the
   * declared one is invalid (which the spec check reports).
   */
  public Duration interval(NorthflankJob job) {
    String declared = job.getSpec() == null ? null : job.getSpec().syncInterval();
    if (declared == null) {
      return defaultInterval;
    }
    Duration interval;
    try {
      interval = SyncIntervals.declared(declared);
    } catch (IllegalArgumentException e) {
      // not a duration, or longer than a day: the spec check reports it
      return defaultInterval;
    }
    if (interval.compareTo(floor) >= 0) {
      return interval;
    }
    if (raised.add(key(job))) {
      log.warn(
          "{}: spec.syncInterval {} is shorter than --min-sync-interval; read every {}",
          key(job),
          declared,
          DurationParser.format(floor));
    }
    return floor;
  }

  /** The declared interval stretched by the budget, without jitter. */
  public Duration effectiveInterval(NorthflankJob job) {
    return budget.effectiveInterval(key(job), interval(job));
  }

  /** When to read next: the effective interval, and the delay actually scheduled. */
  public record Next(Duration effectiveInterval, Duration delay) {}

  /**
   * The effective interval is the declared one stretched by the budget. Within the budget the delay
   * is spread by up to ±10% so resources created together do not poll together; beyond it the
   * budget's pacing already spreads the reads, and jitter would only make them collide.
   */
  public Next next(NorthflankJob job) {
    failing.remove(key(job));
    Duration interval = interval(job);
    Duration effective = budget.effectiveInterval(key(job), interval);
    if (effective.compareTo(interval) > 0) {
      return new Next(effective, effective);
    }
    long millis = interval.toMillis();
    double factor = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
    return new Next(effective, Duration.ofMillis(Math.max(1, Math.round(millis * factor))));
  }

  /** The next attempt after a transient failure, and how many attempts in a row failed. */
  public record Backoff(int attempt, Duration delay) {}

  /**
   * When to try again after a transient failure: the retry policy's next delay, which grows while
   * the resource keeps failing and starts over after a read that succeeds ({@link #next}).
   */
  public Backoff afterTransientFailure(NorthflankJob job) {
    RetryExecution execution = failing.computeIfAbsent(key(job), k -> retry.initExecution());
    long delay = execution.nextDelay().orElse(defaultInterval.toMillis());
    return new Backoff(execution.getAttemptCount(), Duration.ofMillis(delay));
  }

  /** The resource is gone. */
  public void forget(String key) {
    failing.remove(key);
    raised.remove(key);
  }
}
