package com.northflank.operator.runs;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * When each resource's runs are read. Without webhooks, at every read of the job, as always. With
 * them, when a job-run event named the job (at once, on the urgent lane), and otherwise only as a
 * slow backstop, once per {@code backstop}, riding on a read of the job: so a job costs about one
 * request per interval instead of two, and a lost webhook is made up for within the backstop.
 */
public final class RunsPolling {

  private final Duration backstop;
  private final LongSupplier nanoTime;

  /** Resources a job-run event named whose runs read has not started yet. */
  private final Set<String> named = ConcurrentHashMap.newKeySet();

  /** When each resource's runs were last read (System.nanoTime). */
  private final Map<String, Long> lastRead = new ConcurrentHashMap<>();

  private RunsPolling(Duration backstop, LongSupplier nanoTime) {
    this.backstop = backstop;
    this.nanoTime = nanoTime;
  }

  /** Runs read at every read of the job. */
  public static RunsPolling everyRead() {
    return new RunsPolling(null, System::nanoTime);
  }

  /** Runs read when an event names the job, else once per {@code backstop}. */
  public static RunsPolling onEvents(Duration backstop) {
    return onEvents(backstop, System::nanoTime);
  }

  static RunsPolling onEvents(Duration backstop, LongSupplier nanoTime) {
    return new RunsPolling(backstop, nanoTime);
  }

  /** Whether events bring the runs (webhooks on). */
  public boolean byEvents() {
    return backstop != null;
  }

  /**
   * Reads per sync of a job whose runs are observed, as the budget should count its share: two
   * without webhooks, one with them (the backstop's one read an hour is noise beside it).
   */
  public int requestsPerSync(boolean observesRuns) {
    return observesRuns && !byEvents() ? 2 : 1;
  }

  /** A job-run event named the resource: its runs are read at its next reconcile. */
  public void named(String key) {
    named.add(key);
  }

  /** Whether an event named the resource since its runs were last read. */
  public boolean isNamed(String key) {
    return named.contains(key);
  }

  /** Whether this read of the job should read the runs too. */
  public boolean due(String key) {
    if (!byEvents() || named.contains(key)) {
      return true;
    }
    Long last = lastRead.get(key);
    return last == null || nanoTime.getAsLong() - last >= backstop.toNanos();
  }

  /**
   * The runs read goes out now: an event arriving from now on asks for another one. Called before
   * the request, so that no event is lost between the read and its answer.
   */
  public void readStarted(String key) {
    named.remove(key);
    lastRead.put(key, nanoTime.getAsLong());
  }

  /** The resource is gone, paused or without a token. */
  public void forget(String key) {
    named.remove(key);
    lastRead.remove(key);
  }
}
