package com.northflank.operator.reconciler;

import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.correction.UnrecordedCorrections;
import com.northflank.operator.freshness.WatchedJobs;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.observability.SyncObserver;
import com.northflank.operator.scheduling.StartSpread;
import com.northflank.operator.scheduling.SyncSchedule;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
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
 * after a start ({@link StartSpread}), what the list sweeps know of it ({@link WatchedJobs}) and
 * its metric series (the {@link SyncObserver}), and the invalid pause annotation it was last warned
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
    series.resourceDeleted(namespace, name);
    log.debug("Forgot {}: the resource is gone", key);
  }
}
