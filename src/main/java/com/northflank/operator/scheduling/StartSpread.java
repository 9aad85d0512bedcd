package com.northflank.operator.scheduling;

import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.model.Timestamps;
import com.northflank.operator.model.Condition;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * No re-read burst after a restart, a leader change or a resync: a resource whose status shows a
 * recent successful read of its current spec (Synced True, observedGeneration equal to its
 * generation) gets its first read of this process at {@code start + u x effective interval}, u
 * drawn uniformly from [0, 1) once per resource, so a thousand resources are read over one
 * interval, as in steady state, not all at start. The effective interval is looked up anew at each
 * reconcile, so the first resources of a start, seen before the budget knew every job, move later
 * as it learns them. {@code lastSyncTime + interval}, when still ahead, is an upper bound (it is
 * refreshed only on change and at the heartbeat, so it cannot be trusted alone). Urgent work (new,
 * changed, failed) is never put off.
 */
public final class StartSpread {

  private final Clock clock;
  private final Instant start;
  private final DoubleSupplier random;
  private final Map<String, Double> fractions = new ConcurrentHashMap<>();
  private final Set<String> done = ConcurrentHashMap.newKeySet();

  public StartSpread(Clock clock) {
    this(clock, () -> ThreadLocalRandom.current().nextDouble());
  }

  public StartSpread(Clock clock, DoubleSupplier random) {
    this.clock = clock;
    this.start = clock.instant();
    this.random = random;
  }

  /**
   * How long to put off the resource's first read, or empty to read it now (and from then on as
   * usual).
   *
   * @param urgent the read should not wait (new, changed spec, failed, or a sweep saw a change)
   */
  public Optional<Duration> putOff(NorthflankJob job, boolean urgent, Duration effectiveInterval) {
    String key = SyncSchedule.key(job);
    if (done.contains(key)) {
      return Optional.empty();
    }
    if (urgent || !recentlySynced(job)) {
      finished(key);
      return Optional.empty();
    }
    double u = fractions.computeIfAbsent(key, k -> random.getAsDouble());
    Instant now = clock.instant();
    Instant due = start.plusNanos(Math.round(effectiveInterval.toNanos() * u));
    Optional<Instant> bound =
        Timestamps.parse(job.getStatus().lastSyncTime())
            .map(t -> t.plus(effectiveInterval))
            .filter(now::isBefore);
    if (bound.isPresent() && bound.get().isBefore(due)) {
      due = bound.get();
    }
    if (!now.isBefore(due)) {
      finished(key);
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, due));
  }

  /** The resource is gone. */
  public void forget(String key) {
    fractions.remove(key);
    done.remove(key);
  }

  private void finished(String key) {
    done.add(key);
    fractions.remove(key);
  }

  private static boolean recentlySynced(NorthflankJob job) {
    NorthflankJobStatus status = job.getStatus();
    return status != null
        && Objects.equals(status.observedGeneration(), job.getMetadata().getGeneration())
        && Conditions.find(status.conditions(), ConditionTypes.SYNCED)
            .map(c -> Condition.TRUE.equals(c.status()))
            .orElse(false);
  }
}
