package com.northflank.operator.reconciler;

import com.northflank.operator.config.DurationParser;
import com.northflank.operator.model.NorthflankJob;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When each resource is read next: its {@code spec.syncInterval} (or the operator default), spread
 * by a little jitter so resources created together do not poll together.
 */
public class SyncSchedule {

  static final double JITTER = 0.1;

  private final Duration defaultInterval;

  public SyncSchedule(Duration defaultInterval) {
    this.defaultInterval = defaultInterval;
  }

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

  /** The interval, shifted by up to ±10%. */
  public Duration nextDelay(NorthflankJob job) {
    long millis = interval(job).toMillis();
    double factor = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
    return Duration.ofMillis(Math.max(1, Math.round(millis * factor)));
  }
}
