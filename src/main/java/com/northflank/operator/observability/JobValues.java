package com.northflank.operator.observability;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.concurrent.atomic.LongAdder;

/**
 * One job's current metric values, written by its reconciles and read by scrapes. Each field is a
 * single volatile value, so a scrape sees every one of them whole, if not all from one reconcile.
 */
final class JobValues {

  /** A last-run value there is none of: the series is left out, not written as 0. */
  static final double ABSENT = Double.NaN;

  /** The job's labels, made once rather than for every series of every scrape. */
  final Labels labels;

  volatile double drifted;
  volatile double synced;
  volatile double stalled;
  volatile double driftFields;
  volatile double intervalSeconds;
  volatile double lastRunSucceeded = ABSENT;
  volatile double lastRunStart = ABSENT;
  volatile double lastRunDuration = ABSENT;
  final LongAdder corrections = new LongAdder();

  JobValues(String namespace, String name) {
    labels = Labels.of("name", name, "namespace", namespace);
  }
}
