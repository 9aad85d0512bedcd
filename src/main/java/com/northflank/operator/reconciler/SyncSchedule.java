package com.northflank.operator.reconciler;

import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.config.DurationParser;
import com.northflank.operator.model.NorthflankJob;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When each resource is read next: its {@code spec.syncInterval} (or the operator default),
 * stretched by the request budget when all jobs together want more reads than it allows.
 */
public class SyncSchedule {

  static final double JITTER = 0.1;

  private final Duration defaultInterval;
  private final RequestBudget budget;

  public SyncSchedule(Duration defaultInterval, RequestBudget budget) {
    this.defaultInterval = defaultInterval;
    this.budget = budget;
  }

  /** The budget's key for a resource. */
  public static String key(NorthflankJob job) {
    return key(job.getMetadata().getNamespace(), job.getMetadata().getName());
  }

  public static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** The declared interval. */
  public Duration interval(NorthflankJob job) {
    String declared = job.getSpec() == null ? null : job.getSpec().syncInterval();
    if (declared == null) {
      return defaultInterval;
    }
    try {
      return DurationParser.parse(declared);
    } catch (IllegalArgumentException e) {
      return defaultInterval;
    }
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
    Duration interval = interval(job);
    Duration effective = budget.effectiveInterval(key(job), interval);
    if (effective.compareTo(interval) > 0) {
      return new Next(effective, effective);
    }
    long millis = interval.toMillis();
    double factor = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
    return new Next(effective, Duration.ofMillis(Math.max(1, Math.round(millis * factor))));
  }
}
