package com.northflank.operator.reconciler;

import com.northflank.operator.client.ApiToken;
import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.correction.UnrecordedCorrections;
import com.northflank.operator.freshness.WatchedJobs;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.observability.SyncObserver;
import com.northflank.operator.runs.RunsPolling;
import com.northflank.operator.scheduling.StartSpread;
import com.northflank.operator.scheduling.SyncSchedule;
import com.northflank.operator.webhook.RunEventTargets;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the operator keeps about each NorthflankJob from one reconcile to the next, and the
 * one place where it is forgotten: the resource's share of the request budget ({@link
 * RequestBudget}), its backoff after transient failures ({@link SyncSchedule}), its first read
 * after a start ({@link StartSpread}), what the list sweeps know of it ({@link WatchedJobs}), when
 * its runs are read ({@link RunsPolling}) and which job a webhook names for it ({@link
 * RunEventTargets}), when its next full read is due, its metric series (the {@link SyncObserver}), and the invalid pause annotation it was last warned
 * of. Only reconciles fill it, and the reconciler sees the deletion of every resource it reconciled
 * (JOSDK's triggerReconcilerOnAllEvents), so a resource is forgotten once, all of it at the same
 * moment.
 */
final class ResourceMemory {

  private static final Logger log = LoggerFactory.getLogger(ResourceMemory.class);

  private final RequestBudget budget;
  private final SyncSchedule schedule;
  private final StartSpread spread;
  private final WatchedJobs watched;
  private final SyncObserver series;
  private final Map<String, String> invalidPauseWarned = new ConcurrentHashMap<>();
  private final UnrecordedCorrections unrecorded = new UnrecordedCorrections();
  private final RunsPolling runs;
  private final RunEventTargets runEventTargets;

  /**
   * When each resource's next full read is scheduled (System.nanoTime), after a good one, and the
   * token that one read with.
   */
  private final Map<String, ScheduledRead> fullReadDue = new ConcurrentHashMap<>();

  private record ScheduledRead(long dueNanos, ApiToken token) {}

  /** The resourceVersion of each resource that was reported unreadable, once per version. */
  private final Map<String, String> reportedUnreadable = new ConcurrentHashMap<>();

  /**
   * @param series told when a resource is gone, so that its per-job metric series go with it
   */
  ResourceMemory(
      RequestBudget budget,
      SyncSchedule schedule,
      StartSpread spread,
      WatchedJobs watched,
      SyncObserver series) {
    this(budget, schedule, spread, watched, series, RunsPolling.everyRead(), new RunEventTargets());
  }

  /**
   * @param runs when runs are read: at every read, or on events with a slow backstop
   * @param runEventTargets the jobs webhooks may name, kept here as reads find them
   */
  ResourceMemory(
      RequestBudget budget,
      SyncSchedule schedule,
      StartSpread spread,
      WatchedJobs watched,
      SyncObserver series,
      RunsPolling runs,
      RunEventTargets runEventTargets) {
    this.runs = runs;
    this.runEventTargets = runEventTargets;
    this.budget = budget;
    this.schedule = schedule;
    this.spread = spread;
    this.watched = watched;
    this.series = series;
  }

  RequestBudget budget() {
    return budget;
  }

  SyncSchedule schedule() {
    return schedule;
  }

  StartSpread spread() {
    return spread;
  }

  WatchedJobs watched() {
    return watched;
  }

  RunsPolling runs() {
    return runs;
  }

  RunEventTargets runEventTargets() {
    return runEventTargets;
  }

  /** A full read with {@code token} succeeded and the next is scheduled after {@code delay}. */
  void fullReadScheduled(String key, Duration delay, ApiToken token) {
    fullReadDue.put(key, new ScheduledRead(System.nanoTime() + delay.toNanos(), token));
  }

  /** The last read failed, or is unknown: the next reconcile reads the job in full. */
  void fullReadNeeded(String key) {
    fullReadDue.remove(key);
  }

  /**
   * How long until the next full read, when one is scheduled after a good read that used {@code
   * token}; empty when it is due, or the token changed since (a rotated Secret is read with at once).
   */
  Optional<Duration> fullReadIn(String key, ApiToken token) {
    ScheduledRead scheduled = fullReadDue.get(key);
    return scheduled != null && scheduled.token().equals(token) ? fullReadIn(key) : Optional.empty();
  }

  /** How long until the next full read, when one is scheduled after a good read. */
  Optional<Duration> fullReadIn(String key) {
    ScheduledRead scheduled = fullReadDue.get(key);
    if (scheduled == null) {
      return Optional.empty();
    }
    long left = scheduled.dueNanos() - System.nanoTime();
    return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
  }

  /**
   * Whether this version of an unreadable resource is yet to be reported: true once per version.
   */
  boolean firstReportOfUnreadable(String key, String resourceVersion) {
    String version = String.valueOf(resourceVersion);
    return !Objects.equals(reportedUnreadable.put(key, version), version);
  }

  /** Corrections Northflank answered whose status write failed. */
  UnrecordedCorrections unrecorded() {
    return unrecorded;
  }

  /**
   * A paused resource makes no API call: it gives its share of the budget back and no sweep covers
   * it. The rest stays, for it is the same resource when it resumes.
   */
  void paused(NorthflankJob job) {
    String key = SyncSchedule.key(job);
    budget.forget(key);
    watched.forget(key);
    runs.forget(key);
    runEventTargets.forget(key);
    fullReadDue.remove(key);
  }

  /**
   * The resource has no usable token (its Secret deleted, unlabelled or emptied): it makes no API
   * call until it has one, so it gives its share of the budget back, and no sweep lists its
   * project with the token it had.
   */
  void credentialsLost(NorthflankJob job) {
    // the same as a pause: no call until it changes, and the token's sweeps leave it out
    paused(job);
  }

  /**
   * The server refused the resource's token (401): it is still read at its interval, but no sweep
   * lists its project with that token until a read succeeds again.
   */
  void tokenRefused(NorthflankJob job) {
    watched.forget(SyncSchedule.key(job));
  }

  /**
   * Whether the resource's invalid pause annotation (a value other than "true" or "false") is worth
   * a warning: when it is new, not when the same value is seen again. Kept in memory, so an
   * operator that restarts warns once more.
   */
  boolean invalidPauseIsNew(NorthflankJob job, Optional<String> invalidValue) {
    String key = SyncSchedule.key(job);
    if (invalidValue.isEmpty()) {
      invalidPauseWarned.remove(key);
      return false;
    }
    return !invalidValue.get().equals(invalidPauseWarned.put(key, invalidValue.get()));
  }

  /** The resource is gone: forgets all of it. */
  void forget(ResourceID resource) {
    String namespace = resource.getNamespace().orElse("");
    String name = resource.getName();
    String key = SyncSchedule.key(namespace, name);
    budget.forget(key);
    schedule.forget(key);
    spread.forget(key);
    watched.forget(key);
    invalidPauseWarned.remove(key);
    unrecorded.forget(key);
    reportedUnreadable.remove(key);
    runs.forget(key);
    runEventTargets.forget(key);
    fullReadDue.remove(key);
    series.resourceDeleted(namespace, name);
    log.debug("Forgot {}: the resource is gone", key);
  }
}
